package io.libipc.internal.ring;

import io.libipc.IpcException;
import io.libipc.IpcStatus;
import io.libipc.internal.storage.ChannelStorage;
import io.libipc.internal.wait.Waiter;

import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.util.concurrent.locks.LockSupport;

import static io.libipc.internal.ring.RecordDescriptor.*;
import static io.libipc.internal.storage.StorageDescriptor.*;

/**
 * Reads messages from a channel's ring for one receiving handle, into a scratch array that is
 * reused from message to message (allocation-free once it has grown to the largest message).
 *
 * <p>Not thread-safe: one thread receives per handle (the handle enforces it).
 *
 * <p>Each record is copied out first and accepted second, by a compare-and-set of this
 * receiver's cursor in shared memory. A sender that evicts this receiver moves that cursor, so
 * the compare-and-set fails and whatever was copied (possibly overwritten meanwhile) is thrown
 * away: an evicted receiver never delivers torn data. It then reads how many messages it lost
 * from its slot, adds them to {@link #lostMessages()} and logs a warning.
 */
public final class RingReader {

    private static final System.Logger LOG = System.getLogger(RingReader.class.getName());
    private static final long SLICE_NANOS = 100_000_000L;
    /** The part of the spin phase that only spins; the rest yields. */
    private static final long PURE_SPIN_NANOS = 10_000L;
    /** A wait shorter than this was ended by a message of a dense stream. */
    private static final long STREAM_SLEEP_NANOS = 200_000L;
    /** Parks of a streaming receiver before it sleeps in the kernel: 50, 100, 200 us (~0.35 ms in all). */
    private static final int STREAM_PARKS = 3;
    private static final long STREAM_PARK_NANOS = 50_000L;

    private final ChannelStorage storage;
    private final MappedByteBuffer buffer;
    private final int capacity;
    private final long indexMask;
    private final int maxMessageSize;
    private final int cursorOffset;
    /** A quarter of the ring: the granularity at which this receiver wakes senders waiting for room. */
    private final long wakeQuantum;
    private final int lostOffset;
    private final int ownTag;
    private final Waiter waiter;
    private final long spinNanos;
    private final Cancellation cancellation;
    private final String channel;

    private long cursor;
    private long cachedTail;
    private byte[] scratch = new byte[4096];
    private ByteBuffer view = ByteBuffer.wrap(scratch).asReadOnlyBuffer();
    private boolean assembling;
    private int assemblingSeq;
    private int assemblingTotal;
    private int assembled;
    private long lostSeen;
    private long lostMessages;
    private int pending = -1;
    /** Whether the last wait (a kernel sleep, or dozing) ended on a stream: soon, or on a batch. */
    private boolean streaming;

    RingReader(ChannelStorage storage, int slot, boolean skipOwn, Waiter waiter, long spinNanos,
               Cancellation cancellation, String channel) {
        this.storage = storage;
        this.buffer = storage.buffer();
        this.capacity = storage.capacity();
        this.indexMask = capacity - 1;
        this.maxMessageSize = storage.maxMessageSize();
        this.cursorOffset = receiverSlotOffset(slot) + SLOT_CURSOR_OFFSET;
        this.wakeQuantum = capacity / 4;
        this.lostOffset = receiverSlotOffset(slot) + SLOT_LOST_OFFSET;
        this.ownTag = skipOwn ? slot + 1 : -1;
        this.waiter = waiter;
        this.spinNanos = spinNanos;
        this.cancellation = cancellation;
        this.channel = channel;
        this.cursor = storage.getLongVolatile(cursorOffset);
        this.cachedTail = cursor;
    }

    /**
     * Waits for the next complete message and leaves it in {@link #scratch()}.
     *
     * @param deadline {@link System#nanoTime()} to give up at, when {@code timed}
     * @param timed whether there is a deadline
     * @return the message length, or -1 when the deadline passed
     */
    public int take(long deadline, boolean timed) {
        long spinStart = 0;
        boolean spinning = false;
        int parks = 0;
        boolean slept = false;
        for (int attempt = 0; ; ) {
            int n = poll();
            if (n >= 0) {
                if (slept) {
                    // A stream, worth dozing for next time, when the wait was short or ended on a
                    // batch (more records behind this one: a sender that fills the ring in bursts).
                    // A paced stream (one record every 0.5 ms, say) is neither: dozing would make
                    // each record wait out a park, where a futex sleep wakes it in ~0.1 ms.
                    streaming = System.nanoTime() - spinStart < STREAM_SLEEP_NANOS || cachedTail > cursor;
                }
                return n;
            }
            long now = System.nanoTime();
            if (timed && now - deadline >= 0) {
                return -1;
            }
            if (!spinning) {
                spinning = true;
                spinStart = now;
            }
            long spun = now - spinStart;
            if (spun < spinNanos) {
                if (spun < PURE_SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    // Past the first microseconds, give the CPU to whoever is runnable (on a
                    // machine with more busy threads than cores, that may be the sender).
                    Thread.yield();
                }
                continue;
            }
            cancellation.check();
            if (streaming && parks < STREAM_PARKS && spinNanos > 0) {
                // The last sleep was cut short by a message: this is a stream, not idleness. Doze
                // with a growing back-off instead of sleeping in the kernel, so the receiver comes
                // back to a batch and the sender is not asked for a wake-up system call per doze
                // (with more busy threads than cores that dominates, e.g. 1 sender, 3 receivers on
                // 2 cores). An idle receiver goes straight to the kernel and wakes fastest.
                LockSupport.parkNanos(STREAM_PARK_NANOS << parks++);
                slept = true;
                continue;
            }
            // Announce (a full fence), then re-check: a sender that published before our
            // announcement did not see it, so we must see its tail now. The waker takes the
            // announcement back (ChannelStorage.wakeIfWaiting).
            storage.getAndAddInt(DATA_WAITERS_OFFSET, 1);
            int seen = storage.getIntVolatile(DATA_FUTEX_OFFSET);
            if (storage.getLongVolatile(TAIL_OFFSET) == cachedTail) {
                waiter.await(storage, DATA_FUTEX_OFFSET, seen,
                        timed ? Math.min(deadline - now, SLICE_NANOS) : SLICE_NANOS, attempt++);
                slept = true;
            }
            cancellation.check();
        }
    }

    /**
     * Takes the next complete message if one is there, without waiting.
     *
     * @return the message length in {@link #scratch()}, or -1 when there is none yet
     */
    public int poll() {
        if (pending >= 0) {
            int n = pending;
            pending = -1;
            return n;
        }
        for (;;) {
            if (cursor >= cachedTail) {
                cachedTail = storage.getLongAcquire(TAIL_OFFSET);
                if (cursor >= cachedTail) {
                    // Caught up: a sender waiting for room may be waiting for this receiver.
                    storage.wakeIfWaiting(SPACE_WAITERS_OFFSET, SPACE_FUTEX_OFFSET);
                    return -1;
                }
            }
            int index = (int) (cursor & indexMask);
            int at = RING_OFFSET + index;
            int length = buffer.getInt(at + LENGTH_OFFSET);
            int type = buffer.getInt(at + TYPE_OFFSET);
            int aligned = align(length);
            if (length < HEADER_LENGTH || aligned > capacity - index || type < TYPE_PADDING || type > TYPE_LAST) {
                checkEvictedOrCorrupt("a record header", length, type);
                continue;
            }
            long next = cursor + aligned;
            if (type == TYPE_PADDING || buffer.getInt(at + SENDER_TAG_OFFSET) == ownTag) {
                advance(next);
                continue;
            }
            int seq = buffer.getInt(at + SEQ_OFFSET);
            if (type == TYPE_UNFRAGMENTED) {
                int n = length - HEADER_LENGTH;
                if (n > maxMessageSize) {
                    checkEvictedOrCorrupt("a message length", n, type);
                    continue;
                }
                ensureScratch(n);
                buffer.get(at + HEADER_LENGTH, scratch, 0, n);
                if (advance(next)) {
                    // A message left incomplete before this one lost its sender half-way: dropped.
                    assembling = false;
                    return n;
                }
            } else if (type == TYPE_FIRST) {
                int total = buffer.getInt(at + HEADER_LENGTH);
                int n = length - HEADER_LENGTH - FIRST_EXTRA_LENGTH;
                if (total > maxMessageSize || n < 0 || n > total) {
                    checkEvictedOrCorrupt("a message length", total, type);
                    continue;
                }
                ensureScratch(total);
                buffer.get(at + HEADER_LENGTH + FIRST_EXTRA_LENGTH, scratch, 0, n);
                if (advance(next)) {
                    assembling = true;
                    assemblingSeq = seq;
                    assemblingTotal = total;
                    assembled = n;
                }
            } else {
                int n = length - HEADER_LENGTH;
                if (!assembling || seq != assemblingSeq || assembled + n > assemblingTotal) {
                    // The rest of a message whose start this receiver never saw: joined or
                    // evicted in its middle, or its sender died and another took over.
                    if (advance(next)) {
                        assembling = false;
                    }
                    continue;
                }
                buffer.get(at + HEADER_LENGTH, scratch, assembled, n);
                if (advance(next)) {
                    assembled += n;
                    if (type == TYPE_LAST) {
                        assembling = false;
                        if (assembled == assemblingTotal) {
                            return assembled;
                        }
                    }
                }
            }
        }
    }

    /**
     * Keeps a taken message for the next {@link #poll()} or {@link #take}: the caller could not
     * deliver it (its buffer was too small).
     *
     * @param length the length returned by take or poll
     */
    public void keep(int length) {
        pending = length;
    }

    /** @return the array holding the last message taken, from index 0 */
    public byte[] scratch() {
        return scratch;
    }

    /**
     * A read-only view of the last message taken, reused from message to message.
     *
     * @param length the message length
     * @return the view, position 0, limit {@code length}
     */
    public ByteBuffer view(int length) {
        view.limit(length).position(0);
        return view;
    }

    /** @return messages this receiver lost to eviction since it joined */
    public long lostMessages() {
        return lostMessages;
    }

    private boolean advance(long next) {
        // The compare-and-set is also a full fence, ordering the cursor store before the check
        // of sleeping senders (a lost wake-up otherwise).
        if (storage.compareAndSetLong(cursorOffset, cursor, next)) {
            // A sender waiting for room is woken when this receiver crosses a quarter of the ring
            // (and when it has caught up, in poll): waking it for every record would have it wake,
            // find one record's room while others still lag, and sleep again, once per record.
            boolean crossedQuarter = ((cursor ^ next) & -wakeQuantum) != 0;
            cursor = next;
            if (crossedQuarter) {
                storage.wakeIfWaiting(SPACE_WAITERS_OFFSET, SPACE_FUTEX_OFFSET);
            }
            return true;
        }
        resync();
        return false;
    }

    private void checkEvictedOrCorrupt(String what, long value, int type) {
        if (storage.getLongVolatile(cursorOffset) != cursor) {
            resync();
            return;
        }
        throw new IpcException(IpcStatus.ERROR_RECEIVE_FAILED, "storage of channel '" + channel + "' is corrupt: "
                + what + " is invalid (value=" + value + ", type=" + type + ", position=" + cursor + ", capacity="
                + capacity + ", maxMessageSize=" + maxMessageSize + "): file=" + storage.path());
    }

    /**
     * Our cursor moved under us: a sender evicted us (and counted what we lost in our slot), or
     * this handle's own sender moved us past its own message. Either way, follow it.
     */
    private void resync() {
        cursor = storage.getLongVolatile(cursorOffset);
        cachedTail = cursor;
        assembling = false;
        long lost = storage.getLongVolatile(lostOffset);
        long delta = lost - lostSeen;
        if (delta == 0) {
            return;
        }
        lostSeen = lost;
        lostMessages += delta;
        LOG.log(System.Logger.Level.WARNING, "channel ''{0}'': this receiver fell a whole ring ({1} bytes) behind and a"
                + " sender evicted it: {2} message(s) lost, {3} in all; receive faster or give the channel more capacity",
                channel, capacity, delta, lostMessages);
    }

    private void ensureScratch(int length) {
        if (scratch.length < length) {
            int size = (int) Math.min(maxMessageSize, Math.max(length, 2L * scratch.length));
            scratch = new byte[size];
            view = ByteBuffer.wrap(scratch).asReadOnlyBuffer();
        }
    }
}
