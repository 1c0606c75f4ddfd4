package io.libipc.internal.memory;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.nio.ByteBuffer;

/**
 * The native address of a direct buffer, through JNA. A class of its own, so that
 * {@link SharedMemory} refers to no JNA class: JNA is loaded only when a futex call first needs an
 * address, never in a JVM whose handles all use the PORTABLE wait strategy.
 */
final class NativeAddress {

    private NativeAddress() {
    }

    /**
     * The address of a direct buffer's first byte.
     *
     * @param buffer a direct buffer
     * @return the address
     */
    static long of(ByteBuffer buffer) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(buffer));
    }
}
