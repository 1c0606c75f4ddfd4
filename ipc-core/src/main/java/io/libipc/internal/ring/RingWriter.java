package io.libipc.internal.ring;

import io.libipc.internal.storage.ChannelStorage;
import io.libipc.internal.wait.Waiter;

import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;

import static io.libipc.internal.ring.RecordDescriptor.*;
import static io.libipc.internal.storage.StorageDescriptor.*;

/**
 * Writes messages into a channel's ring for one sending handle.
 *
 * <p>Thread-safe: any number of threads may send through one writer; the channel's write lock
 * orders them, and orders them with the senders of other handles and processes. A message is
 * written under the lock as one record, or as FIRST/MIDDLE/LAST fragments when larger than a
 * quarter of the ring, each published by a release store of the tail followed by a full fence,
 * after which receivers are woken only if one announced that it sleeps.
 *
 * <p>When the ring is full (the slowest receiver a whole ring behind), the writer first releases
 * receivers that died, then waits for room up to the timeout. After it, a forced send evicts the
 * receivers still a whole ring behind: each is moved to the tail and told, through its slot, how
 * many messages it lost. A receiver this writer evicted before that has not read anything since
 * is evicted again at once, without another timeout: a live receiver that stopped reading cannot
 * stretch a message many rings long (and the lock other senders wait for) to a timeout per ring.
 * Receivers that keep reading are never evicted.
 */
public final class RingWriter {

    private static final System.Logger LOG = System.getLogger(RingWriter.class.getName());
    /** Longest single sleep: waits re-check liveness, deadlines and cancellation this often. */
    private static final long SLICE_NANOS = 100_000_000L;

    private final ChannelStorage storage;
    private final Participants participants;
    private final MappedByteBuffer buffer;
    private final int capacity;
    private final long indexMask;
    private final int maxFragment;
    private final long ownerId;
    private final int senderTag;
    /** Cursor of this handle's own receiver slot, or -1 when the handle does not receive. */
    private final int ownCursorOffset;
    private final Waiter waiter;
    private final long spinNanos;
    private final Cancellation cancellation;
    private final String channel;
    /** Ring position up to which writing is known to be safe; only touched under the write lock. */
    private long limit;
    /** The current message's timeout; only touched under the write lock. */
    private long timeoutNanos;
    /** When the current message began to wait (for the lock or room), 0 while it has not; under the lock. */
    private long messageStart;
    /** Per receiver slot: the cursor this writer moved it to when it last evicted it. */
    private final long[] evictedAt = new long[MAX_RECEIVERS];
    /** Per receiver slot: the slot's generation at that eviction, 0 when never evicted. */
    private final long[] evictedGeneration = new long[MAX_RECEIVERS];

    RingWriter(ChannelStorage storage, Participants participants, long ownerId, int senderTag, Waiter waiter,
               long spinNanos, Cancellation cancellation, String channel) {
        this.storage = storage;
        this.participants = participants;
        this.buffer = storage.buffer();
        this.capacity = storage.capacity();
        this.indexMask = capacity - 1;
        this.maxFragment = maxFragmentPayload(capacity);
        this.ownerId = ownerId;
        this.senderTag = senderTag;
        this.ownCursorOffset = senderTag == 0 ? -1 : receiverSlotOffset(senderTag - 1) + SLOT_CURSOR_OFFSET;
        this.waiter = waiter;
        this.spinNanos = spinNanos;
        this.cancellation = cancellation;
        this.channel = channel;
    }

    /**
     * Writes one message.
     *
     * @param src a {@code byte[]} or a {@link ByteBuffer}
     * @param offset where the message starts in {@code src} (absolute for a buffer)
     * @param length the message length, at most the channel's maximum
     * @param timeoutNanos how long the whole message may wait for room (unforced: for the lock too)
     * @param force whether to evict lagging receivers when the timeout passes, instead of giving up
     * @return true when written; false only when not forced and the timeout passed
     */
    public boolean write(Object src, int offset, int length, long timeoutNanos, boolean force) {
        // Unforced: one timeout for everything, lock included. Forced: the lock is awaited as long
        // as its holder lives (the holder's own waits are bounded), and each wait for room gets
        // the full timeout (see ensureSpace). No clock is read unless somebody has to wait.
        long waitStart = WriteLock.acquire(storage, participants, ownerId, timeoutNanos, !force, cancellation);
        if (waitStart < 0) {
            return false;
        }
        this.timeoutNanos = timeoutNanos;
        this.messageStart = waitStart;
        try {
            // Disconnect may have begun while we waited: it waits for us to leave the lock.
            cancellation.check();
            int seq = buffer.getInt(NEXT_SEQ_OFFSET);
            buffer.putInt(NEXT_SEQ_OFFSET, seq + 1);
            if (length <= maxFragment) {
                return writeRecord(TYPE_UNFRAGMENTED, seq, src, offset, length, length, force);
            }
            for (int done = 0; done < length; ) {
                int n = Math.min(maxFragment, length - done);
                int type = done == 0 ? TYPE_FIRST : done + n == length ? TYPE_LAST : TYPE_MIDDLE;
                if (!writeRecord(type, seq, src, offset + done, n, length, force)) {
                    // Receivers drop the fragments already published when the next message starts.
                    return false;
                }
                done += n;
            }
            return true;
        } finally {
            WriteLock.release(storage);
        }
    }

    private boolean writeRecord(int type, int seq, Object src, int offset, int n, int total, boolean force) {
        int extra = type == TYPE_FIRST ? FIRST_EXTRA_LENGTH : 0;
        int length = HEADER_LENGTH + extra + n;
        int aligned = align(length);
        long tail = storage.getLongAcquire(TAIL_OFFSET);
        int index = (int) (tail & indexMask);
        int padding = index + aligned > capacity ? capacity - index : 0;
        if (!ensureSpace(tail, padding + aligned, seq, type, force)) {
            return false;
        }
        if (ownCursorOffset >= 0) {
            // This handle also receives but never receives its own messages: when its receiver
            // has read everything before this record, move it past the record at once, so that
            // a handle that sends and does not receive is neither held back nor evicted by its
            // own messages. Its receiving thread, if any, notices the move and follows.
            storage.compareAndSetLong(ownCursorOffset, tail, tail + padding + aligned);
        }
        int at = RING_OFFSET + index;
        if (padding > 0) {
            putHeader(at, padding, TYPE_PADDING, 0, seq);
            tail += padding;
            at = RING_OFFSET;
        }
        putHeader(at, length, type, senderTag, seq);
        if (extra != 0) {
            buffer.putInt(at + HEADER_LENGTH, total);
        }
        int to = at + HEADER_LENGTH + extra;
        if (src instanceof byte[]) {
            buffer.put(to, (byte[]) src, offset, n);
        } else {
            buffer.put(to, (ByteBuffer) src, offset, n);
        }
        publish(tail + aligned);
        return true;
    }

    private void putHeader(int at, int length, int type, int tag, int seq) {
        buffer.putInt(at + LENGTH_OFFSET, length);
        buffer.putInt(at + TYPE_OFFSET, type);
        buffer.putInt(at + SENDER_TAG_OFFSET, tag);
        buffer.putInt(at + SEQ_OFFSET, seq);
    }

    private void publish(long tail) {
        // A volatile store is a store plus a full fence: the fence keeps the waiter check below
        // from passing the store, which would lose the wake-up of a receiver falling asleep now.
        storage.setLongVolatile(TAIL_OFFSET, tail);
        storage.wakeIfWaiting(DATA_WAITERS_OFFSET, DATA_FUTEX_OFFSET);
    }

    private boolean ensureSpace(long tail, int need, int seq, int type, boolean force) {
        long required = tail + need;
        if (required <= limit || refreshLimit(tail) >= required) {
            return true;
        }
        // Full. A receiver that died holds the ring back for ever: release those first. One that
        // this writer evicted before and that has not read a byte since is stuck: evict it again at
        // once rather than wait a timeout per ring for it (a large message spans many rings).
        releaseDeadBlockers(required - capacity);
        if (force) {
            evict(required - capacity, tail, seq, type, true);
        }
        if (refreshLimit(tail) >= required) {
            return true;
        }
        long start = System.nanoTime();
        if (messageStart == 0) {
            messageStart = start;
        }
        // A forced send waits a whole timeout each time it finds the ring full, so a receiver that
        // keeps reading is never evicted, however long the message; an unforced one gives up one
        // timeout after the message began to wait (for the lock or for room).
        long deadline = force ? start + timeoutNanos : messageStart + timeoutNanos;
        long nextLivenessCheck = start + SLICE_NANOS;
        for (int attempt = 0; ; attempt++) {
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                if (!force) {
                    return false;
                }
                evict(required - capacity, tail, seq, type, false);
                // Every blocker now stands at the tail, and no receiver can join while we hold the lock.
                refreshLimit(tail);
                return true;
            }
            cancellation.check();
            if (now - nextLivenessCheck >= 0) {
                releaseDeadBlockers(required - capacity);
                nextLivenessCheck = now + SLICE_NANOS;
            }
            if (now - start < spinNanos) {
                Thread.onSpinWait();
            } else {
                // Announce (a full fence), then re-check: a receiver that advanced before the
                // announcement did not see it, so we must see its cursor now. The waker takes
                // the announcement back.
                storage.getAndAddInt(SPACE_WAITERS_OFFSET, 1);
                int seen = storage.getIntVolatile(SPACE_FUTEX_OFFSET);
                if (refreshLimit(tail) >= required) {
                    return true;
                }
                waiter.await(storage, SPACE_FUTEX_OFFSET, seen, Math.min(deadline - now, SLICE_NANOS), attempt);
            }
            if (refreshLimit(tail) >= required) {
                return true;
            }
        }
    }

    /** Recomputes the limit from the slowest receiver; with none, a whole ring beyond the tail. */
    private long refreshLimit(long tail) {
        long mask = storage.getLongVolatile(RECEIVER_MASK_OFFSET);
        long min = tail;
        while (mask != 0) {
            int slot = Long.numberOfTrailingZeros(mask);
            mask &= mask - 1;
            long cursor = storage.getLongVolatile(receiverSlotOffset(slot) + SLOT_CURSOR_OFFSET);
            if (cursor < min) {
                min = cursor;
            }
        }
        limit = min + capacity;
        return limit;
    }

    private void releaseDeadBlockers(long threshold) {
        long mask = storage.getLongVolatile(RECEIVER_MASK_OFFSET);
        while (mask != 0) {
            int slot = Long.numberOfTrailingZeros(mask);
            mask &= mask - 1;
            if (storage.getLongVolatile(receiverSlotOffset(slot) + SLOT_CURSOR_OFFSET) < threshold) {
                participants.receiverAlive(slot);
            }
        }
    }

    /**
     * Moves receivers whose cursor is below {@code threshold} to {@code tail}: all of them, or with
     * {@code stuckOnly} those this writer evicted before that have not moved since. The record at
     * a receiver's cursor is still intact (nothing is overwritten before this returns), so its
     * sequence number tells how many messages the receiver loses; the count goes into the
     * receiver's slot before its cursor moves, so that a receiver noticing the move always finds it.
     */
    private void evict(long threshold, long tail, int seq, int type, boolean stuckOnly) {
        long mask = storage.getLongVolatile(RECEIVER_MASK_OFFSET);
        while (mask != 0) {
            int slot = Long.numberOfTrailingZeros(mask);
            mask &= mask - 1;
            int slotOffset = receiverSlotOffset(slot);
            long generation = storage.getLongVolatile(slotOffset + SLOT_GENERATION_OFFSET);
            for (;;) {
                long cursor = storage.getLongVolatile(slotOffset + SLOT_CURSOR_OFFSET);
                if (cursor >= threshold
                        || stuckOnly && (evictedGeneration[slot] != generation || evictedAt[slot] != cursor)) {
                    break;
                }
                int recordSeq = buffer.getInt(RING_OFFSET + (int) (cursor & indexMask) + SEQ_OFFSET);
                // Lost: messages recordSeq..seq-1, and this one too when it is already half
                // written; minus those counted by an earlier eviction (sequence numbers wrap).
                int lastLost = type == TYPE_MIDDLE || type == TYPE_LAST ? seq : seq - 1;
                int countedThrough = storage.getIntVolatile(slotOffset + SLOT_LOST_THROUGH_SEQ_OFFSET);
                int from = recordSeq - (countedThrough + 1) >= 0 ? recordSeq : countedThrough + 1;
                long lost = Math.max(0, lastLost - from + 1);
                storage.getAndAddLong(slotOffset + SLOT_LOST_OFFSET, lost);
                if (storage.compareAndSetLong(slotOffset + SLOT_CURSOR_OFFSET, cursor, tail)) {
                    if (lost > 0) {
                        storage.setIntVolatile(slotOffset + SLOT_LOST_THROUGH_SEQ_OFFSET, lastLost);
                    }
                    evictedAt[slot] = tail;
                    evictedGeneration[slot] = generation;
                    if (lost > 0) {
                        LOG.log(System.Logger.Level.WARNING, "channel ''{0}'': evicted the receiver in slot {1}, a whole"
                                + " ring ({2} bytes) behind{3}; it lost {4} message(s)", channel, slot, capacity,
                                stuckOnly ? " and still not reading since its last eviction" : " after the send timeout", lost);
                    }
                    break;
                }
                storage.getAndAddLong(slotOffset + SLOT_LOST_OFFSET, -lost);
            }
        }
    }
}
