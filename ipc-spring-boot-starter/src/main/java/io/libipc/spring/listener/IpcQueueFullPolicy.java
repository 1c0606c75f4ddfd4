package io.libipc.spring.listener;

/**
 * What a listener's hand-off queue does with a message when it is full (the listener's threads are
 * behind by the whole queue).
 */
public enum IpcQueueFullPolicy {

    /**
     * The channel's receive thread waits for room: the channel's other listeners wait with it, and
     * the ring absorbs the burst (senders wait for room in a full ring, then evict this receiver, as
     * for a slow listener without hand-off). Nothing is dropped by this application. The default.
     */
    BLOCK,

    /**
     * The message is dropped for this listener and counted ({@code ipc.listener.queue.rejected}, the
     * first of each start logged); the receive thread and the channel's other listeners go on.
     */
    DROP
}
