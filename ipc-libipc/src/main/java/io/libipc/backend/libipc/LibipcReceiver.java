package io.libipc.backend.libipc;

import io.libipc.IpcStatus;
import io.libipc.internal.engine.Errors;
import io.libipc.internal.engine.Timeouts;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

import static io.libipc.backend.libipc.LibipcNative.*;

/**
 * The receiving side of a connection: receives through the shim in slices of
 * {@link LibipcHandle#SLICE_MILLIS} into a direct scratch buffer, in one native call with one
 * argument ({@code ipc_shim_recv_op}, {@link LibipcShimNative}: cpp-ipc's message, over 64 bytes
 * one of its shared chunks, is released at once), or, with a library that lacks it, in three:
 * receive, copy out, free. A message larger than the scratch buffer comes handed over, grows the
 * buffer and is copied. The buffer and the read-only view of it that handlers get are reused:
 * receiving allocates nothing per message. The clock is read only once a slice has passed.
 *
 * <p>A receiver that libipc dropped (it fell a whole ring behind a forced send) is connected again
 * at the newest message, with a warning: libipc does not count what it lost. {@code try_recv}
 * cannot tell "empty" from "dropped", so a receiver that only polls is checked with a short waiting
 * receive every {@value #DROP_PROBE_MILLIS} ms when it finds nothing.
 *
 * <p>Not thread-safe: one thread receives at a time (the handle enforces it).
 */
final class LibipcReceiver {

    private static final System.Logger LOG = System.getLogger(LibipcReceiver.class.getName());
    static final long DROP_PROBE_MILLIS = 100;
    private static final long DROP_PROBE_NANOS = TimeUnit.MILLISECONDS.toNanos(DROP_PROBE_MILLIS);
    /** {@code IPCBuffer}: data, size, free_fn, ctx. */
    private static final int IPC_BUFFER_LENGTH = 4 * Long.BYTES;
    private static final int TIMEOUT = IpcStatus.ERROR_TIMEOUT.code();
    /** What {@link #receiveOnce} returns when nothing came within the slice. */
    private static final int NOTHING = -1;
    /** What {@link #receiveOnce} returns when it rejoined at once, without waiting. */
    private static final int REJOINED = -2;

    private final LibipcHandle handle;
    private final int maxMessageSize;
    /** The shim's op (handle, scratch address and room, timeout, out), or null without it. */
    private final ByteBuffer op;
    private final long opAddress;
    /** The three-call path's {@code IPCBuffer}. */
    private final ByteBuffer received = ByteBuffer.allocateDirect(IPC_BUFFER_LENGTH).order(ByteOrder.nativeOrder());
    private final long receivedAddress = LibipcHandle.address(received);
    private final NativeMemory message = new NativeMemory();
    private ByteBuffer scratch;
    private ByteBuffer view;
    /** The bounce array for handed-over messages (JNA reads native memory into arrays without allocating). */
    private byte[] bounce = new byte[0];
    private int taken;
    private int pending = -1;
    private long lastDropProbe = System.nanoTime();

    LibipcReceiver(LibipcHandle handle, int maxMessageSize) {
        this.handle = handle;
        this.maxMessageSize = maxMessageSize;
        this.op = LibipcLibrary.hasOps() ? LibipcShimNative.op(handle.handle) : null;
        this.opAddress = op == null ? 0 : LibipcHandle.address(op);
        scratchFor(4096);
    }

    int receive(long timeoutNanos) {
        if (pending >= 0) {
            return takePending();
        }
        boolean limited = Timeouts.isLimited(timeoutNanos);
        long slice = limited ? sliceOf(timeoutNanos) : LibipcHandle.SLICE_MILLIS;
        boolean timed = false;
        long deadline = 0;
        for (;;) {
            int n = receiveOnce(slice);
            if (n >= 0) {
                return n;
            }
            handle.check();
            if (!limited) {
                continue;
            }
            long now = System.nanoTime();
            if (!timed) {
                // A timed-out slice lasted at least the slice (cpp-ipc's waits never end early).
                timed = true;
                deadline = now + timeoutNanos - (n == REJOINED ? 0 : TimeUnit.MILLISECONDS.toNanos(slice));
            }
            long left = deadline - now;
            if (left <= 0) {
                return -1;
            }
            slice = sliceOf(left);
        }
    }

    private static long sliceOf(long leftNanos) {
        return Math.max(1, Math.min(LibipcHandle.SLICE_MILLIS, TimeUnit.NANOSECONDS.toMillis(leftNanos)));
    }

    int tryReceive() {
        if (pending >= 0) {
            return takePending();
        }
        int n = receiveOnce(-1);
        if (n < 0 && System.nanoTime() - lastDropProbe > DROP_PROBE_NANOS) {
            lastDropProbe = System.nanoTime();
            n = receiveOnce(1);
        }
        return Math.max(n, -1);
    }

    /** One shim receive: waiting up to {@code sliceMs}, or not at all when negative. */
    private int receiveOnce(long sliceMs) {
        long stamp = handle.enter();
        try {
            int status;
            if (op != null) {
                if (sliceMs < 0) {
                    status = LibipcShimNative.ipc_shim_try_recv_op(opAddress);
                } else {
                    op.putLong(LibipcShimNative.OP_TIMEOUT, sliceMs);
                    status = LibipcShimNative.ipc_shim_recv_op(opAddress);
                }
                if (status == 0 && op.getLong(LibipcShimNative.OP_OUT_DATA) == 0) {
                    // Copied into scratch and released by the shim.
                    taken = (int) op.getLong(LibipcShimNative.OP_OUT_SIZE);
                    return taken;
                }
                if (status == 0) {
                    return copyOut(op, LibipcShimNative.OP_OUT, opAddress);
                }
            } else {
                status = sliceMs < 0 ? ipc_channel_try_recv(handle.handle, receivedAddress)
                        : ipc_channel_recv(handle.handle, receivedAddress, sliceMs);
                if (status == 0) {
                    return copyOut(received, 0, receivedAddress);
                }
            }
            if (status == TIMEOUT) {
                return NOTHING;
            }
            if (status == IpcStatus.ERROR_CONNECTION_FAILED.code()) {
                rejoin();
                return REJOINED;
            }
            throw LibipcEngine.failure(status, handle.name, "receive");
        } finally {
            handle.exit(stamp);
        }
    }

    /**
     * Copies a message the shim handed over into scratch (grown as needed) and frees it at once.
     *
     * @param holder the memory that holds the {@code IPCBuffer}
     * @param at where in it
     * @param holderAddress the holder's native address
     */
    private int copyOut(ByteBuffer holder, int at, long holderAddress) {
        long data = holder.getLong(at);
        long size = holder.getLong(at + Long.BYTES);
        try {
            if (size > maxMessageSize) {
                throw Errors.invalid("a message on channel '" + handle.name + "' (backend=LIBIPC) is larger than this"
                        + " handle's maximum and was dropped: length=" + size + ", maxMessageSize=" + maxMessageSize);
            }
            int n = (int) size;
            if (scratch.capacity() < n) {
                scratchFor(Math.max(n, Math.min(maxMessageSize, 2 * scratch.capacity())));
            }
            if (bounce.length < n) {
                bounce = new byte[scratch.capacity()];
            }
            message.at(data).read(0, bounce, 0, n);
            scratch.put(0, bounce, 0, n);
            taken = n;
            return n;
        } finally {
            ipc_buffer_free(holderAddress + at);
        }
    }

    private void scratchFor(int capacity) {
        scratch = ByteBuffer.allocateDirect(capacity);
        view = scratch.asReadOnlyBuffer();
        if (op != null) {
            op.putLong(LibipcShimNative.OP_DATA, LibipcHandle.address(scratch)).putLong(LibipcShimNative.OP_SIZE,
                    Math.min(capacity, maxMessageSize));
        }
    }

    private void rejoin() {
        int status = ipc_channel_connect(handle.handle, handle.mode);
        if (status != 0) {
            throw LibipcEngine.failure(status, handle.name, "rejoin after libipc dropped this receiver");
        }
        LOG.log(System.Logger.Level.WARNING, "channel ''{0}'' (backend=LIBIPC): this receiver fell a whole ring behind"
                + " and libipc dropped it; rejoined at the newest message (libipc does not count what was lost)",
                handle.name);
    }

    private int takePending() {
        int n = pending;
        pending = -1;
        return n;
    }

    ByteBuffer message() {
        view.limit(taken).position(0);
        return view;
    }

    int copyMessage(ByteBuffer dst) {
        dst.put(dst.position(), scratch, 0, taken);
        dst.position(dst.position() + taken);
        return taken;
    }

    byte[] copyMessage() {
        byte[] copy = new byte[taken];
        scratch.get(0, copy);
        return copy;
    }

    void keepMessage() {
        pending = taken;
    }
}
