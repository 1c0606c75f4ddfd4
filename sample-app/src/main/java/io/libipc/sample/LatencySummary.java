package io.libipc.sample;

import org.HdrHistogram.Histogram;

import java.util.Locale;

/**
 * Latency percentiles from the tick's {@code sentAtNanos} to the consumer's listener, in microseconds.
 *
 * @param count how many ticks were measured
 * @param p50 median
 * @param p90 90th percentile
 * @param p99 99th percentile
 * @param max the largest
 */
public record LatencySummary(long count, long p50, long p90, long p99, long max) {

    /**
     * Summarises a histogram of microseconds.
     *
     * @param histogram the measurements
     * @return the summary; all zero when empty
     */
    public static LatencySummary of(Histogram histogram) {
        if (histogram.getTotalCount() == 0) {
            return new LatencySummary(0, 0, 0, 0, 0);
        }
        return new LatencySummary(histogram.getTotalCount(), histogram.getValueAtPercentile(50),
                histogram.getValueAtPercentile(90), histogram.getValueAtPercentile(99), histogram.getMaxValue());
    }

    /**
     * For the console: {@code p50=41us p90=73us p99=212us max=1.53ms}.
     *
     * @return the text
     */
    public String describe() {
        return "p50=" + format(p50) + " p90=" + format(p90) + " p99=" + format(p99) + " max=" + format(max);
    }

    /**
     * A duration for people: {@code 41us}, {@code 1.53ms}, {@code 2.10s}; {@code -} when nothing was measured.
     *
     * @param micros microseconds
     * @return the text
     */
    public String format(long micros) {
        if (count == 0) {
            return "-";
        }
        if (micros < 1000) {
            return micros + "us";
        }
        return micros < 1_000_000 ? String.format(Locale.ROOT, "%.2fms", micros / 1e3)
                : String.format(Locale.ROOT, "%.2fs", micros / 1e6);
    }
}
