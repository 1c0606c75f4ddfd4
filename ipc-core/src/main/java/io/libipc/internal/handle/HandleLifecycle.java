package io.libipc.internal.handle;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcOptions;
import io.libipc.internal.engine.Cancellation;
import io.libipc.internal.engine.ChannelEngine;
import io.libipc.internal.engine.EngineConnection;
import io.libipc.internal.engine.Errors;
import io.libipc.internal.wait.Backoff;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A handle's connected / disconnected / closed state and the calls in flight in it. Connect,
 * disconnect and close take a lock; the calls that send and receive read one volatile field.
 * Disconnecting ends the connection's waits (they fail with the handle's error: closed or
 * disconnected while waiting), then waits a bounded time for the calls in it to leave before the
 * connection's places are given back, so a slot is never released under a thread using it.
 *
 * <p>Sends are not counted in flight ({@link HandleSender}); receives are known through
 * {@link ReceivingThread}.
 *
 * <p>Thread-safe.
 */
public final class HandleLifecycle {

    private static final long DISCONNECT_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long DISCONNECT_PARK_NANOS = 100_000L;

    private final ChannelEngine engine;
    private final ChannelType type;
    private final String name;
    private final IpcOptions options;
    private final ReceivingThread receiving;
    private final Object lock = new Object();
    private final AtomicInteger callsInFlight = new AtomicInteger();
    private final Cancellation cancellation = this::checkStillConnected;

    private volatile EngineConnection connection;
    private volatile boolean closed;
    /** The modes of the current or last connection; guarded by lock. */
    private Set<ConnMode> modes;
    /** Messages lost by earlier connections. */
    private volatile long lostBefore;
    /** Whether an earlier connection could not count what it lost. */
    private volatile boolean lostUnknown;

    /**
     * A handle's state, not connected yet.
     *
     * @param engine the engine that keeps the channel
     * @param type the channel type
     * @param name the validated channel name
     * @param options the handle's options
     * @param receiving the handle's receiving-thread rule, which disconnect waits on
     */
    public HandleLifecycle(ChannelEngine engine, ChannelType type, String name, IpcOptions options,
                           ReceivingThread receiving) {
        this.engine = engine;
        this.type = type;
        this.name = name;
        this.options = options;
        this.receiving = receiving;
    }

    /** Connects with the modes of the last connection; a no-op when connected. */
    public void connect() {
        synchronized (lock) {
            checkOpen();
            if (connection == null) {
                connection = engine.connect(type, name, options, modes, cancellation);
            }
        }
    }

    /**
     * Connects with the given modes: a no-op when connected with them, a reconnection when
     * connected with others.
     *
     * @param wanted the modes, checked
     */
    public void connect(Set<ConnMode> wanted) {
        synchronized (lock) {
            checkOpen();
            if (connection != null && wanted.equals(modes)) {
                return;
            }
            disconnectLocked();
            connection = engine.connect(type, name, options, wanted, cancellation);
            modes = wanted;
        }
    }

    /** Disconnects; harmless when not connected. */
    public void disconnect() {
        synchronized (lock) {
            disconnectLocked();
        }
    }

    /** Disconnects and closes for good; idempotent. */
    public void close() {
        synchronized (lock) {
            if (!closed) {
                closed = true;
                disconnectLocked();
            }
        }
    }

    /** @return the channel name */
    public String name() {
        return name;
    }

    /** @return the channel type */
    public ChannelType type() {
        return type;
    }

    /** @return where the engine keeps the channel */
    public Path storagePath() {
        return engine.storagePath(name, options);
    }

    /** @return whether connected */
    public boolean isConnected() {
        return connection != null;
    }

    /** @return whether closed */
    public boolean isClosed() {
        return closed;
    }

    /** @return the modes of the current or last connection */
    public Set<ConnMode> modes() {
        synchronized (lock) {
            return modes;
        }
    }

    /**
     * The connection, for a send: its storage is checked by the engine under its write lock.
     *
     * @return the connection
     * @throws io.libipc.IpcException ERROR_INVALID_ARGUMENT when closed, ERROR_CONNECTION_FAILED when disconnected
     */
    public EngineConnection connected() {
        EngineConnection c = connection;
        if (c == null) {
            throw closed ? Errors.closed(name) : Errors.notConnected(name);
        }
        return c;
    }

    /**
     * The connection, checked usable (its storage not cleared).
     *
     * @return the connection
     * @throws io.libipc.IpcException as {@link #connected()}, or ERROR_CONNECTION_FAILED when cleared
     */
    public EngineConnection current() {
        EngineConnection c = connected();
        c.checkUsable();
        return c;
    }

    /**
     * Counts the receivers, as {@link EngineConnection#receiverCount()}, with disconnect waiting for the call.
     *
     * @return the count
     */
    public int receiverCount() {
        callsInFlight.incrementAndGet();
        try {
            return current().receiverCount();
        } finally {
            callsInFlight.decrementAndGet();
        }
    }

    /**
     * How full the ring is, as {@link EngineConnection#backlogBytes()}, with disconnect waiting for the call.
     *
     * @return bytes
     */
    public long backlogBytes() {
        callsInFlight.incrementAndGet();
        try {
            long backlog = current().backlogBytes();
            if (backlog < 0) {
                throw unsupported("backlogBytes()", "does not tell how full its ring is");
            }
            return backlog;
        } finally {
            callsInFlight.decrementAndGet();
        }
    }

    /**
     * Waits for receivers, as {@link EngineConnection#awaitReceivers}, with disconnect waiting for the call.
     *
     * @param count the number to wait for
     * @param timeoutNanos a resolved timeout
     * @return true when reached
     */
    public boolean awaitReceivers(int count, long timeoutNanos) {
        callsInFlight.incrementAndGet();
        try {
            return current().awaitReceivers(count, timeoutNanos);
        } finally {
            callsInFlight.decrementAndGet();
        }
    }

    /**
     * The messages lost over every connection of this handle.
     *
     * @return the count
     * @throws UnsupportedOperationException when the handle's engine does not count them
     */
    public long lostMessages() {
        EngineConnection c = connection;
        long now = c == null ? 0 : c.lostMessages();
        if (now < 0 || lostUnknown) {
            throw unsupported("lostMessages()", "does not count lost messages");
        }
        return lostBefore + now;
    }

    private UnsupportedOperationException unsupported(String what, String why) {
        return new UnsupportedOperationException(what + " is not available on channel '" + name + "' with backend="
                + options.backend() + ": that backend " + why + " (see IpcBackend)");
    }

    private void checkOpen() {
        if (closed) {
            throw Errors.closed(name);
        }
    }

    /** The handle's part of every wait's cancellation: closed, disconnected, or cleared meanwhile. */
    private void checkStillConnected() {
        EngineConnection c = connection;
        if (c == null) {
            throw closed ? Errors.closedWhileWaiting(name) : Errors.disconnectedWhileWaiting(name);
        }
        c.checkUsable();
    }

    private void disconnectLocked() {
        EngineConnection c = connection;
        if (c == null) {
            return;
        }
        connection = null;
        c.beginClose();
        Thread self = Thread.currentThread();
        long start = System.nanoTime();
        while (callsInFlight.get() != 0 || receiving.heldByOtherThan(self)) {
            long waited = System.nanoTime() - start;
            if (waited >= DISCONNECT_WAIT_NANOS) {
                break;
            }
            Backoff.pause(waited, 0, DISCONNECT_PARK_NANOS);
        }
        long lost = c.lostMessages();
        if (lost < 0) {
            lostUnknown = true;
        } else {
            lostBefore += lost;
        }
        c.close();
    }
}
