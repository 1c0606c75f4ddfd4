package io.libipc.internal.ring;

import io.libipc.ChannelType;
import io.libipc.IpcException;
import io.libipc.IpcStatus;
import io.libipc.internal.storage.RecordDescriptor;
import io.libipc.internal.storage.SlotDescriptor;
import io.libipc.internal.storage.StorageDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.libipc.internal.storage.RecordDescriptor.*;
import static io.libipc.internal.storage.StorageDescriptor.RING_OFFSET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ring's writer and reader in one JVM over a plain direct buffer, in the manner of Agrona's
 * ring buffer tests: what lands where in the ring (records, padding, fragments), what a reader
 * makes of it (reassembly, partial messages dropped, its own messages skipped), and eviction with
 * its lost count. The cross-process tests ({@code io.libipc.process}) prove the same over files.
 */
@Timeout(30)
class RingWriterReaderTest {

    private static final int CAPACITY = 4096;
    /** A quarter ring minus a FIRST header: the largest payload of one record at this capacity. */
    private static final int MAX_FRAGMENT = RecordDescriptor.maxFragmentPayload(CAPACITY);
    private static final long TIMEOUT = TimeUnit.MILLISECONDS.toNanos(20);

    private final RingFixture ring = new RingFixture(ChannelType.CHANNEL, CAPACITY, 1 << 20);

    @Test
    void aMessageIsOneRecordThatTheTailPublishes() {
        RingFixture.Participant tx = ring.sender(false);
        RingFixture.Participant rx = ring.receiver();
        byte[] message = pattern(0, 100);

        assertThat(tx.send(message, TIMEOUT, true)).isTrue();

        assertThat(StorageDescriptor.tail(ring.memory)).isEqualTo(align(HEADER_LENGTH + 100));
        assertRecord(0, HEADER_LENGTH + 100, TYPE_UNFRAGMENTED, NO_SENDER_TAG, 0);
        assertThat(rx.poll()).isEqualTo(message);
        assertThat(rx.poll()).isNull();
    }

    @Test
    void aRecordThatWouldCrossTheRingsEndIsPrecededByPadding() {
        RingFixture.Participant tx = ring.sender(false);
        RingFixture.Participant rx = ring.receiver();
        int big = MAX_FRAGMENT - 16;                       // records of 1008 bytes: four end at 4032
        for (int i = 0; i < 4; i++) {
            tx.send(pattern(i, big), TIMEOUT, true);
            assertThat(rx.poll()).isEqualTo(pattern(i, big));
        }
        byte[] wrapping = pattern(4, 100);                 // 128 bytes do not fit in the last 64

        tx.send(wrapping, TIMEOUT, true);

        assertRecord(4 * align(HEADER_LENGTH + big), CAPACITY - 4 * align(HEADER_LENGTH + big), TYPE_PADDING,
                NO_SENDER_TAG, 4);
        assertRecord(0, HEADER_LENGTH + 100, TYPE_UNFRAGMENTED, NO_SENDER_TAG, 4);
        assertThat(StorageDescriptor.tail(ring.memory)).isEqualTo(CAPACITY + align(HEADER_LENGTH + 100));
        assertThat(rx.poll()).isEqualTo(wrapping);
        assertThat(rx.reader.lostMessages()).isZero();
    }

    @Test
    void aMessageLargerThanAFragmentTravelsAsFirstMiddleLastAndIsReassembled() {
        RingFixture.Participant tx = ring.sender(false);
        RingFixture.Participant rx = ring.receiver();
        byte[] message = pattern(7, 2 * MAX_FRAGMENT + 500);

        tx.send(message, TIMEOUT, true);

        int first = align(HEADER_LENGTH + FIRST_EXTRA_LENGTH + MAX_FRAGMENT);
        int middle = align(HEADER_LENGTH + MAX_FRAGMENT);
        assertRecord(0, HEADER_LENGTH + FIRST_EXTRA_LENGTH + MAX_FRAGMENT, TYPE_FIRST, NO_SENDER_TAG, 0);
        assertThat(RecordDescriptor.totalLength(ring.memory, RING_OFFSET)).isEqualTo(message.length);
        assertRecord(first, HEADER_LENGTH + MAX_FRAGMENT, TYPE_MIDDLE, NO_SENDER_TAG, 0);
        assertRecord(first + middle, HEADER_LENGTH + 500, TYPE_LAST, NO_SENDER_TAG, 0);
        assertThat(rx.poll()).isEqualTo(message);
        assertThat(rx.poll()).isNull();
    }

    @Test
    void aMessageAbandonedHalfWayIsDroppedWholeAndTheNextOneArrives() {
        RingFixture.Participant tx = ring.sender(false);
        RingFixture.Participant rx = ring.receiver();
        byte[] tooLong = pattern(1, 5 * MAX_FRAGMENT);     // more than the ring holds while nobody reads

        assertThat(tx.send(tooLong, TIMEOUT, false)).as("trySend gives up half-way").isFalse();
        assertThat(StorageDescriptor.tail(ring.memory)).as("the first fragments were published").isPositive();
        assertThat(rx.poll()).as("no partial message is delivered").isNull();

        byte[] next = pattern(2, 10);
        tx.send(next, TIMEOUT, true);
        assertThat(rx.poll()).isEqualTo(next);
        assertThat(rx.reader.lostMessages()).isZero();
    }

    @Test
    void aMessageLargerThanTheRingStreamsWhileTheReceiverReads() throws Exception {
        RingFixture.Participant tx = ring.sender(false);
        RingFixture.Participant rx = ring.receiver();
        byte[] message = pattern(3, 64 * 1024);
        CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
            int n = rx.reader.take(TimeUnit.SECONDS.toNanos(20));
            byte[] copy = new byte[n];
            rx.reader.message().get(copy);
            return copy;
        });

        assertThat(tx.send(message, TimeUnit.SECONDS.toNanos(5), true)).isTrue();

        assertThat(received.get(20, TimeUnit.SECONDS)).isEqualTo(message);
        assertThat(rx.reader.lostMessages()).isZero();
    }

    @Test
    void aReceiverAWholeRingBehindIsEvictedAndCountsWhatItLostWhileOneThatKeepsUpLosesNothing() {
        RingFixture.Participant tx = ring.sender(false);
        RingFixture.Participant stalled = ring.receiver();
        RingFixture.Participant reading = ring.receiver();
        int size = MAX_FRAGMENT;                           // records of 1024 bytes: four fill the ring
        List<byte[]> seen = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            assertThat(tx.send(pattern(i, size), TIMEOUT, true)).isTrue();
            seen.add(reading.poll());
        }

        // Messages 0-3 went after the timeout; 4-7 at once, the receiver not having read since.
        assertThat(SlotDescriptor.lost(ring.memory, stalled.receiverClaim.slot)).isEqualTo(8);
        assertThat(stalled.poll()).isEqualTo(pattern(8, size));
        assertThat(stalled.reader.lostMessages()).isEqualTo(8);
        assertThat(stalled.poll()).isEqualTo(pattern(9, size));
        assertThat(stalled.poll()).isNull();
        for (int i = 0; i < 10; i++) {
            assertThat(seen.get(i)).isEqualTo(pattern(i, size));
        }
        assertThat(reading.reader.lostMessages()).isZero();
    }

    @Test
    void aHandleThatSendsAndReceivesSkipsItsOwnMessagesOnly() {
        RingFixture.Participant both = ring.sender(true);
        RingFixture.Participant other = ring.sender(false);
        RingFixture.Participant rx = ring.receiver();

        both.send(pattern(1, 40), TIMEOUT, true);
        other.send(pattern(2, 40), TIMEOUT, true);

        assertThat(RecordDescriptor.senderTagAt(ring.memory, RING_OFFSET))
                .isEqualTo(RecordDescriptor.senderTag(both.receiverClaim.slot));
        assertThat(both.poll()).isEqualTo(pattern(2, 40));
        assertThat(both.poll()).isNull();
        assertThat(rx.poll()).isEqualTo(pattern(1, 40));
        assertThat(rx.poll()).isEqualTo(pattern(2, 40));
    }

    @Test
    void aHandleThatSendsAndNeverReceivesIsNeitherHeldBackNorEvictedByItsOwnMessages() {
        RingFixture.Participant both = ring.sender(true);
        RingFixture.Participant rx = ring.receiver();
        for (int i = 0; i < 20; i++) {
            assertThat(both.send(pattern(i, MAX_FRAGMENT), TIMEOUT, false)).as("trySend %d", i).isTrue();
            assertThat(rx.poll()).isEqualTo(pattern(i, MAX_FRAGMENT));
        }

        int ownCursor = SlotDescriptor.cursorOffset(both.receiverClaim.slot);
        assertThat(SlotDescriptor.cursor(ring.memory, ownCursor)).isEqualTo(StorageDescriptor.tail(ring.memory));
        assertThat(SlotDescriptor.lost(ring.memory, both.receiverClaim.slot)).isZero();
    }

    @Test
    void aRecordBeyondThePublishedTailIsInvisibleUntilTheTailMoves() {
        RingFixture.Participant rx = ring.receiver();
        // What a sender that died before publishing leaves behind.
        RecordDescriptor.putHeader(ring.memory, RING_OFFSET, HEADER_LENGTH + 3, TYPE_UNFRAGMENTED, NO_SENDER_TAG, 0);
        ring.memory.putBytes(RING_OFFSET + HEADER_LENGTH, new byte[] {1, 2, 3}, 0, 3);

        assertThat(rx.poll()).isNull();
        StorageDescriptor.publishTail(ring.memory, align(HEADER_LENGTH + 3));
        assertThat(rx.poll()).containsExactly(1, 2, 3);
    }

    @Test
    void aCorruptRecordAtTheCursorFailsTheReceiveNamingTheStorage() {
        RingFixture.Participant rx = ring.receiver();
        RecordDescriptor.putHeader(ring.memory, RING_OFFSET, 3, TYPE_UNFRAGMENTED, NO_SENDER_TAG, 0);
        StorageDescriptor.publishTail(ring.memory, ALIGNMENT);

        assertThatThrownBy(rx::poll).isInstanceOfSatisfying(IpcException.class, e -> {
            assertThat(e.status()).isEqualTo(IpcStatus.ERROR_RECEIVE_FAILED);
            assertThat(e.getMessage()).contains("corrupt", "memory:test");
        });
    }

    @Test
    void aCorruptLengthNearIntegerMaxFailsAtOnceInsteadOfSendingTheCursorBackwards() {
        RingFixture.Participant rx = ring.receiver();
        for (int type : new int[] {TYPE_PADDING, TYPE_LAST}) {
            RecordDescriptor.putHeader(ring.memory, RING_OFFSET, Integer.MAX_VALUE - 7, type, NO_SENDER_TAG, 0);
            StorageDescriptor.publishTail(ring.memory, ALIGNMENT);

            assertThatThrownBy(rx::poll).as("type %d", type).isInstanceOfSatisfying(IpcException.class,
                    e -> assertThat(e.status()).isEqualTo(IpcStatus.ERROR_RECEIVE_FAILED));
            assertThat(SlotDescriptor.cursor(ring.memory, SlotDescriptor.cursorOffset(rx.receiverClaim.slot))).isZero();
        }
    }

    @Test
    void aMessageTheCallerCouldNotTakeIsKeptForTheNextReceive() {
        RingFixture.Participant tx = ring.sender(false);
        RingFixture.Participant rx = ring.receiver();
        tx.send(pattern(1, 30), TIMEOUT, true);
        tx.send(pattern(2, 30), TIMEOUT, true);

        assertThat(rx.reader.poll()).isEqualTo(30);
        rx.reader.keep();
        assertThat(rx.poll()).isEqualTo(pattern(1, 30));
        assertThat(rx.poll()).isEqualTo(pattern(2, 30));
    }

    private void assertRecord(int index, int length, int type, int senderTag, int seq) {
        int at = RING_OFFSET + index;
        assertThat(RecordDescriptor.length(ring.memory, at)).as("length at %d", index).isEqualTo(length);
        assertThat(RecordDescriptor.type(ring.memory, at)).as("type at %d", index).isEqualTo(type);
        assertThat(RecordDescriptor.senderTagAt(ring.memory, at)).as("sender tag at %d", index).isEqualTo(senderTag);
        assertThat(RecordDescriptor.seq(ring.memory, at)).as("seq at %d", index).isEqualTo(seq);
    }

    /** Message {@code k} of {@code size} bytes, its first bytes saying which it is. */
    static byte[] pattern(int k, int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (k * 31 + i);
        }
        if (size >= Integer.BYTES) {
            ByteBuffer.wrap(bytes).putInt(0, k);
        }
        return bytes;
    }
}
