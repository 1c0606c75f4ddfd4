package io.libipc;

import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * No receiver connected, receive timeouts and waitForReceivers (issue item 8). Durations are
 * bounded loosely: the machine is a loaded 2-core VM, so only "not early" is strict.
 */
@ExtendWith(NoLeftoverStorage.class)
class NoReceiverAndTimeoutsTest {

    private final String name = TestChannels.uniqueName("timeouts");
    private final IpcOptions options = TestChannels.options();

    @AfterEach
    void clear() {
        TestChannels.clear(name);
    }

    @Test
    void sendWithoutReceiverFailsAtOnceSayingSo() {
        try (IpcChannel tx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.SENDER)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> tx.send(new byte[] {1}, 10_000)).isInstanceOfSatisfying(IpcException.class, e -> {
                assertThat(e.status()).isEqualTo(IpcStatus.ERROR_SEND_FAILED);
                assertThat(e.statusCode()).isEqualTo(-3);
                assertThat(e.getMessage()).contains("no receiver");
            });
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("at once, not after 10 s").isLessThan(5_000);
            assertThat(tx.trySend(new byte[] {1})).isFalse();
        }
    }

    @Test
    void receiveTimesOutWithErrorTimeoutNearTheTimeoutAndStaysConnected() {
        try (IpcChannel rx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.RECEIVER)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> rx.receive(200)).isInstanceOfSatisfying(IpcException.class, e -> {
                assertThat(e.status()).isEqualTo(IpcStatus.ERROR_TIMEOUT);
                assertThat(e.getMessage()).contains("timeoutMs=200");
            });
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(took).isBetween(195L, 2_000L);
            assertThat(rx.isConnected()).isTrue();
            try (IpcChannel tx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.SENDER)) {
                tx.send(new byte[] {9});
                assertThat(rx.receive(5000)).containsExactly(9);
            }
        }
    }

    @Test
    void waitForReceiversReturnsTrueAsSoonAsTheCountIsReached() throws Exception {
        try (IpcChannel tx = new IpcChannel(ChannelType.ROUTE, name, options, ConnMode.SENDER)) {
            assertThat(tx.waitForReceivers(0, 1)).isTrue();
            CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> tx.waitForReceivers(2, 60_000));
            try (IpcChannel r1 = new IpcChannel(ChannelType.ROUTE, name, options, ConnMode.RECEIVER)) {
                assertThat(waiting).isNotDone();
                long start = System.nanoTime();
                try (IpcChannel r2 = new IpcChannel(ChannelType.ROUTE, name, options, ConnMode.RECEIVER)) {
                    assertThat(waiting.get(30, TimeUnit.SECONDS)).isTrue();
                    // Woken by the join, not by the end of a 60 s timeout.
                    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(20_000);
                }
            }
        }
    }

    @Test
    void waitForReceiversReturnsFalseOnTimeout() {
        try (IpcChannel tx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.SENDER);
             IpcChannel r1 = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.RECEIVER)) {
            long start = System.nanoTime();
            assertThat(tx.waitForReceivers(2, 150)).isFalse();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(145L, 5_000L);
            assertThat(tx.waitForReceivers(1, 150)).isTrue();
        }
    }
}
