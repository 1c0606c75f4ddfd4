package io.libipc.backend.libipc;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * The libipc Python wrapper's C ABI (the twelve functions of {@code libipc_c.h}) through JNA direct
 * mapping: no per-call allocation and about half a
 * microsecond per call, where an interface mapping costs three times that and allocates. Pointers
 * and {@code size_t}/{@code uint64_t} travel as {@code long} (64-bit platforms only).
 *
 * <p>Registered once by {@link LibipcLibrary}; every method is a plain native call, safe from any
 * thread as the shim documents. The shim's {@code ipc_shim_*} helpers are looked up apart
 * ({@link LibipcLibrary#lastError()}), so that a library with the wrapper's functions alone, such as
 * the wrapper's own {@code libipc.dll}, binds too.
 */
final class LibipcNative {

    private LibipcNative() {
    }

    /**
     * Binds the natives below to a loaded shim.
     *
     * @param library the shim
     */
    static void register(NativeLibrary library) {
        Native.register(LibipcNative.class, library);
    }

    static native long ipc_channel_create(int type, String name, int mode);

    static native void ipc_channel_destroy(long handle);

    static native int ipc_channel_connect(long handle, int mode);

    static native int ipc_channel_disconnect(long handle);

    static native int ipc_channel_send(long handle, long data, long size, long timeoutMs);

    static native int ipc_channel_try_send(long handle, long data, long size, long timeoutMs);

    static native int ipc_channel_recv(long handle, long out, long timeoutMs);

    static native int ipc_channel_try_recv(long handle, long out);

    static native void ipc_buffer_free(long buffer);

    static native int ipc_channel_recv_count(long handle);

    static native int ipc_channel_wait_for_recv(long handle, long count, long timeoutMs);

    static native void ipc_channel_clear_storage(String name);
}
