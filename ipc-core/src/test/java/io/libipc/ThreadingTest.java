package io.libipc;

import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What other threads can do to a handle: close or disconnect it under a blocked receive or
 * waitForReceivers (which end with an exception within a second), and a second concurrent
 * receive (which fails fast instead of corrupting the cursor).
 */
@ExtendWith(NoLeftoverStorage.class)
class ThreadingTest {

    private final String name = TestChannels.uniqueName("threads");
    private final IpcOptions options = TestChannels.options();

    @AfterEach
    void clear() {
        TestChannels.clear(name);
    }

    private static IpcException failure(CompletableFuture<?> future) throws Exception {
        try {
            future.get(1, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(IpcException.class);
            return (IpcException) e.getCause();
        }
    }

    private static CompletableFuture<byte[]> blockedReceive(IpcChannel rx, CountDownLatch started) {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            started.countDown();
            try {
                f.complete(rx.receive(0));
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        t.start();
        return f;
    }

    @Test
    void closeFromAnotherThreadEndsABlockedReceiveWithinASecond() throws Exception {
        IpcChannel rx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.RECEIVER);
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<byte[]> blocked = blockedReceive(rx, started);
        started.await();
        Thread.sleep(50);
        rx.close();
        IpcException e = failure(blocked);
        assertThat(e.status()).isEqualTo(IpcStatus.ERROR_INVALID_ARGUMENT);
        assertThat(e.getMessage()).contains("closed");
    }

    @Test
    void disconnectFromAnotherThreadEndsABlockedReceiveWithConnectionFailed() throws Exception {
        try (IpcChannel rx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.RECEIVER)) {
            CountDownLatch started = new CountDownLatch(1);
            CompletableFuture<byte[]> blocked = blockedReceive(rx, started);
            started.await();
            Thread.sleep(50);
            rx.disconnect();
            assertThat(failure(blocked).status()).isEqualTo(IpcStatus.ERROR_CONNECTION_FAILED);
        }
    }

    @Test
    void closeEndsABlockedWaitForReceivers() throws Exception {
        IpcChannel tx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.SENDER);
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> tx.waitForReceivers(1, 0));
        Thread.sleep(50);
        tx.close();
        assertThat(failure(waiting).getMessage()).contains("closed");
    }

    @Test
    void secondConcurrentReceiveFailsFastAndTheFirstStillWorks() throws Exception {
        try (IpcChannel rx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.RECEIVER);
             IpcChannel tx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.SENDER)) {
            CountDownLatch started = new CountDownLatch(1);
            CompletableFuture<byte[]> first = blockedReceive(rx, started);
            started.await();
            await().untilAsserted(() -> assertThatThrownBy(() -> rx.receive(10)).isInstanceOfSatisfying(IpcException.class, e -> {
                assertThat(e.status()).isEqualTo(IpcStatus.ERROR_RECEIVE_FAILED);
                assertThat(e.getMessage()).contains("another thread is already receiving");
            }));
            tx.send(new byte[] {4});
            assertThat(first.get(10, TimeUnit.SECONDS)).containsExactly(4);
        }
    }

    @Test
    void closeUnderSendingThreadsEndsTheirSendsAndLeavesTheChannelIntactForOthers() throws Exception {
        try (IpcChannel rx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.RECEIVER)) {
            IpcChannel tx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.SENDER);
            java.util.List<CompletableFuture<Integer>> senders = new java.util.ArrayList<>();
            for (int t = 0; t < 3; t++) {
                senders.add(CompletableFuture.supplyAsync(() -> {
                    int sent = 0;
                    try {
                        for (;;) {
                            tx.send(new byte[] {7, 7, 7, 7}, 10_000);
                            sent++;
                        }
                    } catch (IpcException e) {
                        assertThat(e.status()).isIn(IpcStatus.ERROR_INVALID_ARGUMENT, IpcStatus.ERROR_CONNECTION_FAILED);
                        return sent;
                    }
                }));
            }
            // Let every sender get going (each sends at least once) before closing under them.
            await().until(() -> rx.tryReceive().isPresent());
            tx.close();
            for (CompletableFuture<Integer> s : senders) {
                s.get(10, TimeUnit.SECONDS);
            }
            // Whatever arrived is whole (no torn message from a send cut short)...
            for (var m = rx.tryReceive(); m.isPresent(); m = rx.tryReceive()) {
                assertThat(m.get()).containsExactly(7, 7, 7, 7);
            }
            // ...and the channel goes on working for a new sender.
            try (IpcChannel tx2 = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.SENDER)) {
                tx2.send(new byte[] {9});
                assertThat(rx.receive(10_000)).containsExactly(9);
            }
            assertThat(rx.lostMessages()).isZero();
        }
    }
}
