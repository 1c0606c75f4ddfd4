package io.libipc.internal.ring;

import io.libipc.internal.engine.Cancellation;
import io.libipc.internal.memory.SharedMemory;
import io.libipc.internal.storage.ChannelStorage;
import io.libipc.internal.storage.SlotKind;
import io.libipc.internal.wait.Backoff;
import io.libipc.internal.wait.Waiter;
import io.libipc.internal.wait.Wakeups;

import java.nio.ByteBuffer;

import static io.libipc.internal.storage.RecordDescriptor.*;
import static io.libipc.internal.storage.SlotDescriptor.*;
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
final class RingWriter {

    private static final System.Logger LOG = System.getLogger(RingWriter.class.getName());
    /** Longest single sleep: waits re-check liveness, deadlines and cancellation this often. */
    private static final long SLICE_NANOS = 100_000_000L;

    private final ChannelStorage storage;
    private final Membership membership;
    private final SharedMemory memory;
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

    /**
     * A writer for one sending handle.
     *
     * @param storage the channel storage
     * @param membership the channel's participants
     * @param ownerId the handle's sender owner id, written into the write lock
     * @param ownReceiverSlot the handle's receiver slot, or -1 when it does not receive
     * @param waiter how to sleep when the ring is full
     * @param spinNanos the spin phase before sleeping
     * @param cancellation asked by every wait
     * @param channel the channel name, for messages
     */
    RingWriter(ChannelStorage storage, Membership membership, long ownerId, int ownReceiverSlot, Waiter waiter,
               long spinNanos, Cancellation cancellation, String channel) {
        this.storage = storage;
        this.membership = membership;
        this.memory = storage.memory();
        this.capacity = storage.capacity();
        this.indexMask = capacity - 1;
        this.maxFragment = maxFragmentPayload(capacity);
        this.ownerId = ownerId;
        this.senderTag = senderTag(ownReceiverSlot);
        this.ownCursorOffset = ownReceiverSlot < 0 ? -1 : cursorOffset(ownReceiverSlot);
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
    boolean write(Object src, int offset, int length, long timeoutNanos, boolean force) {
        // Unforced: one timeout for everything, lock included. Forced: the lock is awaited as long
        // as its holder lives (the holder's own waits are bounded), and each wait for room gets
        // the full timeout (see ensureSpace). No clock is read unless somebody has to wait.
        long waitStart = WriteLock.acquire(storage, membership, ownerId, timeoutNanos, !force, cancellation);
        if (waitStart < 0) {
            return false;
        }
        this.timeoutNanos = timeoutNanos;
        this.messageStart = waitStart;
        try {
            // Disconnect may have begun while we waited: it waits for us to leave the lock.
            cancellation.check();
            int seq = nextSeq(memory);
            setNextSeq(memory, seq + 1);
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
        long tail = tail(memory);
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
            casCursor(memory, ownCursorOffset, tail, tail + padding + aligned);
        }
        int at = RING_OFFSET + index;
        if (padding > 0) {
            putHeader(memory, at, padding, TYPE_PADDING, NO_SENDER_TAG, seq);
            tail += padding;
            at = RING_OFFSET;
        }
        putHeader(memory, at, length, type, senderTag, seq);
        if (extra != 0) {
            putTotalLength(memory, at, total);
        }
        int to = payloadOffset(at, type);
        if (src instanceof byte[]) {
            memory.putBytes(to, (byte[]) src, offset, n);
        } else {
            memory.putBytes(to, (ByteBuffer) src, offset, n);
        }
        // The tail's full fence keeps the waiter check from passing it, which would lose the
        // wake-up of a receiver falling asleep now.
        publishTail(memory, tail + aligned);
        Wakeups.wakeIfWaiting(memory, DATA_WAITERS_OFFSET, DATA_FUTEX_OFFSET);
        return true;
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
            if (!Backoff.spin(now - start, spinNanos)) {
                // Announce (a full fence), then re-check: a receiver that advanced before the
                // announcement did not see it, so we must see its cursor now. The waker takes
                // the announcement back.
                Wakeups.announce(memory, SPACE_WAITERS_OFFSET);
                int seen = memory.getIntVolatile(SPACE_FUTEX_OFFSET);
                if (refreshLimit(tail) >= required) {
                    return true;
                }
                waiter.await(memory, SPACE_FUTEX_OFFSET, seen, Math.min(deadline - now, SLICE_NANOS), attempt);
            }
            if (refreshLimit(tail) >= required) {
                return true;
            }
        }
    }

    /** Recomputes the limit from the slowest receiver; with none, a whole ring beyond the tail. */
    private long refreshLimit(long tail) {
        long min = tail;
        for (long mask = receiverMask(memory); mask != 0; mask &= mask - 1) {
            long cursor = cursor(memory, cursorOffset(Long.numberOfTrailingZeros(mask)));
            if (cursor < min) {
                min = cursor;
            }
        }
        limit = min + capacity;
        return limit;
    }

    private void releaseDeadBlockers(long threshold) {
        for (long mask = receiverMask(memory); mask != 0; mask &= mask - 1) {
            int slot = Long.numberOfTrailingZeros(mask);
            if (cursor(memory, cursorOffset(slot)) < threshold) {
                membership.receiverAlive(slot);
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
        for (long mask = receiverMask(memory); mask != 0; mask &= mask - 1) {
            int slot = Long.numberOfTrailingZeros(mask);
            int cursorOffset = cursorOffset(slot);
            long generation = generation(memory, SlotKind.RECEIVER, slot);
            for (;;) {
                long cursor = cursor(memory, cursorOffset);
                if (cursor >= threshold
                        || stuckOnly && (evictedGeneration[slot] != generation || evictedAt[slot] != cursor)) {
                    break;
                }
                int recordSeq = seq(memory, RING_OFFSET + (int) (cursor & indexMask));
                // Lost: messages recordSeq..seq-1, and this one too when it is already half
                // written; minus those counted by an earlier eviction (sequence numbers wrap).
                int lastLost = type == TYPE_MIDDLE || type == TYPE_LAST ? seq : seq - 1;
                int countedThrough = lostThroughSeq(memory, slot);
                int from = recordSeq - (countedThrough + 1) >= 0 ? recordSeq : countedThrough + 1;
                long lost = Math.max(0, lastLost - from + 1);
                addLost(memory, slot, lost);
                if (casCursor(memory, cursorOffset, cursor, tail)) {
                    if (lost > 0) {
                        setLostThroughSeq(memory, slot, lastLost);
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
                addLost(memory, slot, -lost);
            }
        }
    }
}
