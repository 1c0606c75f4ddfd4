package io.libipc.internal.ring;

import io.libipc.IpcException;
import io.libipc.IpcStatus;
import io.libipc.internal.engine.Cancellation;
import io.libipc.internal.engine.Timeouts;
import io.libipc.internal.memory.SharedMemory;
import io.libipc.internal.storage.ChannelStorage;
import io.libipc.internal.wait.Spinner;
import io.libipc.internal.wait.Waiter;
import io.libipc.internal.wait.Wakeups;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

import static io.libipc.internal.storage.RecordDescriptor.*;
import static io.libipc.internal.storage.SlotDescriptor.*;
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
final class RingReader {

    private static final System.Logger LOG = System.getLogger(RingReader.class.getName());
    private static final long SLICE_NANOS = 100_000_000L;
    /** A wait shorter than this was ended by a message of a dense stream. */
    private static final long STREAM_SLEEP_NANOS = 200_000L;
    /** Parks of a streaming receiver before it sleeps in the kernel: 50, 100, 200 us (~0.35 ms in all). */
    private static final int STREAM_PARKS = 3;
    private static final long STREAM_PARK_NANOS = 50_000L;

    private final ChannelStorage storage;
    private final SharedMemory memory;
    private final int capacity;
    private final long indexMask;
    private final int maxMessageSize;
    private final int cursorOffset;
    /** A quarter of the ring: the granularity at which this receiver wakes senders waiting for room. */
    private final long wakeQuantum;
    private final int slot;
    private final int ownTag;
    private final Waiter waiter;
    private final long spinNanos;
    private final Spinner spinner;
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
    /** Length of the message last taken, which {@link #message()} shows. */
    private int taken;
    /** Whether the last wait (a kernel sleep, or dozing) ended on a stream: soon, or on a batch. */
    private boolean streaming;

    /**
     * A reader for one receiving handle, starting at its slot's cursor.
     *
     * @param storage the channel storage
     * @param slot the handle's receiver slot, joined
     * @param skipOwn whether the handle also sends: its own records carry {@link RecordDescriptor#senderTag(int)} of this slot
     * @param waiter how to sleep when there is nothing to read
     * @param spinNanos the spin phase before dozing or sleeping
     * @param cancellation asked by every wait
     * @param channel the channel name, for messages
     */
    RingReader(ChannelStorage storage, int slot, boolean skipOwn, Waiter waiter, long spinNanos,
               Cancellation cancellation, String channel) {
        this.storage = storage;
        this.memory = storage.memory();
        this.capacity = storage.capacity();
        this.indexMask = capacity - 1;
        this.maxMessageSize = storage.maxMessageSize();
        this.cursorOffset = cursorOffset(slot);
        this.wakeQuantum = capacity / 4;
        this.slot = slot;
        this.ownTag = skipOwn ? senderTag(slot) : -1;
        this.waiter = waiter;
        this.spinNanos = spinNanos;
        this.spinner = new Spinner(spinNanos);
        this.cancellation = cancellation;
        this.channel = channel;
        this.cursor = cursor(memory, cursorOffset);
        this.cachedTail = cursor;
    }

    /**
     * Waits for the next complete message; {@link #message()} then shows it.
     *
     * @param timeoutNanos how long to wait, or {@link Timeouts#NO_LIMIT}
     * @return the message length, or -1 when the timeout passed
     */
    int take(long timeoutNanos) {
        boolean timed = Timeouts.isLimited(timeoutNanos);
        long deadline = timed ? System.nanoTime() + timeoutNanos : 0;
        long spinStart = 0;
        boolean spinning = false;
        int parks = 0;
        boolean slept = false;
        for (int attempt = 0; ; ) {
            int n = poll();
            if (n >= 0) {
                if (spinning) {
                    spinner.found(cachedTail > cursor);
                }
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
                spinner.begin();
            }
            if (spinner.spin(now - spinStart, now)) {
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
            Wakeups.announce(memory, DATA_WAITERS_OFFSET);
            int seen = memory.getIntVolatile(DATA_FUTEX_OFFSET);
            if (tailAfterAnnouncing(memory) == cachedTail) {
                waiter.await(memory, DATA_FUTEX_OFFSET, seen,
                        timed ? Math.min(deadline - now, SLICE_NANOS) : SLICE_NANOS, attempt++);
                slept = true;
            }
            cancellation.check();
        }
    }

    /**
     * Takes the next complete message if one is there, without waiting; {@link #message()} then
     * shows it.
     *
     * @return the message length, or -1 when there is none yet
     */
    int poll() {
        if (pending >= 0) {
            int n = pending;
            pending = -1;
            return n;
        }
        int n = next();
        if (n >= 0) {
            taken = n;
        }
        return n;
    }

    private int next() {
        for (;;) {
            if (cursor >= cachedTail) {
                cachedTail = tail(memory);
                if (cursor >= cachedTail) {
                    // Caught up: a sender waiting for room may be waiting for this receiver.
                    Wakeups.wakeIfWaiting(memory, SPACE_WAITERS_OFFSET, SPACE_FUTEX_OFFSET);
                    return -1;
                }
            }
            int index = (int) (cursor & indexMask);
            int at = RING_OFFSET + index;
            int length = length(memory, at);
            int type = type(memory, at);
            // The length is checked before it is aligned: aligning a corrupt one near Integer.MAX_VALUE
            // would overflow and send the cursor backwards. Records are aligned and never cross the
            // ring's end, so a length within the rest of the ring aligns within it too.
            if (length < HEADER_LENGTH || length > capacity - index || type < TYPE_PADDING || type > TYPE_LAST) {
                checkEvictedOrCorrupt("a record header", length, type);
                continue;
            }
            int aligned = align(length);
            long next = cursor + aligned;
            if (type == TYPE_PADDING || senderTagAt(memory, at) == ownTag) {
                advance(next);
                continue;
            }
            int seq = seq(memory, at);
            if (type == TYPE_UNFRAGMENTED) {
                int n = length - HEADER_LENGTH;
                if (n > maxMessageSize) {
                    checkEvictedOrCorrupt("a message length", n, type);
                    continue;
                }
                ensureScratch(n);
                memory.getBytes(payloadOffset(at, type), scratch, 0, n);
                if (advance(next)) {
                    // A message left incomplete before this one lost its sender half-way: dropped.
                    assembling = false;
                    return n;
                }
            } else if (type == TYPE_FIRST) {
                int total = totalLength(memory, at);
                int n = length - HEADER_LENGTH - FIRST_EXTRA_LENGTH;
                if (total > maxMessageSize || n < 0 || n > total) {
                    checkEvictedOrCorrupt("a message length", total, type);
                    continue;
                }
                ensureScratch(total);
                memory.getBytes(payloadOffset(at, type), scratch, 0, n);
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
                memory.getBytes(payloadOffset(at, type), scratch, assembled, n);
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

    /** Keeps the message last taken for the next {@link #poll()} or {@link #take}: the caller could not deliver it. */
    void keep() {
        pending = taken;
    }

    /**
     * A read-only view of the message last taken, reused from message to message.
     *
     * @return the view, position 0, limit the message length
     */
    ByteBuffer message() {
        view.limit(taken).position(0);
        return view;
    }

    /**
     * Copies the message last taken into a buffer, from its position, which advances.
     *
     * @param dst a buffer with room for it
     * @return the message length
     */
    int copyTo(ByteBuffer dst) {
        dst.put(scratch, 0, taken);
        return taken;
    }

    /** @return a copy of the message last taken */
    byte[] copy() {
        return Arrays.copyOf(scratch, taken);
    }

    /** @return messages this receiver lost to eviction since it joined */
    long lostMessages() {
        return lostMessages;
    }

    private boolean advance(long next) {
        // The compare-and-set is also a full fence, ordering the cursor store before the check
        // of sleeping senders (a lost wake-up otherwise).
        if (casCursor(memory, cursorOffset, cursor, next)) {
            // A sender waiting for room is woken when this receiver crosses a quarter of the ring
            // (and when it has caught up, in poll): waking it for every record would have it wake,
            // find one record's room while others still lag, and sleep again, once per record.
            boolean crossedQuarter = ((cursor ^ next) & -wakeQuantum) != 0;
            cursor = next;
            if (crossedQuarter) {
                Wakeups.wakeIfWaiting(memory, SPACE_WAITERS_OFFSET, SPACE_FUTEX_OFFSET);
            }
            return true;
        }
        resync();
        return false;
    }

    private void checkEvictedOrCorrupt(String what, long value, int type) {
        if (cursor(memory, cursorOffset) != cursor) {
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
        cursor = cursor(memory, cursorOffset);
        cachedTail = cursor;
        assembling = false;
        long lost = lost(memory, slot);
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
