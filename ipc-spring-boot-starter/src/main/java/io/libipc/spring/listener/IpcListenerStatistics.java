package io.libipc.spring.listener;

import java.util.concurrent.atomic.LongAdder;

/**
 * The counts of one listener that its meters read: messages it did not get (stopped, or its
 * hand-off queue full), retries, messages it gave up on, and what became of their dead letters.
 * Safe to read from any thread; written by the container.
 */
public final class IpcListenerStatistics {

    private final LongAdder dropped = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder deadLetters = new LongAdder();
    private final LongAdder deadLetterFailures = new LongAdder();

    IpcListenerStatistics() {
    }

    /**
     * Messages that came while the listener was stopped, those its hand-off queue held when it
     * stopped included ({@code ipc.messages.dropped}).
     *
     * @return the count so far
     */
    public long dropped() {
        return dropped.sum();
    }

    /**
     * Messages its full hand-off queue refused under {@link IpcQueueFullPolicy#DROP}
     * ({@code ipc.listener.queue.rejected}).
     *
     * @return the count so far
     */
    public long rejected() {
        return rejected.sum();
    }

    /**
     * Attempts after the first ({@code ipc.listener.retries}).
     *
     * @return the count so far
     */
    public long retries() {
        return retries.sum();
    }

    /**
     * Messages whose last attempt failed: given to the dead-letter channel, the error handler or the
     * log ({@code ipc.listener.failures}).
     *
     * @return the count so far
     */
    public long failures() {
        return failures.sum();
    }

    /**
     * Failed messages sent to the dead-letter channel ({@code ipc.listener.dead.letters}, outcome sent).
     *
     * @return the count so far
     */
    public long deadLetters() {
        return deadLetters.sum();
    }

    /**
     * Failed messages the dead-letter channel could not take, lost after an ERROR log
     * ({@code ipc.listener.dead.letters}, outcome failed).
     *
     * @return the count so far
     */
    public long deadLetterFailures() {
        return deadLetterFailures.sum();
    }

    void recordDropped(long count) {
        dropped.add(count);
    }

    void recordRejected() {
        rejected.increment();
    }

    void recordRetry() {
        retries.increment();
    }

    void recordFailure() {
        failures.increment();
    }

    void recordDeadLetter(boolean sent) {
        (sent ? deadLetters : deadLetterFailures).increment();
    }
}
