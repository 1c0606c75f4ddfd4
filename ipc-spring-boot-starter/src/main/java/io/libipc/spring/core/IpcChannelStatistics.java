package io.libipc.spring.core;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of what the starter did on one channel: what Micrometer's meters read, kept here so that
 * counting costs no lookup and works without Micrometer. Sends and receives made on the
 * {@code IpcChannel} bean directly, outside the starter, are not counted. Safe for many threads.
 */
public final class IpcChannelStatistics {

    private final LongAdder sent = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder sendTimeouts = new LongAdder();
    private final LongAdder receiveTimeouts = new LongAdder();

    /**
     * Messages sent.
     *
     * @return the count so far
     */
    public long sent() {
        return sent.sum();
    }

    /**
     * Messages received.
     *
     * @return the count so far
     */
    public long received() {
        return received.sum();
    }

    /**
     * Sends that gave up: a trySend that found no room (or no receiver) within its timeout.
     *
     * @return the count so far
     */
    public long sendTimeouts() {
        return sendTimeouts.sum();
    }

    /**
     * Receives that ended without a message after the channel's receive timeout.
     *
     * @return the count so far
     */
    public long receiveTimeouts() {
        return receiveTimeouts.sum();
    }

    void recordSent() {
        sent.increment();
    }

    void recordReceived() {
        received.increment();
    }

    void recordSendTimeout() {
        sendTimeouts.increment();
    }

    void recordReceiveTimeout() {
        receiveTimeouts.increment();
    }
}
