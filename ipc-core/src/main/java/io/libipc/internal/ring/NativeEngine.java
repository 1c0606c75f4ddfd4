package io.libipc.internal.ring;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcOptions;
import io.libipc.internal.engine.Cancellation;
import io.libipc.internal.engine.ChannelEngine;
import io.libipc.internal.engine.EngineConnection;
import io.libipc.internal.storage.StorageRegistry;

import java.nio.file.Path;
import java.util.Set;

/**
 * The native engine: our own storage format, one memory-mapped file per channel holding a
 * broadcast ring ({@link RingWriter}, {@link RingReader}), the participants' slots
 * ({@link Membership}) and the futex words waiters sleep on.
 */
public final class NativeEngine implements ChannelEngine {

    /** The one instance: the engine keeps no state of its own (the storage registry does). */
    public static final NativeEngine INSTANCE = new NativeEngine();

    private NativeEngine() {
    }

    @Override
    public Path storagePath(String name, IpcOptions options) {
        return StorageRegistry.path(name, options);
    }

    @Override
    public EngineConnection connect(ChannelType type, String name, IpcOptions options, Set<ConnMode> modes,
                                    Cancellation cancellation) {
        return RingConnection.open(type, name, storagePath(name, options), options, modes, cancellation);
    }

    @Override
    public boolean clearStorage(String name, IpcOptions options) {
        return StorageRegistry.clear(storagePath(name, options));
    }
}
