package io.libipc;

import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full ring (the slowest receiver a whole ring behind): trySend gives up after its timeout,
 * send evicts the laggard after its timeout and succeeds, and the evicted receiver learns
 * exactly how many messages it lost; a receiver that keeps up is never evicted.
 */
@ExtendWith(NoLeftoverStorage.class)
class FullRingTest {

    private static final int CAPACITY = 4096;
    private static final int MESSAGE = 100;
    /** Ring bytes per message: 16-byte header plus payload, padded to 16. */
    private static final int RECORD = 128;

    private final String name = TestChannels.uniqueName("full");
    private final IpcOptions options = TestChannels.optionsBuilder().capacity(CAPACITY).build();

    @AfterEach
    void clear() {
        TestChannels.clear(name);
    }

    private static byte[] message(int i) {
        return ByteBuffer.allocate(MESSAGE).putInt(0, i).array();
    }

    private static int id(byte[] m) {
        return ByteBuffer.wrap(m).getInt(0);
    }

    @Test
    void trySendReturnsFalseAfterItsTimeoutWhenTheRingIsFull() {
        try (IpcChannel lagging = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.RECEIVER);
             IpcChannel tx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.SENDER)) {
            int fits = CAPACITY / RECORD;
            for (int i = 0; i < fits; i++) {
                assertThat(tx.trySend(message(i), 1000)).as("message %d fits", i).isTrue();
            }
            long start = System.nanoTime();
            assertThat(tx.trySend(message(fits), 50)).isFalse();
            assertThat((System.nanoTime() - start) / 1_000_000).as("waited its timeout").isGreaterThanOrEqualTo(45);
            // Nothing was evicted or lost: the receiver still gets everything that was accepted.
            for (int i = 0; i < fits; i++) {
                assertThat(id(lagging.receive(5000))).isEqualTo(i);
            }
            assertThat(lagging.lostMessages()).isZero();
            assertThat(lagging.tryReceive()).isEmpty();
        }
    }

    @Test
    void sendEvictsALaggingReceiverAfterItsTimeoutAndTheReceiverLearnsWhatItLost() {
        try (IpcChannel lagging = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.RECEIVER);
             IpcChannel keeping = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.RECEIVER);
             IpcChannel tx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.SENDER)) {
            int fits = CAPACITY / RECORD;
            int total = fits + 10;
            for (int i = 0; i < total; i++) {
                tx.send(message(i), 50);
                // This receiver keeps up: it must never be evicted.
                assertThat(id(keeping.receive(5000))).isEqualTo(i);
            }
            assertThat(keeping.lostMessages()).isZero();
            // The laggard read nothing: the first message that did not fit evicted it, and each
            // later one found room. It resumes at the message that evicted it.
            byte[] first = lagging.receive(5000);
            assertThat(id(first)).isEqualTo(fits);
            assertThat(lagging.lostMessages()).isEqualTo(fits);
            for (int i = fits + 1; i < total; i++) {
                assertThat(id(lagging.receive(5000))).isEqualTo(i);
            }
            assertThat(lagging.tryReceive()).isEmpty();
        }
    }

    @Test
    void evictionInTheMiddleOfALargeMessageDropsItWholeAndCountsIt() {
        IpcOptions big = TestChannels.optionsBuilder().capacity(CAPACITY).maxMessageSize(1 << 20).build();
        try (IpcChannel lagging = new IpcChannel(ChannelType.CHANNEL, name, big, ConnMode.RECEIVER);
             IpcChannel tx = new IpcChannel(ChannelType.CHANNEL, name, big, ConnMode.SENDER)) {
            tx.send(message(1), 50);
            byte[] large = new byte[CAPACITY * 4];
            large[0] = 42;
            tx.send(large, 50);
            tx.send(message(3), 50);
            // Message 1 and the large one were lost; never a fragment of the large one.
            assertThat(id(lagging.receive(5000))).isEqualTo(3);
            assertThat(lagging.lostMessages()).isEqualTo(2);
            assertThat(lagging.tryReceive()).isEmpty();
        }
    }
}
