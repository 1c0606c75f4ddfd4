package io.libipc.backend.libipc;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * The shim's own receive helpers ({@code ipc_shim_recv_into}, {@code ipc_shim_try_recv_into}:
 * receive, copy into the caller's memory and release in one call) through JNA direct mapping.
 * Apart from {@link LibipcNative} because a library with the wrapper's twelve functions alone has
 * none of them: {@link #register} then reports false and receives take three calls instead.
 */
final class LibipcShimNative {

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
            library.getFunction("ipc_shim_recv_into");
            library.getFunction("ipc_shim_try_recv_into");
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
        Native.register(LibipcShimNative.class, library);
        return true;
    }

    static native int ipc_shim_recv_into(long handle, long dst, long cap, long out, long timeoutMs);

    static native int ipc_shim_try_recv_into(long handle, long dst, long cap, long out);
}
