package io.libipc.backend.libipc;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcException;
import io.libipc.IpcOptions;
import io.libipc.IpcStatus;
import io.libipc.internal.engine.Cancellation;
import io.libipc.internal.engine.EngineConnection;
import io.libipc.internal.engine.Timeouts;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.libipc.backend.libipc.LibipcNative.*;

/**
 * One connection through the shim: one shim handle ({@link LibipcHandle}), created connected and
 * destroyed on close, with its sending ({@link LibipcSender}) and receiving ({@link LibipcReceiver})
 * sides.
 *
 * <p>A SENDER|RECEIVER handle: cpp-ipc counts its own receiver, which never gets the handle's own
 * messages. {@link #receiverCount()} takes it off, but cpp-ipc's public API cannot tell whether it
 * is still connected, so (1) with no other receiver, sends still go, into the void, where the native
 * engine fails them (check receiverCount() or waitForReceivers first); (2) such a handle must keep
 * receiving: cpp-ipc holds its own messages for its own receiver too (it skips them only when
 * reading), so one that never receives fills the ring with them, libipc drops its receiver after
 * 256 messages (one send waits its timeout), and receiverCount() then reads one too few.
 */
final class LibipcConnection implements EngineConnection {

    /** libipc's ring: 256 slots of 64 bytes (a message over 64 bytes takes one slot and a shared chunk). */
    static final int RING_BYTES = 256 * 64;
    /** The shim's largest message (cpp-ipc keeps sizes in an int32). */
    static final int SHIM_MAX_MESSAGE_SIZE = 0x7FFFFBFF;

    private final ChannelType type;
    private final int maxMessageSize;
    private final LibipcHandle handle;
    private final LibipcSender sender;
    private final LibipcReceiver receiver;

    private LibipcConnection(ChannelType type, IpcOptions options, LibipcHandle handle) {
        this.type = type;
        this.maxMessageSize = Math.min(options.maxMessageSize(), SHIM_MAX_MESSAGE_SIZE);
        this.handle = handle;
        this.sender = handle.sends ? new LibipcSender(handle) : null;
        this.receiver = handle.receives ? new LibipcReceiver(handle, maxMessageSize) : null;
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
                    + "' (backend=LIBIPC, type=" + type + ", modes=" + modes + "): " + LibipcLibrary.lastError());
        }
        return new LibipcConnection(type, options, new LibipcHandle(name, mode, handle, cancellation));
    }

    @Override
    public boolean sends() {
        return handle.sends;
    }

    @Override
    public boolean receives() {
        return handle.receives;
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
        return sender.send(src, offset, length, timeoutNanos, force);
    }

    @Override
    public int receive(long timeoutNanos) {
        return receiver.receive(timeoutNanos);
    }

    @Override
    public int tryReceive() {
        return receiver.tryReceive();
    }

    @Override
    public ByteBuffer message() {
        return receiver.message();
    }

    @Override
    public int copyMessage(ByteBuffer dst) {
        return receiver.copyMessage(dst);
    }

    @Override
    public byte[] copyMessage() {
        return receiver.copyMessage();
    }

    @Override
    public void keepMessage() {
        receiver.keepMessage();
    }

    /** @return -1: libipc drops a receiver that falls behind without counting what it lost */
    @Override
    public long lostMessages() {
        return -1;
    }

    @Override
    public int receiverCount() {
        long stamp = handle.enter();
        try {
            int n = handle.rawReceiverCount();
            if (n < 0) {
                throw LibipcEngine.failure(n, handle.name, "receiverCount");
            }
            // libipc counts this handle's own receiver; the API counts who gets this handle's messages.
            return handle.sends && handle.receives ? Math.max(0, n - 1) : n;
        } finally {
            handle.exit(stamp);
        }
    }

    /** @return -1: libipc does not tell how full its ring is */
    @Override
    public long backlogBytes() {
        return -1;
    }

    @Override
    public boolean awaitReceivers(int count, long timeoutNanos) {
        long target = handle.sends && handle.receives ? (long) count + 1 : count;
        boolean limited = Timeouts.isLimited(timeoutNanos);
        long deadline = limited ? System.nanoTime() + timeoutNanos : 0;
        for (;;) {
            long left = limited ? deadline - System.nanoTime() : Long.MAX_VALUE;
            long slice = Math.max(1, Math.min(LibipcHandle.SLICE_MILLIS, TimeUnit.NANOSECONDS.toMillis(Math.max(0, left))));
            long stamp = handle.enter();
            int status;
            try {
                status = ipc_channel_wait_for_recv(handle.handle, target, slice);
            } finally {
                handle.exit(stamp);
            }
            if (status == 1) {
                return true;
            }
            if (status != 0) {
                throw LibipcEngine.failure(status, handle.name, "waitForReceivers");
            }
            if (limited && deadline - System.nanoTime() <= 0) {
                return false;
            }
            handle.check();
        }
    }

    @Override
    public void beginClose() {
        handle.close();
    }

    @Override
    public void close() {
        handle.destroy();
    }

    @Override
    public String toString() {
        return "LibipcConnection[name=" + handle.name + ", type=" + type + ", mode=" + handle.mode + "]";
    }
}
