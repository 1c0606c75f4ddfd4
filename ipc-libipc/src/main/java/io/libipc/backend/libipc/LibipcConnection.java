package io.libipc.backend.libipc;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcException;
import io.libipc.IpcOptions;
import io.libipc.IpcStatus;
import io.libipc.internal.engine.Cancellation;
import io.libipc.internal.engine.EngineConnection;
import io.libipc.internal.engine.Errors;
import io.libipc.internal.engine.Timeouts;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.StampedLock;

import static io.libipc.backend.libipc.LibipcNative.*;

/**
 * One connection through the shim: one shim handle, created connected and destroyed on close.
 *
 * <p>Every native call on the handle holds a read lock of {@link #guard} and finds the handle open;
 * {@link #close()} takes the write lock, so the handle is never destroyed under a call (that would
 * be a use after free in native code). Blocking calls wait in slices of {@link #SLICE_MILLIS}, so
 * that disconnect and close, which cannot interrupt native code, end them within a slice.
 *
 * <p>Sends copy the message into a direct staging buffer the shim reads from (the native call
 * needs an address, and a heap array has none); receives copy the message out of the shim's buffer
 * into a heap scratch array and free the shim's buffer at once (for messages over 64 bytes it holds
 * one of cpp-ipc's shared chunks). Both buffers grow to the largest message and are reused: the
 * buffer and handler paths allocate nothing per message.
 */
final class LibipcConnection implements EngineConnection {

    private static final System.Logger LOG = System.getLogger(LibipcConnection.class.getName());

    /** libipc's ring: 256 slots of 64 bytes (a message over 64 bytes takes one slot and a shared chunk). */
    static final int RING_BYTES = 256 * 64;
    /** The shim's largest message (cpp-ipc keeps sizes in an int32). */
    static final int SHIM_MAX_MESSAGE_SIZE = 0x7FFFFBFF;
    private static final long SLICE_MILLIS = 100;
    private static final int IPC_BUFFER_LENGTH = 32;
    private static final int TIMEOUT = IpcStatus.ERROR_TIMEOUT.code();

    private final String name;
    private final ChannelType type;
    private final int mode;
    private final boolean sends;
    private final boolean receives;
    private final int maxMessageSize;
    private final Cancellation handleCancellation;
    private final StampedLock guard = new StampedLock();
    private final long handle;
    private volatile boolean open = true;

    /** Guarded by itself: one send at a time per connection (the shim serializes sends anyway). */
    private final Object sendLock = new Object();
    private ByteBuffer staging = ByteBuffer.allocateDirect(4096);
    private long stagingAddress = address(staging);

    // The receiving thread's (one at a time, the handle enforces it).
    private final ByteBuffer received = ByteBuffer.allocateDirect(IPC_BUFFER_LENGTH).order(ByteOrder.nativeOrder());
    private final long receivedAddress = address(received);
    private final NativeMemory message = new NativeMemory();
    private byte[] scratch = new byte[4096];
    private ByteBuffer view = ByteBuffer.wrap(scratch).asReadOnlyBuffer();
    private int taken;
    private int pending = -1;

    private LibipcConnection(String name, ChannelType type, int mode, IpcOptions options, Cancellation cancellation,
                             long handle) {
        this.name = name;
        this.type = type;
        this.mode = mode;
        this.sends = (mode & ConnMode.SENDER.flag()) != 0;
        this.receives = (mode & ConnMode.RECEIVER.flag()) != 0;
        this.maxMessageSize = Math.min(options.maxMessageSize(), SHIM_MAX_MESSAGE_SIZE);
        this.handleCancellation = cancellation;
        this.handle = handle;
    }

    static LibipcConnection open(ChannelType type, String name, IpcOptions options, Set<ConnMode> modes,
                                 Cancellation cancellation) {
        int mode = 0;
        for (ConnMode m : modes) {
            mode |= m.flag();
        }
        long handle = ipc_channel_create(type.code(), name, mode);
        if (handle == 0) {
            throw new IpcException(IpcStatus.ERROR_CONNECTION_FAILED, "cannot connect to channel '" + name
                    + "' (backend=LIBIPC, type=" + type + ", modes=" + modes + "): " + ipc_shim_last_error());
        }
        return new LibipcConnection(name, type, mode, options, cancellation, handle);
    }

    @Override
    public boolean sends() {
        return sends;
    }

    @Override
    public boolean receives() {
        return receives;
    }

    /** libipc has no "cleared" mark: a handle keeps working on the objects it opened. */
    @Override
    public void checkUsable() {
        // nothing to check
    }

    /** @return {@link #RING_BYTES}: libipc's ring, whatever the options asked for */
    @Override
    public int capacity() {
        return RING_BYTES;
    }

    @Override
    public int maxMessageSize() {
        return maxMessageSize;
    }

    @Override
    public boolean send(Object src, int offset, int length, long timeoutNanos, boolean force) {
        if (length == 0) {
            throw Errors.invalid("libipc cannot send an empty message (channel '" + name + "', backend=LIBIPC)");
        }
        long timeoutMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
        long stamp = enter();
        try {
            int status;
            synchronized (sendLock) {
                stage(src, offset, length);
                status = force ? ipc_channel_send(handle, stagingAddress, length, timeoutMs)
                        : ipc_channel_try_send(handle, stagingAddress, length, timeoutMs);
            }
            if (status == 0) {
                return true;
            }
            if (!force && (status == TIMEOUT || status == IpcStatus.ERROR_SEND_FAILED.code() && noReceiver())) {
                return false;
            }
            if (status == IpcStatus.ERROR_SEND_FAILED.code() && noReceiver()) {
                throw Errors.noReceiver(name);
            }
            if (status == TIMEOUT) {
                throw new IpcException(IpcStatus.ERROR_SEND_FAILED, "message on channel '" + name + "' reached nobody"
                        + " (backend=LIBIPC): every receiver was a whole ring behind for timeoutMs=" + timeoutMs
                        + ", and libipc dropped them");
            }
            throw LibipcEngine.failure(status, name, "send");
        } finally {
            guard.unlockRead(stamp);
        }
    }

    private boolean noReceiver() {
        return ipc_channel_recv_count(handle) == 0;
    }

    private void stage(Object src, int offset, int length) {
        if (staging.capacity() < length) {
            staging = ByteBuffer.allocateDirect(Math.max(length, 2 * staging.capacity()));
            stagingAddress = address(staging);
        }
        if (src instanceof byte[]) {
            staging.put(0, (byte[]) src, offset, length);
        } else {
            staging.put(0, (ByteBuffer) src, offset, length);
        }
    }

    @Override
    public int receive(long timeoutNanos) {
        if (pending >= 0) {
            return takePending();
        }
        boolean limited = Timeouts.isLimited(timeoutNanos);
        long deadline = limited ? System.nanoTime() + timeoutNanos : 0;
        for (;;) {
            long left = limited ? deadline - System.nanoTime() : Long.MAX_VALUE;
            if (left <= 0) {
                return -1;
            }
            long slice = Math.max(1, Math.min(SLICE_MILLIS, TimeUnit.NANOSECONDS.toMillis(left)));
            int n = receiveOnce(slice);
            if (n >= 0) {
                return n;
            }
            cancellation();
        }
    }

    @Override
    public int tryReceive() {
        if (pending >= 0) {
            return takePending();
        }
        return receiveOnce(-1);
    }

    /** One shim receive: waiting up to {@code sliceMs}, or not at all when negative. */
    private int receiveOnce(long sliceMs) {
        long stamp = enter();
        try {
            int status = sliceMs < 0 ? ipc_channel_try_recv(handle, receivedAddress)
                    : ipc_channel_recv(handle, receivedAddress, sliceMs);
            if (status == 0) {
                return copyOut();
            }
            if (status == TIMEOUT) {
                return -1;
            }
            if (status == IpcStatus.ERROR_CONNECTION_FAILED.code()) {
                rejoin();
                return -1;
            }
            throw LibipcEngine.failure(status, name, "receive");
        } finally {
            guard.unlockRead(stamp);
        }
    }

    /** Copies the shim's buffer into the scratch array and frees it at once. */
    private int copyOut() {
        long data = received.getLong(0);
        long size = received.getLong(Long.BYTES);
        try {
            if (size > maxMessageSize) {
                throw Errors.invalid("a message on channel '" + name + "' (backend=LIBIPC) is larger than this"
                        + " handle's maximum and was dropped: length=" + size + ", maxMessageSize=" + maxMessageSize);
            }
            int n = (int) size;
            if (scratch.length < n) {
                scratch = new byte[Math.max(n, Math.min(maxMessageSize, 2 * scratch.length))];
                view = ByteBuffer.wrap(scratch).asReadOnlyBuffer();
            }
            message.at(data).read(0, scratch, 0, n);
            taken = n;
            return n;
        } finally {
            ipc_buffer_free(receivedAddress);
        }
    }

    /**
     * A forced send of libipc dropped this receiver (it fell a whole ring behind): connect again, at
     * the newest message, and say so; libipc does not tell how many messages were lost.
     */
    private void rejoin() {
        int status = ipc_channel_connect(handle, mode);
        if (status != 0) {
            throw LibipcEngine.failure(status, name, "rejoin after libipc dropped this receiver");
        }
        LOG.log(System.Logger.Level.WARNING, "channel ''{0}'' (backend=LIBIPC): this receiver fell a whole ring behind"
                + " and libipc dropped it; rejoined at the newest message (libipc does not count what was lost)", name);
    }

    private int takePending() {
        int n = pending;
        pending = -1;
        return n;
    }

    @Override
    public ByteBuffer message() {
        view.limit(taken).position(0);
        return view;
    }

    @Override
    public int copyMessage(ByteBuffer dst) {
        dst.put(scratch, 0, taken);
        return taken;
    }

    @Override
    public byte[] copyMessage() {
        return Arrays.copyOf(scratch, taken);
    }

    @Override
    public void keepMessage() {
        pending = taken;
    }

    /** @return -1: libipc drops a receiver that falls behind without counting what it lost */
    @Override
    public long lostMessages() {
        return -1;
    }

    @Override
    public int receiverCount() {
        long stamp = enter();
        try {
            int n = ipc_channel_recv_count(handle);
            if (n < 0) {
                throw LibipcEngine.failure(n, name, "receiverCount");
            }
            // libipc counts this handle's own receiver; the API counts who gets this handle's messages.
            return sends && receives ? Math.max(0, n - 1) : n;
        } finally {
            guard.unlockRead(stamp);
        }
    }

    /** @return -1: libipc does not tell how full its ring is */
    @Override
    public long backlogBytes() {
        return -1;
    }

    @Override
    public boolean awaitReceivers(int count, long timeoutNanos) {
        long target = sends && receives ? (long) count + 1 : count;
        boolean limited = Timeouts.isLimited(timeoutNanos);
        long deadline = limited ? System.nanoTime() + timeoutNanos : 0;
        for (;;) {
            long left = limited ? deadline - System.nanoTime() : Long.MAX_VALUE;
            long slice = Math.max(1, Math.min(SLICE_MILLIS, TimeUnit.NANOSECONDS.toMillis(Math.max(0, left))));
            long stamp = enter();
            int status;
            try {
                status = ipc_channel_wait_for_recv(handle, target, slice);
            } finally {
                guard.unlockRead(stamp);
            }
            if (status == 1) {
                return true;
            }
            if (status != 0) {
                throw LibipcEngine.failure(status, name, "waitForReceivers");
            }
            if (limited && deadline - System.nanoTime() <= 0) {
                return false;
            }
            cancellation();
        }
    }

    @Override
    public void beginClose() {
        open = false;
    }

    /** Destroys the shim handle once no call is in it (its places are given back by cpp-ipc). */
    @Override
    public void close() {
        open = false;
        long stamp = guard.writeLock();
        try {
            ipc_channel_destroy(handle);
        } finally {
            guard.unlockWrite(stamp);
        }
    }

    /** Takes the read lock for a native call, failing when the connection is closing. */
    private long enter() {
        long stamp = guard.readLock();
        if (!open) {
            guard.unlockRead(stamp);
            cancellation();
            throw Errors.connectionEnded(name);
        }
        return stamp;
    }

    private void cancellation() {
        handleCancellation.check();
        if (!open) {
            throw Errors.connectionEnded(name);
        }
    }

    private static long address(ByteBuffer direct) {
        return com.sun.jna.Pointer.nativeValue(com.sun.jna.Native.getDirectBufferPointer(direct));
    }

    @Override
    public String toString() {
        return "LibipcConnection[name=" + name + ", type=" + type + ", mode=" + mode + "]";
    }
}
