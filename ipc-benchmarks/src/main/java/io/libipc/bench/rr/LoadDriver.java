package io.libipc.bench.rr;

import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Drives callers the same way for every request/reply system: a warm-up, the round-trip
 * percentiles of one thread, then requests per second of one thread and of several, each thread
 * calling in a loop (a blocking call, then the next).
 */
final class LoadDriver {

    private LoadDriver() {
    }

    /**
     * Calls for a while, nothing recorded: the JIT compiles both sides first.
     *
     * @param caller the caller
     * @param millis how long
     */
    static void warmUp(Caller caller, long millis) {
        long end = System.nanoTime() + millis * 1_000_000L;
        do {
            for (int i = 0; i < 16; i++) {
                caller.call();
            }
        } while (System.nanoTime() - end < 0);
    }

    /**
     * Round trips of one caller, one request in flight.
     *
     * @param caller the caller
     * @param count how many round trips to record
     * @return p50, p99 and p99.9 in microseconds
     */
    static double[] latency(Caller caller, long count) {
        Histogram histogram = new Histogram(3_600_000_000_000L, 3);
        for (long i = 0; i < count; i++) {
            long t0 = System.nanoTime();
            caller.call();
            histogram.recordValue(System.nanoTime() - t0);
        }
        return new double[] {histogram.getValueAtPercentile(50) / 1e3, histogram.getValueAtPercentile(99) / 1e3,
                histogram.getValueAtPercentile(99.9) / 1e3};
    }

    /**
     * Requests per second of callers that each call in a loop on a thread of their own: all start
     * together, call for {@code warmupMillis} unrecorded, then count the calls that end from then
     * on, each thread until its first call that ends {@code measureMillis} later (counted too), so
     * that a rate is never zero however slow a call; the time is until the last of them ended.
     *
     * @param callers one per thread
     * @param warmupMillis how long before counting (for several threads: the others' connections
     *                     and threads on the replier's side warm up too)
     * @param measureMillis how long to count
     * @return completed requests per second, all threads together
     */
    static double rate(List<Caller> callers, long warmupMillis, long measureMillis) {
        CountDownLatch go = new CountDownLatch(1);
        long[] counts = new long[callers.size()];
        long[] lastEnds = new long[callers.size()];
        long[] window = new long[2];
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Thread[] threads = new Thread[callers.size()];
        for (int t = 0; t < threads.length; t++) {
            int index = t;
            threads[t] = new Thread(() -> {
                try {
                    go.await();
                    Caller caller = callers.get(index);
                    long counted = 0;
                    long now;
                    do {
                        caller.call();
                        now = System.nanoTime();
                        if (now - window[0] >= 0) {
                            counted++;
                        }
                    } while (now - window[1] < 0 || counted == 0);
                    counts[index] = counted;
                    lastEnds[index] = now;
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "caller-" + t);
            threads[t].start();
        }
        window[0] = System.nanoTime() + warmupMillis * 1_000_000L;
        window[1] = window[0] + measureMillis * 1_000_000L;
        // The latch publishes the window to the threads.
        go.countDown();
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        long total = 0;
        long end = window[1];
        for (int t = 0; t < threads.length; t++) {
            total += counts[t];
            if (lastEnds[t] - end > 0) {
                end = lastEnds[t];
            }
        }
        return total / ((end - window[0]) / 1e9);
    }
}
