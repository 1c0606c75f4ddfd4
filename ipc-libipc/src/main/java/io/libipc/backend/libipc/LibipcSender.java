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
 * is forced for a send, so that close ends a send blocked on a full ring within a slice.
 *
 * <p>Thread-safe: one send at a time per connection (the shim serializes them anyway).
 */
final class LibipcSender {

    private static final int TIMEOUT = IpcStatus.ERROR_TIMEOUT.code();
    private static final int SEND_FAILED = IpcStatus.ERROR_SEND_FAILED.code();

    private final LibipcHandle handle;
    private ByteBuffer staging = ByteBuffer.allocateDirect(4096);
    private long stagingAddress = LibipcHandle.address(staging);

    LibipcSender(LibipcHandle handle) {
        this.handle = handle;
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
        long deadline = System.nanoTime() + timeoutNanos;
        for (;;) {
            long leftMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            boolean last = leftMs <= LibipcHandle.SLICE_MILLIS;
            int status = sendOnce(length, last ? leftMs : LibipcHandle.SLICE_MILLIS, force && last);
            if (status == 0) {
                return true;
            }
            if (status == TIMEOUT && !last) {
                handle.check();
                continue;
            }
            return failed(status, force, TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
        }
    }

    private int sendOnce(int length, long timeoutMs, boolean forced) {
        long stamp = handle.enter();
        try {
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
            staging = ByteBuffer.allocateDirect(Math.max(length, 2 * staging.capacity()));
            stagingAddress = LibipcHandle.address(staging);
        }
        if (src instanceof byte[]) {
            staging.put(0, (byte[]) src, offset, length);
        } else {
            staging.put(0, (ByteBuffer) src, offset, length);
        }
    }
}
