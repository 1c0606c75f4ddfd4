package io.libipc.backend.libipc;

import io.libipc.ConnMode;
import io.libipc.internal.engine.Cancellation;
import io.libipc.internal.engine.Errors;

import java.nio.ByteBuffer;
import java.util.concurrent.locks.StampedLock;

import static io.libipc.backend.libipc.LibipcNative.*;

/**
 * One shim handle and the guard that keeps it alive while native code uses it: every native call
 * holds a read lock of the guard and finds the handle open; {@link #destroy()} takes the write lock,
 * so the handle is never freed under a call (a use after free in native code would crash the JVM).
 * Blocking calls wait in slices of {@link #SLICE_MILLIS} and ask {@link #check()} between them, so
 * that disconnect and close, which cannot interrupt native code, end them within a slice.
 *
 * <p>Thread-safe.
 */
final class LibipcHandle {

    /** The longest a blocking shim call waits before the caller looks at cancellation again. */
    static final long SLICE_MILLIS = 100;

    final String name;
    final int mode;
    final boolean sends;
    final boolean receives;
    /** The shim's handle, valid until {@link #destroy()}. */
    final long handle;
    private final Cancellation cancellation;
    private final StampedLock guard = new StampedLock();
    private volatile boolean open = true;

    LibipcHandle(String name, int mode, long handle, Cancellation cancellation) {
        this.name = name;
        this.mode = mode;
        this.sends = (mode & ConnMode.SENDER.flag()) != 0;
        this.receives = (mode & ConnMode.RECEIVER.flag()) != 0;
        this.handle = handle;
        this.cancellation = cancellation;
    }

    /**
     * Takes the read lock for a native call.
     *
     * @return the stamp for {@link #exit(long)}
     * @throws io.libipc.IpcException when the handle is closing (the handle's own reason first)
     */
    long enter() {
        long stamp = guard.readLock();
        if (!open) {
            guard.unlockRead(stamp);
            check();
            throw Errors.connectionEnded(name);
        }
        return stamp;
    }

    void exit(long stamp) {
        guard.unlockRead(stamp);
    }

    /** Throws when the caller must stop waiting: the handle closed or disconnected meanwhile. */
    void check() {
        cancellation.check();
        if (!open) {
            throw Errors.connectionEnded(name);
        }
    }

    /**
     * The receivers cpp-ipc counts, this handle's own included; under the guard.
     *
     * @return the count, or a negative shim status
     */
    int rawReceiverCount() {
        return ipc_channel_recv_count(handle);
    }

    /** Stops the calls to come; those in progress end within a slice. */
    void close() {
        open = false;
    }

    /** Frees the shim handle once no call is in it (cpp-ipc gives its places back). */
    void destroy() {
        open = false;
        long stamp = guard.writeLock();
        try {
            ipc_channel_destroy(handle);
        } finally {
            guard.unlockWrite(stamp);
        }
    }

    /**
     * The native address of a direct buffer, looked up once per buffer.
     *
     * @param direct a direct buffer
     * @return its address
     */
    static long address(ByteBuffer direct) {
        return com.sun.jna.Pointer.nativeValue(com.sun.jna.Native.getDirectBufferPointer(direct));
    }
}
