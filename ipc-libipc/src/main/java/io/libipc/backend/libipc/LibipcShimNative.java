package io.libipc.backend.libipc;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The shim's own send and receive helpers ({@code ipc_shim_send_op}, {@code ipc_shim_try_send_op},
 * {@code ipc_shim_recv_op}, {@code ipc_shim_try_recv_op}) through JNA direct mapping. Each takes the
 * address of an {@code IPCShimOp} that holds the call's arguments and is reused from call to call:
 * JNA's cost grows with the arguments (~11 ns each, measured), so one argument instead of four or
 * five takes a third off a call, and a receive is one call instead of three (receive, copy, free).
 * Apart from {@link LibipcNative} because a library with the wrapper's twelve functions alone has
 * none of them: {@link #register} then reports false and the twelve are used.
 */
final class LibipcShimNative {

    /** {@code IPCShimOp}: handle, data, size, timeout_ms, then an {@code IPCBuffer} (data, size, free_fn, ctx). */
    static final int OP_LENGTH = 8 * Long.BYTES;
    static final int OP_HANDLE = 0;
    static final int OP_DATA = 8;
    static final int OP_SIZE = 16;
    static final int OP_TIMEOUT = 24;
    static final int OP_OUT = 32;
    static final int OP_OUT_DATA = OP_OUT;
    static final int OP_OUT_SIZE = OP_OUT + 8;

    private LibipcShimNative() {
    }

    /**
     * Binds the natives below, when the library has them.
     *
     * @param library the loaded library
     * @return whether it has them
     */
    static boolean register(NativeLibrary library) {
        try {
            for (String name : new String[] {"ipc_shim_send_op", "ipc_shim_try_send_op", "ipc_shim_recv_op",
                    "ipc_shim_try_recv_op"}) {
                library.getFunction(name);
            }
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
        Native.register(LibipcShimNative.class, library);
        return true;
    }

    /**
     * A zeroed {@code IPCShimOp} for one handle, in native memory.
     *
     * @param handle the shim handle
     * @return the op (native byte order)
     */
    static ByteBuffer op(long handle) {
        ByteBuffer op = ByteBuffer.allocateDirect(OP_LENGTH).order(ByteOrder.nativeOrder());
        op.putLong(OP_HANDLE, handle);
        return op;
    }

    static native int ipc_shim_send_op(long op);

    static native int ipc_shim_try_send_op(long op);

    static native int ipc_shim_recv_op(long op);

    static native int ipc_shim_try_recv_op(long op);
}
