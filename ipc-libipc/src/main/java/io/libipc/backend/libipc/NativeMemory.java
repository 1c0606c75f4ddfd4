package io.libipc.backend.libipc;

import com.sun.jna.Pointer;

/**
 * A JNA {@link Pointer} that can be moved to another address: copies out of memory the shim hands
 * over (a received message) without creating a Pointer per message. Confined to one thread at a time.
 */
final class NativeMemory extends Pointer {

    NativeMemory() {
        super(0);
    }

    /**
     * Points this at an address.
     *
     * @param address the native address
     * @return this
     */
    NativeMemory at(long address) {
        peer = address;
        return this;
    }
}
