package io.libipc.internal.handle;

import io.libipc.MessageHandler;
import io.libipc.internal.engine.EngineConnection;
import io.libipc.internal.engine.Errors;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Receiving on a handle: the receiver check, under the one-receiving-thread rule
 * ({@link ReceivingThread}), and the three ways a message is handed out (a copy, into the caller's
 * buffer, to a handler).
 *
 * <p>Thread-safe. The buffer and handler paths allocate nothing: the engine hands out a reused
 * view of the message.
 */
public final class HandleReceiver {

    private final String name;
    private final HandleLifecycle lifecycle;
    private final ReceivingThread receivingThread;

    /**
     * The receiving side of a handle.
     *
     * @param name the channel name, for messages
     * @param lifecycle the handle's state, for its connection
     * @param receivingThread the handle's receiving-thread rule, shared with the lifecycle
     */
    public HandleReceiver(String name, HandleLifecycle lifecycle, ReceivingThread receivingThread) {
        this.name = name;
        this.lifecycle = lifecycle;
        this.receivingThread = receivingThread;
    }

    /**
     * Waits for a message and copies it.
     *
     * @param timeoutNanos a resolved timeout
     * @return the message
     */
    public byte[] receive(long timeoutNanos) {
        EngineConnection c = begin();
        try {
            take(c, timeoutNanos);
            return c.copyMessage();
        } finally {
            end();
        }
    }

    /**
     * Waits for a message and puts it into a buffer, or keeps it when the buffer is too small.
     *
     * @param dst a writable buffer
     * @param timeoutNanos a resolved timeout
     * @return the message length
     */
    public int receive(ByteBuffer dst, long timeoutNanos) {
        EngineConnection c = begin();
        try {
            return deliver(c, take(c, timeoutNanos), dst);
        } finally {
            end();
        }
    }

    /**
     * Waits for a message and hands it to a handler.
     *
     * @param handler the handler
     * @param timeoutNanos a resolved timeout
     */
    public void receive(MessageHandler handler, long timeoutNanos) {
        EngineConnection c = begin();
        try {
            take(c, timeoutNanos);
            handler.onMessage(c.message());
        } finally {
            end();
        }
    }

    /**
     * Copies a message if one is there.
     *
     * @return the message, or empty
     */
    public Optional<byte[]> tryReceive() {
        EngineConnection c = begin();
        try {
            return c.tryReceive() < 0 ? Optional.empty() : Optional.of(c.copyMessage());
        } finally {
            end();
        }
    }

    /**
     * Puts a message into a buffer if one is there.
     *
     * @param dst a writable buffer
     * @return the message length, or -1 when there is none
     */
    public int tryReceive(ByteBuffer dst) {
        EngineConnection c = begin();
        try {
            int n = c.tryReceive();
            return n < 0 ? -1 : deliver(c, n, dst);
        } finally {
            end();
        }
    }

    /**
     * Hands a message to a handler if one is there.
     *
     * @param handler the handler
     * @return whether a message was handled
     */
    public boolean tryReceive(MessageHandler handler) {
        EngineConnection c = begin();
        try {
            if (c.tryReceive() < 0) {
                return false;
            }
            handler.onMessage(c.message());
            return true;
        } finally {
            end();
        }
    }

    /** Claims the receiving thread and returns a usable receiving connection; {@link #end()} must follow. */
    private EngineConnection begin() {
        receivingThread.enter(name);
        try {
            EngineConnection c = lifecycle.current();
            if (!c.receives()) {
                throw Errors.notReceiver(name, lifecycle.modes());
            }
            return c;
        } catch (RuntimeException e) {
            end();
            throw e;
        }
    }

    private void end() {
        receivingThread.exit();
    }

    /** Waits for a message; its length, or the timeout error. */
    private int take(EngineConnection c, long timeoutNanos) {
        int n = c.receive(timeoutNanos);
        if (n < 0) {
            throw Errors.receiveTimeout(name, timeoutNanos);
        }
        return n;
    }

    private static int deliver(EngineConnection c, int n, ByteBuffer dst) {
        if (dst.remaining() < n) {
            c.keepMessage();
            throw Errors.bufferTooSmall(dst.remaining(), n);
        }
        return c.copyMessage(dst);
    }
}
