package io.libipc.spring.listener;

import java.time.Duration;

/**
 * How a listener retries, recovers, hands off and batches. On an endpoint a null component means
 * "the application's default" ({@code ipc.listener.*}); {@link #orElse(IpcListenerSettings)} fills
 * them in, and {@link #DEFAULTS} holds the defaults of a listener that says nothing.
 *
 * @param maxAttempts attempts per message, the first included; 1 means no retry
 * @param initialInterval the wait before the first retry
 * @param multiplier how much each wait grows over the one before (1 or more)
 * @param maxInterval the longest wait between two attempts
 * @param deadLetterChannel the libipc channel failed messages go to after the last attempt, or
 *                          null (then the error handler, or the log)
 * @param concurrency threads that run the listener; 0 means the channel's receive thread (no hand-off)
 * @param executor the bean name of a {@code TaskExecutor} that gives those threads, or null for
 *                 threads of the listener's own
 * @param queueCapacity messages the hand-off queue holds
 * @param queueFullPolicy what happens to a message when the hand-off queue is full
 * @param batch whether the listener takes a {@code List} of the messages available at once
 * @param batchMaxSize the most messages in one batch
 * @param batchMaxWait how long a batch waits for more messages after its first; zero delivers
 *                     what is there at once
 */
public record IpcListenerSettings(Integer maxAttempts, Duration initialInterval, Double multiplier,
        Duration maxInterval, String deadLetterChannel, Integer concurrency, String executor, Integer queueCapacity,
        IpcQueueFullPolicy queueFullPolicy, Boolean batch, Integer batchMaxSize, Duration batchMaxWait) {

    /** Nothing said: every value comes from the defaults. */
    public static final IpcListenerSettings NONE = new IpcListenerSettings(null, null, null, null, null, null, null,
            null, null, null, null, null);

    /**
     * The defaults of {@code ipc.listener.*} when nothing is configured: one attempt (no retry;
     * 100 ms, x2, at most 1 s between attempts once retries are asked for), no dead-letter channel,
     * the channel's receive thread, a queue of 1000 that blocks when full, batches of at most 100
     * delivered without waiting.
     */
    public static final IpcListenerSettings DEFAULTS = new IpcListenerSettings(1, Duration.ofMillis(100), 2.0,
            Duration.ofSeconds(1), null, 0, null, 1000, IpcQueueFullPolicy.BLOCK, false, 100, Duration.ZERO);

    /**
     * Checks the values that are there, each by the rule of its check method.
     *
     * @param maxAttempts attempts per message, or null
     * @param initialInterval the first wait, or null
     * @param multiplier the growth of the waits, or null
     * @param maxInterval the longest wait, or null
     * @param deadLetterChannel the dead-letter channel, or null (blank means none)
     * @param concurrency listener threads, or null
     * @param executor a TaskExecutor bean name, or null (blank means none)
     * @param queueCapacity the hand-off queue's size, or null
     * @param queueFullPolicy the full-queue policy, or null
     * @param batch whether it is a batch listener, or null
     * @param batchMaxSize the largest batch, or null
     * @param batchMaxWait the longest batch wait, or null
     */
    public IpcListenerSettings {
        if (maxAttempts != null) {
            checkMaxAttempts("maxAttempts", maxAttempts);
        }
        if (initialInterval != null) {
            checkInterval("initialInterval", initialInterval);
        }
        if (multiplier != null) {
            checkMultiplier("multiplier", multiplier);
        }
        if (maxInterval != null) {
            checkInterval("maxInterval", maxInterval);
        }
        if (concurrency != null) {
            checkConcurrency("concurrency", concurrency);
        }
        if (queueCapacity != null) {
            checkPositive("queueCapacity", queueCapacity);
        }
        if (batchMaxSize != null) {
            checkPositive("batchMaxSize", batchMaxSize);
        }
        if (batchMaxWait != null) {
            checkInterval("batchMaxWait", batchMaxWait);
        }
        deadLetterChannel = deadLetterChannel == null || deadLetterChannel.isBlank() ? null : deadLetterChannel;
        executor = executor == null || executor.isBlank() ? null : executor;
    }

    /**
     * These settings with each missing value taken from others.
     *
     * @param defaults where missing values come from
     * @return the merged settings
     */
    public IpcListenerSettings orElse(IpcListenerSettings defaults) {
        return new IpcListenerSettings(or(maxAttempts, defaults.maxAttempts), or(initialInterval, defaults.initialInterval),
                or(multiplier, defaults.multiplier), or(maxInterval, defaults.maxInterval),
                or(deadLetterChannel, defaults.deadLetterChannel), or(concurrency, defaults.concurrency),
                or(executor, defaults.executor), or(queueCapacity, defaults.queueCapacity),
                or(queueFullPolicy, defaults.queueFullPolicy), or(batch, defaults.batch),
                or(batchMaxSize, defaults.batchMaxSize), or(batchMaxWait, defaults.batchMaxWait));
    }

    /**
     * Whether messages are handed to threads of the listener's own instead of running on the
     * channel's receive thread: asked for with a concurrency or an executor, and always so for a
     * batch listener, whose batches are drained from the hand-off queue. Call on merged settings.
     *
     * @return true when the listener has a hand-off queue
     */
    public boolean handsOff() {
        return concurrency > 0 || executor != null || Boolean.TRUE.equals(batch);
    }

    /**
     * The number of listener threads: the concurrency, at least one when the listener hands off.
     * Call on merged settings.
     *
     * @return 0 for the receive thread, else the threads
     */
    public int threads() {
        return handsOff() ? Math.max(1, concurrency) : 0;
    }

    /**
     * The longest a failing message can keep its thread waiting between attempts: the sum of the
     * waits of every retry. Call on merged settings.
     *
     * @return the total back-off
     */
    public Duration worstCaseBackOff() {
        Duration total = Duration.ZERO;
        double wait = initialInterval.toNanos();
        for (int retry = 1; retry < maxAttempts; retry++) {
            total = total.plusNanos((long) Math.min(wait, maxInterval.toNanos()));
            wait *= multiplier;
        }
        return total;
    }

    /**
     * Checks a number of attempts.
     *
     * @param name the property or attribute, for the message
     * @param value the value
     * @return the value
     * @throws IllegalArgumentException when below 1
     */
    public static int checkMaxAttempts(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1 (1 means no retry): " + name + "=" + value);
        }
        return value;
    }

    /**
     * Checks a wait.
     *
     * @param name the property or attribute, for the message
     * @param value the value
     * @return the value
     * @throws IllegalArgumentException when null or negative
     */
    public static Duration checkInterval(String name, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero or positive: " + name + "=" + value);
        }
        return value;
    }

    /**
     * Checks a back-off multiplier.
     *
     * @param name the property or attribute, for the message
     * @param value the value
     * @return the value
     * @throws IllegalArgumentException when below 1 (Spring's {@code RetryPolicy} rule) or not finite
     */
    public static double checkMultiplier(String name, double value) {
        if (!(value >= 1) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be 1 or more (1 waits the same each time): " + name + "="
                    + value);
        }
        return value;
    }

    /**
     * Checks a number of listener threads.
     *
     * @param name the property or attribute, for the message
     * @param value the value
     * @return the value
     * @throws IllegalArgumentException when negative
     */
    public static int checkConcurrency(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be zero (the receive thread) or positive: " + name + "="
                    + value);
        }
        return value;
    }

    /**
     * Checks a size.
     *
     * @param name the property or attribute, for the message
     * @param value the value
     * @return the value
     * @throws IllegalArgumentException when below 1
     */
    public static int checkPositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1: " + name + "=" + value);
        }
        return value;
    }

    private static <T> T or(T value, T otherwise) {
        return value != null ? value : otherwise;
    }
}
