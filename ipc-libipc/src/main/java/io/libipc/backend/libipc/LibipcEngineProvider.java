package io.libipc.backend.libipc;

import io.libipc.IpcBackend;
import io.libipc.internal.engine.ChannelEngine;
import io.libipc.internal.engine.EngineProvider;

/** Registers the {@link IpcBackend#LIBIPC} backend (META-INF/services); loads the shim on first use. */
public final class LibipcEngineProvider implements EngineProvider {

    /** Created by the {@link java.util.ServiceLoader}. */
    public LibipcEngineProvider() {
    }

    @Override
    public IpcBackend backend() {
        return IpcBackend.LIBIPC;
    }

    @Override
    public ChannelEngine engine() {
        LibipcLibrary.load();
        return LibipcEngine.INSTANCE;
    }
}
