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
    private final LongAdder[] requests = adders(RequestOutcome.values().length);
    private final LongAdder[] requestNanos = adders(RequestOutcome.values().length);
    private final LongAdder lateReplies = new LongAdder();
    private final LongAdder failedReplies = new LongAdder();

    /** How a request made with sendAndReceive on this channel ended. */
    public enum RequestOutcome {
        /** A reply came in time. */
        SUCCESS,
        /** No reply came in time. */
        TIMEOUT,
        /** The request could not be sent, or the replier's method threw. */
        ERROR
    }

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

    /**
     * Requests made on this channel that ended so.
     *
     * @param outcome the outcome
     * @return the count so far
     */
    public long requests(RequestOutcome outcome) {
        return requests[outcome.ordinal()].sum();
    }

    /**
     * The time requests that ended so took, from send to reply or timeout.
     *
     * @param outcome the outcome
     * @return nanoseconds so far
     */
    public long requestNanos(RequestOutcome outcome) {
        return requestNanos[outcome.ordinal()].sum();
    }

    /**
     * Replies to requests made on this channel that came after their caller had given up (or a
     * second replier's, on a broadcast): dropped, never given to another caller.
     *
     * @return the count so far
     */
    public long lateReplies() {
        return lateReplies.sum();
    }

    /**
     * Replies to requests received on this channel that could not be sent back: the requester is
     * gone, or its reply channel cannot be opened.
     *
     * @return the count so far
     */
    public long failedReplies() {
        return failedReplies.sum();
    }

    void recordRequest(RequestOutcome outcome, long nanos) {
        requests[outcome.ordinal()].increment();
        requestNanos[outcome.ordinal()].add(nanos);
    }

    void recordLateReply() {
        lateReplies.increment();
    }

    void recordFailedReply() {
        failedReplies.increment();
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] adders = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
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
