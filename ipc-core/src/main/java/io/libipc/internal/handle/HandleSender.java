package io.libipc.internal.handle;

import io.libipc.internal.engine.EngineConnection;
import io.libipc.internal.engine.Errors;

/**
 * Sending on a handle: the sender and size checks every send variant shares, then the engine.
 * Sends are not counted as calls in flight (two atomic operations per message); the engine's
 * {@link EngineConnection#beginClose} waits for them instead.
 *
 * <p>Thread-safe: any number of threads may send at once.
 */
public final class HandleSender {

    private final String name;
    private final HandleLifecycle lifecycle;

    /**
     * The sending side of a handle.
     *
     * @param name the channel name, for messages
     * @param lifecycle the handle's state, for its connection
     */
    public HandleSender(String name, HandleLifecycle lifecycle) {
        this.name = name;
        this.lifecycle = lifecycle;
    }

    /**
     * Sends one message.
     *
     * @param src a {@code byte[]} or a {@link java.nio.ByteBuffer}, not null
     * @param offset where the message starts in {@code src}
     * @param length the message length
     * @param timeoutNanos a resolved send timeout
     * @param force true for send, false for trySend
     * @return as {@link EngineConnection#send}
     */
    public boolean send(Object src, int offset, int length, long timeoutNanos, boolean force) {
        EngineConnection c = lifecycle.connected();
        if (!c.sends()) {
            throw Errors.notSender(name, lifecycle.modes());
        }
        if (length > c.maxMessageSize()) {
            throw Errors.tooLarge(name, length, c.maxMessageSize());
        }
        return c.send(src, offset, length, timeoutNanos, force);
    }
}
