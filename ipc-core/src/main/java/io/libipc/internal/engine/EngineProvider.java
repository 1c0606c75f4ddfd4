package io.libipc.internal.engine;

import io.libipc.IpcBackend;

/**
 * How a backend other than the native one is found: a module implementing it lists its provider in
 * {@code META-INF/services/io.libipc.internal.engine.EngineProvider}, and the handle asks the
 * {@link java.util.ServiceLoader} for the one of its {@link io.libipc.IpcOptions#backend()}.
 */
public interface EngineProvider {

    /** @return the backend this provider implements */
    IpcBackend backend();

    /**
     * The engine, loading what it needs (a native library) on first use.
     *
     * @return the engine, one instance for every handle
     * @throws io.libipc.IpcException ERROR_CONNECTION_FAILED naming what is missing and where it was looked for
     */
    ChannelEngine engine();
}
