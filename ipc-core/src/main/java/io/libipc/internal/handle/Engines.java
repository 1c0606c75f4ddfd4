package io.libipc.internal.handle;

import io.libipc.IpcOptions;
import io.libipc.internal.engine.ChannelEngine;
import io.libipc.internal.ring.NativeEngine;

/** Picks the engine a handle's options ask for. */
public final class Engines {

    private Engines() {
    }

    /**
     * The engine for a handle.
     *
     * @param options the handle's options
     * @return the engine
     */
    public static ChannelEngine forOptions(IpcOptions options) {
        return NativeEngine.INSTANCE;
    }
}
