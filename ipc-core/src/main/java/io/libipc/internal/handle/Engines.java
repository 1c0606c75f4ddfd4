package io.libipc.internal.handle;

import io.libipc.IpcBackend;
import io.libipc.IpcException;
import io.libipc.IpcOptions;
import io.libipc.IpcStatus;
import io.libipc.internal.engine.ChannelEngine;
import io.libipc.internal.engine.EngineProvider;
import io.libipc.internal.ring.NativeEngine;

import java.util.EnumMap;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Picks the engine a handle's options ask for: the native one, or a backend found on the class path
 * through {@link EngineProvider} (looked up once per backend).
 */
public final class Engines {

    private static final Map<IpcBackend, ChannelEngine> FOUND = new EnumMap<>(IpcBackend.class);

    private Engines() {
    }

    /**
     * The engine for a handle.
     *
     * @param options the handle's options
     * @return the engine
     * @throws IpcException ERROR_CONNECTION_FAILED when the backend's module or library is missing
     */
    public static ChannelEngine forOptions(IpcOptions options) {
        IpcBackend backend = options.backend();
        if (backend == IpcBackend.NATIVE) {
            return NativeEngine.INSTANCE;
        }
        synchronized (FOUND) {
            ChannelEngine engine = FOUND.get(backend);
            if (engine == null) {
                engine = find(backend).engine();
                FOUND.put(backend, engine);
            }
            return engine;
        }
    }

    private static EngineProvider find(IpcBackend backend) {
        for (EngineProvider provider : ServiceLoader.load(EngineProvider.class, Engines.class.getClassLoader())) {
            if (provider.backend() == backend) {
                return provider;
            }
        }
        throw new IpcException(IpcStatus.ERROR_CONNECTION_FAILED, "backend=" + backend + " is not on the class path: add"
                + " the module io.libipc:ipc-libipc (no " + EngineProvider.class.getName() + " for " + backend
                + " in META-INF/services)");
    }
}
