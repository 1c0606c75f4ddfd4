package io.libipc.sample;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * What the demo does: {@code demo.*}, set in {@code application.yml} or on the command line
 * ({@code --demo.count=100000}). Some options belong to the producer, some to the consumer.
 */
@ConfigurationProperties(prefix = "demo")
public class DemoProperties {

    /** Producer: ticks to stream; 0 streams until Enter is pressed (or the process is stopped). */
    private long count = 10000;

    /** Producer: ticks per second; 0 sends as fast as the consumers keep up. */
    private int rate = 1000;

    /** Producer: consumers to wait for before streaming. */
    private int consumers = 1;

    /** Producer: whether to start a consumer in a second JVM (same jar, consumer profile). */
    private boolean spawnConsumer = true;

    /**
     * Producer: whether to keep both processes (and their HTTP endpoints) running after the
     * summary, until Enter is pressed or the process is stopped.
     */
    private boolean keepRunning = false;

    /** Both: how often progress is reported and printed. */
    private Duration progressInterval = Duration.ofSeconds(1);

    /** Producer: how long to wait for the consumers to connect (a JVM starting on a busy machine). */
    private Duration connectTimeout = Duration.ofSeconds(90);

    /** Producer: how long to wait for the consumers' final reports after the stream ended. */
    private Duration reportTimeout = Duration.ofSeconds(30);

    /** Consumer: the name it reports under. Default: consumer-&lt;pid&gt;. */
    private String consumerId;

    /** Consumer: whether to print its progress (the producer prints it for the consumer it starts). */
    private boolean printProgress = true;

    /**
     * Consumer: after the end of the stream, how long to wait without a new tick before reporting
     * what arrived (ticks still in the ring arrive after the end frame, which travels on another channel).
     */
    private Duration drainTimeout = Duration.ofSeconds(5);

    /**
     * Consumer: for how long after its first tick the ticks it receives are counted but left out
     * of the latency figures (the JVM is still compiling the receive path then).
     */
    private Duration warmup = Duration.ofSeconds(5);

    /**
     * The warm-up time.
     *
     * @return the duration
     */
    public Duration getWarmup() {
        return warmup;
    }

    /**
     * Sets the warm-up time.
     *
     * @param warmup zero or more
     */
    public void setWarmup(Duration warmup) {
        if (warmup == null || warmup.isNegative()) {
            throw new IllegalArgumentException("demo.warmup must be zero or more: demo.warmup=" + warmup);
        }
        this.warmup = warmup;
    }

    /**
     * Ticks to stream.
     *
     * @return the count; 0 for no limit
     */
    public long getCount() {
        return count;
    }

    /**
     * Sets the ticks to stream.
     *
     * @param count 0 or more
     */
    public void setCount(long count) {
        requireNotNegative("demo.count", count);
        this.count = count;
    }

    /**
     * Ticks per second.
     *
     * @return the rate; 0 for no limit
     */
    public int getRate() {
        return rate;
    }

    /**
     * Sets the ticks per second.
     *
     * @param rate 0 or more
     */
    public void setRate(int rate) {
        requireNotNegative("demo.rate", rate);
        this.rate = rate;
    }

    /**
     * Consumers to wait for.
     *
     * @return the count
     */
    public int getConsumers() {
        return consumers;
    }

    /**
     * Sets the consumers to wait for.
     *
     * @param consumers 1 or more
     */
    public void setConsumers(int consumers) {
        if (consumers < 1) {
            throw new IllegalArgumentException("demo.consumers must be at least 1: demo.consumers=" + consumers);
        }
        this.consumers = consumers;
    }

    /**
     * Whether the producer starts a consumer JVM.
     *
     * @return the flag
     */
    public boolean isSpawnConsumer() {
        return spawnConsumer;
    }

    /**
     * Sets whether the producer starts a consumer JVM.
     *
     * @param spawnConsumer the flag
     */
    public void setSpawnConsumer(boolean spawnConsumer) {
        this.spawnConsumer = spawnConsumer;
    }

    /**
     * Whether both keep running after the summary.
     *
     * @return the flag
     */
    public boolean isKeepRunning() {
        return keepRunning;
    }

    /**
     * Sets whether both keep running after the summary.
     *
     * @param keepRunning the flag
     */
    public void setKeepRunning(boolean keepRunning) {
        this.keepRunning = keepRunning;
    }

    /**
     * The progress interval.
     *
     * @return the interval
     */
    public Duration getProgressInterval() {
        return progressInterval;
    }

    /**
     * Sets the progress interval.
     *
     * @param progressInterval at least 10ms
     */
    public void setProgressInterval(Duration progressInterval) {
        if (progressInterval == null || progressInterval.toMillis() < 10) {
            throw new IllegalArgumentException("demo.progress-interval must be at least 10ms: demo.progress-interval="
                    + progressInterval);
        }
        this.progressInterval = progressInterval;
    }

    /**
     * The connect timeout.
     *
     * @return the timeout
     */
    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    /**
     * Sets the connect timeout.
     *
     * @param connectTimeout positive
     */
    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = requirePositive("demo.connect-timeout", connectTimeout);
    }

    /**
     * The report timeout.
     *
     * @return the timeout
     */
    public Duration getReportTimeout() {
        return reportTimeout;
    }

    /**
     * Sets the report timeout.
     *
     * @param reportTimeout positive
     */
    public void setReportTimeout(Duration reportTimeout) {
        this.reportTimeout = requirePositive("demo.report-timeout", reportTimeout);
    }

    /**
     * The consumer's id.
     *
     * @return the id, or null for the default
     */
    public String getConsumerId() {
        return consumerId;
    }

    /**
     * Sets the consumer's id.
     *
     * @param consumerId a short name without spaces
     */
    public void setConsumerId(String consumerId) {
        this.consumerId = consumerId;
    }

    /**
     * Whether the consumer prints its progress.
     *
     * @return the flag
     */
    public boolean isPrintProgress() {
        return printProgress;
    }

    /**
     * Sets whether the consumer prints its progress.
     *
     * @param printProgress the flag
     */
    public void setPrintProgress(boolean printProgress) {
        this.printProgress = printProgress;
    }

    /**
     * The drain timeout.
     *
     * @return the timeout
     */
    public Duration getDrainTimeout() {
        return drainTimeout;
    }

    /**
     * Sets the drain timeout.
     *
     * @param drainTimeout positive
     */
    public void setDrainTimeout(Duration drainTimeout) {
        this.drainTimeout = requirePositive("demo.drain-timeout", drainTimeout);
    }

    /**
     * The consumer's id, or its default.
     *
     * @return the id
     */
    public String consumerIdOrDefault() {
        return consumerId == null || consumerId.isBlank() ? "consumer-" + ProcessHandle.current().pid() : consumerId;
    }

    private static void requireNotNegative(String property, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(property + " must be 0 or more: " + property + "=" + value);
        }
    }

    private static Duration requirePositive(String property, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(property + " must be positive: " + property + "=" + value);
        }
        return value;
    }
}
