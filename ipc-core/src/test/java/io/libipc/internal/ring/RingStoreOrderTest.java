package io.libipc.internal.ring;

import io.libipc.ChannelType;
import io.libipc.internal.storage.SlotDescriptor;
import io.libipc.internal.storage.StorageDescriptor;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static io.libipc.internal.storage.StorageDescriptor.DATA_WAITERS_OFFSET;
import static io.libipc.internal.storage.StorageDescriptor.RING_OFFSET;
import static io.libipc.internal.storage.StorageDescriptor.TAIL_OFFSET;
import static io.libipc.internal.storage.StorageDescriptor.WRITE_LOCK_OFFSET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order of the stores that make the ring safe across processes, recorded (as Agrona's
 * {@code BroadcastTransmitterTest} checks them with a mock): a writer takes the lock, writes the
 * record, publishes the tail, then looks for sleeping receivers, then releases the lock; a reader
 * copies a record out before it accepts it with its cursor.
 */
class RingStoreOrderTest {

    private static final int CAPACITY = 4096;

    private final RecordingMemory memory = new RecordingMemory((int) StorageDescriptor.fileLength(CAPACITY));
    private final RingFixture ring = new RingFixture(memory, ChannelType.CHANNEL, CAPACITY, 1 << 16);

    @Test
    void aWriterPublishesTheTailAfterTheRecordThenLooksForSleepersThenReleasesTheLock() {
        RingFixture.Participant tx = ring.sender(false);
        ring.receiver();
        memory.recording = true;

        tx.send(new byte[100], TimeUnit.MILLISECONDS.toNanos(20), true);

        int lock = memory.indexOf("cas", WRITE_LOCK_OFFSET);
        int header = memory.indexOf("put", RING_OFFSET);
        int payload = memory.indexOf("put", RING_OFFSET + 16);
        int tail = memory.indexOf("volatile", TAIL_OFFSET);
        int sleepers = memory.indexOf("read", DATA_WAITERS_OFFSET);
        int unlock = memory.indexOf("release", WRITE_LOCK_OFFSET);
        assertThat(lock).as("lock taken").isZero();
        assertThat(header).as("header after the lock").isGreaterThan(lock);
        assertThat(payload).as("payload written").isGreaterThan(lock);
        assertThat(tail).as("tail after header and payload").isGreaterThan(Math.max(header, payload));
        assertThat(sleepers).as("sleepers checked after the tail").isGreaterThan(tail);
        assertThat(unlock).as("lock released last").isGreaterThan(sleepers);
        assertThat(memory.ops.subList(tail + 1, memory.ops.size()))
                .as("nothing written to the ring after the tail").noneMatch(op -> op.kind().equals("put"));
    }

    @Test
    void aReaderCopiesARecordOutBeforeItAcceptsItWithItsCursor() {
        RingFixture.Participant tx = ring.sender(false);
        RingFixture.Participant rx = ring.receiver();
        tx.send(new byte[100], TimeUnit.MILLISECONDS.toNanos(20), true);
        memory.recording = true;

        assertThat(rx.poll()).hasSize(100);

        int copy = memory.indexOf("copy", RING_OFFSET + 16);
        int accept = memory.indexOf("cas", SlotDescriptor.cursorOffset(rx.receiverClaim.slot));
        assertThat(copy).as("copied").isNotNegative();
        assertThat(accept).as("accepted after the copy: an evicting sender makes the accept fail").isGreaterThan(copy);
    }
}
