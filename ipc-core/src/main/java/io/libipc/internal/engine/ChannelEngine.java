package io.libipc.internal.engine;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcOptions;

import java.nio.file.Path;
import java.util.Set;

/**
 * What keeps channels: the boundary between the public handle ({@link io.libipc.IpcChannel}) and
 * the code that moves bytes. The native engine (our own storage format, {@code internal.ring}) is
 * one; a backend bound to another library (libipc's own format) is another, behind the same
 * handle. The handle has already checked every argument and resolved every timeout (see
 * {@link Timeouts}) when it calls an engine.
 *
 * <p>Thread-safe, and stateless as far as the handle can tell: one instance serves every handle.
 */
public interface ChannelEngine {

    /**
     * Where a channel's storage lives, for messages and tools; nothing is created.
     *
     * @param name a valid channel name
     * @param options the handle's options
     * @return the file (for an engine with several, the main one)
     */
    Path storagePath(String name, IpcOptions options);

    /**
     * Opens a channel (creating its storage if needed) and connects with the given modes.
     *
     * @param type ROUTE or CHANNEL
     * @param name a valid channel name
     * @param options the handle's options
     * @param modes sender, receiver or both; not empty
     * @param cancellation asked by every wait of the connection: throws when the handle was closed
     *                     or disconnected from another thread
     * @return the connection, which the handle closes when it disconnects
     * @throws io.libipc.IpcException ERROR_CONNECTION_FAILED (a limit reached, a live ROUTE sender,
     *         broken or foreign storage), ERROR_MEMORY (storage cannot be created), ERROR_INVALID_ARGUMENT
     */
    EngineConnection connect(ChannelType type, String name, IpcOptions options, Set<ConnMode> modes,
                             Cancellation cancellation);

    /**
     * Removes a channel's storage. Handles still open on it, in any process, fail their next call.
     *
     * @param name a valid channel name
     * @param options the options naming where the storage lives
     * @return whether anything was removed
     */
    boolean clearStorage(String name, IpcOptions options);
}
