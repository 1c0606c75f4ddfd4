package io.libipc.spring.autoconfigure;

import io.libipc.spring.listener.IpcListenerSettings;
import io.libipc.spring.listener.IpcQueueFullPolicy;

import java.time.Duration;
import java.util.Objects;

/**
 * What every {@code @IpcListener} does unless its own attributes say otherwise:
 * {@code ipc.listener.*}. Values are checked as they are bound, so a bad one fails start-up naming
 * the property and the value. Defaults are literals, so that the processor puts them in the
 * metadata; {@code IpcAutoConfigurationTest} checks they equal {@link IpcListenerSettings#DEFAULTS}.
 */
public class IpcListenerProperties {

    /**
     * Threads each listener has of its own: 0 runs it on its channel's receive thread (a slow
     * listener slows the channel's other listeners); 1 or more hand its messages to that many
     * threads through a bounded queue (1 keeps the channel's order).
     */
    private int concurrency = 0;

    /** Messages a listener's hand-off queue holds (with concurrency, an executor or batches). */
    private int queueCapacity = 1000;

    /**
     * What a full hand-off queue does with the next message: block (the channel's receive thread
     * waits for room, its other listeners with it, and the ring absorbs the burst) or drop (the
     * message is dropped for that listener and counted in ipc.listener.queue.rejected).
     */
    private IpcQueueFullPolicy queueFullPolicy = IpcQueueFullPolicy.BLOCK;

    /**
     * A libipc channel that messages go to after their last failed attempt, with their headers and
     * the exception's class and message: a sending channel of this application with
     * payload-format embedded-headers. Default: none (the error handler, else the log). A listener's
     * own error handler takes precedence.
     */
    private String deadLetterChannel;

    /** Retries of failed listener invocations. */
    private final Retry retry = new Retry();

    /** Batch listeners. */
    private final Batch batch = new Batch();

    /** {@return {@code ipc.listener.concurrency}} */
    public int getConcurrency() {
        return concurrency;
    }

    /** @param concurrency {@code ipc.listener.concurrency} */
    public void setConcurrency(int concurrency) {
        this.concurrency = IpcListenerSettings.checkConcurrency("concurrency", concurrency);
    }

    /** {@return {@code ipc.listener.queue-capacity}} */
    public int getQueueCapacity() {
        return queueCapacity;
    }

    /** @param queueCapacity {@code ipc.listener.queue-capacity} */
    public void setQueueCapacity(int queueCapacity) {
        this.queueCapacity = IpcListenerSettings.checkPositive("queue-capacity", queueCapacity);
    }

    /** {@return {@code ipc.listener.queue-full-policy}} */
    public IpcQueueFullPolicy getQueueFullPolicy() {
        return queueFullPolicy;
    }

    /** @param queueFullPolicy {@code ipc.listener.queue-full-policy} */
    public void setQueueFullPolicy(IpcQueueFullPolicy queueFullPolicy) {
        this.queueFullPolicy = Objects.requireNonNull(queueFullPolicy, "queue-full-policy");
    }

    /** {@return {@code ipc.listener.dead-letter-channel}} */
    public String getDeadLetterChannel() {
        return deadLetterChannel;
    }

    /** @param deadLetterChannel {@code ipc.listener.dead-letter-channel} */
    public void setDeadLetterChannel(String deadLetterChannel) {
        this.deadLetterChannel = deadLetterChannel == null || deadLetterChannel.isBlank() ? null : deadLetterChannel;
    }

    /** {@return {@code ipc.listener.retry}} */
    public Retry getRetry() {
        return retry;
    }

    /** {@return {@code ipc.listener.batch}} */
    public Batch getBatch() {
        return batch;
    }

    /**
     * These defaults as listener settings.
     *
     * @return complete settings
     */
    public IpcListenerSettings toSettings() {
        return new IpcListenerSettings(retry.maxAttempts, retry.initialInterval, retry.multiplier, retry.maxInterval,
                deadLetterChannel, concurrency, null, queueCapacity, queueFullPolicy, false, batch.maxSize, batch.maxWait);
    }

    /** {@code ipc.listener.retry.*}: Spring's RetryTemplate with an exponential back-off. */
    public static class Retry {

        /**
         * Attempts per message, the first included; 1 means no retry. The waits between attempts
         * hold the thread that calls the listener: the channel's receive thread unless the
         * listener has concurrency.
         */
        private int maxAttempts = 1;

        /** The wait before the first retry. */
        private Duration initialInterval = Duration.ofMillis(100);

        /** How much each wait grows over the one before (1 or more; 1 waits the same each time). */
        private double multiplier = 2.0;

        /** The longest wait between two attempts (at least the initial interval). */
        private Duration maxInterval = Duration.ofSeconds(1);

        /** {@return {@code ipc.listener.retry.max-attempts}} */
        public int getMaxAttempts() {
            return maxAttempts;
        }

        /** @param maxAttempts {@code ipc.listener.retry.max-attempts} */
        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = IpcListenerSettings.checkMaxAttempts("max-attempts", maxAttempts);
        }

        /** {@return {@code ipc.listener.retry.initial-interval}} */
        public Duration getInitialInterval() {
            return initialInterval;
        }

        /** @param initialInterval {@code ipc.listener.retry.initial-interval} */
        public void setInitialInterval(Duration initialInterval) {
            this.initialInterval = IpcListenerSettings.checkInterval("initial-interval", initialInterval);
        }

        /** {@return {@code ipc.listener.retry.multiplier}} */
        public double getMultiplier() {
            return multiplier;
        }

        /** @param multiplier {@code ipc.listener.retry.multiplier} */
        public void setMultiplier(double multiplier) {
            this.multiplier = IpcListenerSettings.checkMultiplier("multiplier", multiplier);
        }

        /** {@return {@code ipc.listener.retry.max-interval}} */
        public Duration getMaxInterval() {
            return maxInterval;
        }

        /** @param maxInterval {@code ipc.listener.retry.max-interval} */
        public void setMaxInterval(Duration maxInterval) {
            this.maxInterval = IpcListenerSettings.checkInterval("max-interval", maxInterval);
        }
    }

    /** {@code ipc.listener.batch.*}: listeners with batch=true. */
    public static class Batch {

        /** The most messages in one batch. */
        private int maxSize = 100;

        /**
         * How long a batch waits for more messages after its first; 0 delivers what the listener's
         * queue holds at once.
         */
        private Duration maxWait = Duration.ZERO;

        /** {@return {@code ipc.listener.batch.max-size}} */
        public int getMaxSize() {
            return maxSize;
        }

        /** @param maxSize {@code ipc.listener.batch.max-size} */
        public void setMaxSize(int maxSize) {
            this.maxSize = IpcListenerSettings.checkPositive("max-size", maxSize);
        }

        /** {@return {@code ipc.listener.batch.max-wait}} */
        public Duration getMaxWait() {
            return maxWait;
        }

        /** @param maxWait {@code ipc.listener.batch.max-wait} */
        public void setMaxWait(Duration maxWait) {
            this.maxWait = IpcListenerSettings.checkInterval("max-wait", maxWait);
        }
    }
}
