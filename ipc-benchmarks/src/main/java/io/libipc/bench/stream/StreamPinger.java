package io.libipc.bench.stream;

import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The round trips of a {@code Function} over the libipc binder. The main thread sends the first
 * ping; from then on the {@code pong} function does everything on its binding's receive thread:
 * it records the time since its previous return (when the last ping went to the binder) and
 * returns the next ping. So each process has one busy thread, as in the core's and the starter's
 * round trips, and the time measured covers the binder's output path in this process, the echo
 * function's whole input-function-output path in the other, and the binder's input path back to
 * the function's first line. Warm-up round trips run for a while (not recorded), then {@code count}
 * recorded ones.
 */
public final class StreamPinger {

    private final Histogram histogram = new Histogram(3_600_000_000_000L, 3);
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile long count;
    private volatile long warmupEnd;
    private long sentAt;
    private boolean measuring;
    private long measured;

    /** Idle until {@link #arm}. */
    public StreamPinger() {
    }

    /**
     * Sets the round trips to make, just before the first ping.
     *
     * @param roundTrips recorded round trips
     * @param warmupMillis unrecorded round trips before, for this long
     */
    void arm(long roundTrips, long warmupMillis) {
        warmupEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(warmupMillis);
        sentAt = System.nanoTime();
        count = roundTrips;
    }

    /**
     * A pong arrived.
     *
     * @param payload the pong
     * @return the next ping, or null when the count is reached
     */
    byte[] pong(byte[] payload) {
        long arrival = System.nanoTime();
        if (count == 0) {
            throw new IllegalStateException("a pong before the first ping");
        }
        if (measuring) {
            histogram.recordValue(arrival - sentAt);
            if (++measured == count) {
                done.countDown();
                return null;
            }
        } else if (arrival - warmupEnd >= 0) {
            measuring = true;
        }
        sentAt = System.nanoTime();
        return payload;
    }

    /**
     * Waits for the last recorded round trip.
     *
     * @param timeout how long to wait
     * @return p50, p99 and p99.9 in microseconds
     * @throws InterruptedException when interrupted
     */
    double[] await(Duration timeout) throws InterruptedException {
        if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("round trips did not finish in " + timeout + ": measured=" + measured);
        }
        return new double[] {histogram.getValueAtPercentile(50) / 1e3, histogram.getValueAtPercentile(99) / 1e3,
                histogram.getValueAtPercentile(99.9) / 1e3};
    }
}
