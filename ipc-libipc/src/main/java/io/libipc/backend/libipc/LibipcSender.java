package io.libipc.backend.libipc;

import io.libipc.IpcException;
import io.libipc.IpcStatus;
import io.libipc.internal.engine.Errors;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import static io.libipc.backend.libipc.LibipcNative.*;

/**
 * The sending side of a connection: copies each message into a direct staging buffer the shim
 * reads from (the native call needs an address, and a heap array has none; the buffer grows to the
 * largest message and is reused, so sends allocate nothing), then sends it in slices of
 * {@link LibipcHandle#SLICE_MILLIS}: unforced tries ({@code try_send}) until the last slice, which
 * is forced for a send, so that close ends a send blocked on a full ring within a slice. With our
 * shim each try is one call with one argument, the address of an {@code IPCShimOp}
 * ({@link LibipcShimNative}); the clock is read only once a slice has passed.
 *
 * <p>Thread-safe: one send at a time per connection (the shim serializes them anyway).
 */
final class LibipcSender {

    private static final int TIMEOUT = IpcStatus.ERROR_TIMEOUT.code();
    private static final int SEND_FAILED = IpcStatus.ERROR_SEND_FAILED.code();
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(LibipcHandle.SLICE_MILLIS);

    private final LibipcHandle handle;
    /** The shim's op (handle, staging address, size, timeout), or null for a library without it. */
    private final ByteBuffer op;
    private final long opAddress;
    private ByteBuffer staging;
    private long stagingAddress;

    LibipcSender(LibipcHandle handle) {
        this.handle = handle;
        this.op = LibipcLibrary.hasOps() ? LibipcShimNative.op(handle.handle) : null;
        this.opAddress = op == null ? 0 : LibipcHandle.address(op);
        stagingFor(4096);
    }

    /**
     * Sends one message, as the engine contract's send.
     *
     * @param src a byte[] or a ByteBuffer
     * @param offset where the message starts
     * @param length its length, positive
     * @param timeoutNanos how long it may wait for room
     * @param force whether the last slice forces (libipc then drops receivers a ring behind)
     * @return true when sent, false when not forced and it could not go in time or nobody receives
     */
    synchronized boolean send(Object src, int offset, int length, long timeoutNanos, boolean force) {
        if (length == 0) {
            throw Errors.invalid("libipc cannot send an empty message (channel '" + handle.name + "', backend=LIBIPC)");
        }
        stage(src, offset, length);
        long leftMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
        boolean timed = false;
        long deadline = 0;
        for (;;) {
            boolean last = leftMs <= LibipcHandle.SLICE_MILLIS;
            int status = sendOnce(length, last ? leftMs : LibipcHandle.SLICE_MILLIS, force && last);
            if (status == 0) {
                return true;
            }
            if (status != TIMEOUT || last) {
                return failed(status, force, TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
            }
            handle.check();
            if (!timed) {
                // A timed-out slice lasted at least the slice (cpp-ipc's waits never end early).
                timed = true;
                deadline = System.nanoTime() + timeoutNanos - SLICE_NANOS;
            }
            leftMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        }
    }

    private int sendOnce(int length, long timeoutMs, boolean forced) {
        long stamp = handle.enter();
        try {
            if (op != null) {
                op.putLong(LibipcShimNative.OP_SIZE, length).putLong(LibipcShimNative.OP_TIMEOUT, timeoutMs);
                return forced ? LibipcShimNative.ipc_shim_send_op(opAddress)
                        : LibipcShimNative.ipc_shim_try_send_op(opAddress);
            }
            return forced ? ipc_channel_send(handle.handle, stagingAddress, length, timeoutMs)
                    : ipc_channel_try_send(handle.handle, stagingAddress, length, timeoutMs);
        } finally {
            handle.exit(stamp);
        }
    }

    private boolean failed(int status, boolean force, long timeoutMs) {
        boolean nobody = status == SEND_FAILED && nobodyNow();
        if (!force && (status == TIMEOUT || nobody)) {
            return false;
        }
        if (nobody) {
            throw Errors.noReceiver(handle.name);
        }
        if (status == TIMEOUT) {
            throw new IpcException(IpcStatus.ERROR_SEND_FAILED, "message on channel '" + handle.name + "' reached"
                    + " nobody (backend=LIBIPC): every receiver was a whole ring behind for timeoutMs=" + timeoutMs
                    + ", and libipc dropped them");
        }
        throw LibipcEngine.failure(status, handle.name, "send");
    }

    /** Whether cpp-ipc counts no receiver at all (a SENDER|RECEIVER handle's own receiver counts). */
    private boolean nobodyNow() {
        long stamp = handle.enter();
        try {
            return handle.rawReceiverCount() == 0;
        } finally {
            handle.exit(stamp);
        }
    }

    private void stage(Object src, int offset, int length) {
        if (staging.capacity() < length) {
            stagingFor(Math.max(length, 2 * staging.capacity()));
        }
        if (src instanceof byte[]) {
            staging.put(0, (byte[]) src, offset, length);
        } else {
            staging.put(0, (ByteBuffer) src, offset, length);
        }
    }

    private void stagingFor(int capacity) {
        staging = ByteBuffer.allocateDirect(capacity);
        stagingAddress = LibipcHandle.address(staging);
        if (op != null) {
            op.putLong(LibipcShimNative.OP_DATA, stagingAddress);
        }
    }
}
