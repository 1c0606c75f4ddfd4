package io.libipc.internal.engine;

import java.nio.ByteBuffer;

/**
 * One connection of one handle to a channel, from connect to disconnect: its sender and receiver
 * places and what sends and receives through them.
 *
 * <p>Threads: {@link #send} from any number of threads at once; the receive methods, and
 * {@link #message()} and {@link #keepMessage()} after them, from one thread at a time (the handle
 * enforces it); the rest from any thread. Every wait ends, with the {@link Cancellation}'s
 * exception, soon after {@link #beginClose} or the handle's own close.
 */
public interface EngineConnection {

    /** @return whether this connection sends */
    boolean sends();

    /** @return whether this connection receives */
    boolean receives();

    /**
     * Throws when the connection cannot be used any more although the handle did not end it (its
     * storage was cleared by somebody).
     *
     * @throws io.libipc.IpcException ERROR_CONNECTION_FAILED saying why
     */
    void checkUsable();

    /** @return the channel's ring capacity in bytes, as the channel's creator chose it */
    int capacity();

    /** @return the channel's largest message in bytes, as the channel's creator chose it */
    int maxMessageSize();

    /**
     * Sends one message; the caller has checked that this connection sends and that the message
     * fits {@link #maxMessageSize()}.
     *
     * @param src a {@code byte[]} or a {@link ByteBuffer}
     * @param offset where the message starts in {@code src} (absolute, for a buffer)
     * @param length the message length, possibly 0
     * @param timeoutNanos how long to wait for room, finite
     * @param force true for send (evict what blocks, fail when nobody receives), false for trySend
     *              (give up)
     * @return true when sent; false only when not forced and the message could not go in time or
     *         nobody receives
     * @throws io.libipc.IpcException ERROR_SEND_FAILED when forced and nobody receives
     */
    boolean send(Object src, int offset, int length, long timeoutNanos, boolean force);

    /**
     * Waits for the next message; it is then in {@link #message()}.
     *
     * @param timeoutNanos how long to wait, or {@link Timeouts#NO_LIMIT}
     * @return the message length, or -1 when the timeout passed first
     */
    int receive(long timeoutNanos);

    /**
     * Takes the next message if one is there, without waiting; it is then in {@link #message()}.
     *
     * @return the message length, or -1 when there is none
     */
    int tryReceive();

    /**
     * The message the last receive took: a read-only view, position 0, limit its length, valid until
     * the next receive; for handlers.
     *
     * @return the view
     */
    ByteBuffer message();

    /**
     * Copies the message the last receive took into a buffer, from its position, which advances;
     * the caller has checked that it fits.
     *
     * @param dst a writable buffer with at least the message's length remaining
     * @return the message length
     */
    int copyMessage(ByteBuffer dst);

    /**
     * A copy of the message the last receive took.
     *
     * @return a new array
     */
    byte[] copyMessage();

    /** Keeps the message the last receive took for the next receive (the caller could not take it). */
    void keepMessage();

    /**
     * The messages this connection lost because it fell a whole ring behind, since it connected.
     *
     * @return the count, or -1 when this engine cannot count them
     */
    long lostMessages();

    /**
     * Counts the live receivers that would get this connection's next message (not itself).
     *
     * @return the count
     */
    int receiverCount();

    /**
     * How full the ring is for the receivers this connection's messages go to.
     *
     * @return bytes not yet read by the slowest of them, 0 to {@link #capacity()}; -1 when this engine
     *         cannot tell
     */
    long backlogBytes();

    /**
     * Waits until at least {@code count} receivers are counted by {@link #receiverCount()}.
     *
     * @param count 0 or more
     * @param timeoutNanos how long to wait, or {@link Timeouts#NO_LIMIT}
     * @return true when the count was reached, false when the timeout passed first
     */
    boolean awaitReceivers(int count, long timeoutNanos);

    /**
     * Starts disconnecting: wakes this connection's waits (they end with the cancellation's
     * exception) and waits a bounded time for its sends to leave shared state alone.
     */
    void beginClose();

    /** Gives the connection's places and storage back; after {@link #beginClose} and once no call is in it. */
    void close();
}
