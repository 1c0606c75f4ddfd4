package io.libipc.sample.consumer;

import io.libipc.sample.ConsumerReport;
import io.libipc.sample.LatencySummary;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What one consumer has received: how many ticks, which sequences (to spot gaps and reordering),
 * how many messages its receiver lost, and the latency of each tick.
 *
 * <p>Threads: {@link #record} from the listener thread; {@link #report} from one reporting thread.
 * Counts are guarded by this object's lock (uncontended but for one report per interval); latency
 * goes to an HdrHistogram {@link Recorder}, which is built for exactly this one-writer,
 * one-interval-reader shape.
 */
public final class TickStatistics {

    private final long warmupNanos;
    private long firstArrivalNanos;
    private final Recorder recorder = new Recorder(3);
    private final Histogram total = new Histogram(3);
    private Histogram interval;

    private long received;
    private long firstSequence;
    private long lastSequence;
    private long missing;
    private long outOfOrder;
    private long lost;
    private long lastArrivalNanos = System.nanoTime();

    /**
     * Creates the statistics.
     *
     * @param warmup how long after the first tick arrives ticks are counted but not measured: the
     *               JVM is still compiling the receive path (and loading the JSON classes), and the
     *               backlog that builds meanwhile would measure the JIT, not the transport
     */
    public TickStatistics(Duration warmup) {
        this.warmupNanos = warmup.toNanos();
    }

    /**
     * Records one tick.
     *
     * @param sequence its sequence
     * @param latencyNanos from its sending to now; negative readings (impossible on one host) count as 0
     * @param lostMessages the receiver's lost count when it arrived (it only grows)
     */
    public void record(long sequence, long latencyNanos, long lostMessages) {
        long now = System.nanoTime();
        synchronized (this) {
            if (received == 0) {
                firstArrivalNanos = now;
            }
            if (now - firstArrivalNanos >= warmupNanos) {
                recorder.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(latencyNanos)));
            }
            if (received == 0) {
                firstSequence = sequence;
                lastSequence = sequence;
            } else if (sequence > lastSequence) {
                missing += sequence - lastSequence - 1;
                lastSequence = sequence;
            } else {
                outOfOrder++;
            }
            received++;
            lost = Math.max(lost, lostMessages);
            lastArrivalNanos = now;
        }
    }

    /**
     * The highest sequence received so far.
     *
     * @return the sequence, 0 before any tick
     */
    public synchronized long lastSequence() {
        return lastSequence;
    }

    /**
     * The ticks received so far.
     *
     * @return the count
     */
    public synchronized long received() {
        return received;
    }

    /**
     * How long ago the last tick arrived (or this object was made).
     *
     * @return nanoseconds
     */
    public synchronized long nanosSinceLastArrival() {
        return System.nanoTime() - lastArrivalNanos;
    }

    /**
     * A report of everything so far, with the latency of the interval since the previous report
     * (progress) or of the whole run (final). Call from one thread.
     *
     * @param consumerId the consumer's name
     * @param kind progress or final
     * @return the report
     */
    public ConsumerReport report(String consumerId, ConsumerReport.Kind kind) {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        LatencySummary latency = LatencySummary.of(kind == ConsumerReport.Kind.FINAL ? total : interval);
        synchronized (this) {
            return new ConsumerReport(consumerId, ProcessHandle.current().pid(), 0, kind, received, firstSequence,
                    lastSequence, missing, outOfOrder, lost, latency);
        }
    }
}
