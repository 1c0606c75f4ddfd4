package io.libipc.bench.spring;

import io.libipc.spring.annotation.IpcListener;
import io.libipc.spring.core.IpcOperations;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The pinger of a Spring round trip. The main thread sends the first ping; from then on the
 * {@code @IpcListener} on the pong channel does everything on that channel's receive thread: it
 * records the time since the ping was sent and sends the next ping with {@link IpcOperations#send}.
 * So each process has one busy thread, as in the core's round trip, and the time measured runs from
 * the template's send to the listener method's first line: conversion, dispatch and both transfers.
 *
 * <p>Warm-up round trips run for a while first (not recorded), then {@code count} recorded ones.
 */
abstract class Pinger {

    private final String out;
    private final long count;
    private final long warmupNanos;
    private final Histogram histogram = new Histogram(3_600_000_000_000L, 3);
    private final CountDownLatch done = new CountDownLatch(1);
    /** Written once by the main thread before the first ping: reading it publishes the fields below. */
    private volatile IpcOperations template;
    private volatile Throwable failure;
    private long warmupEnd;
    private long sentAt;
    private boolean measuring;
    private long measured;

    Pinger(String out, long count, long warmupMillis) {
        this.out = out;
        this.count = count;
        this.warmupNanos = TimeUnit.MILLISECONDS.toNanos(warmupMillis);
    }

    /**
     * Starts the round trips; called once, after the ponger is connected.
     *
     * @param operations the template
     * @param first the first payload
     */
    final void start(IpcOperations operations, Object first) {
        warmupEnd = System.nanoTime() + warmupNanos;
        sentAt = System.nanoTime();
        template = operations;
        operations.send(out, first);
    }

    /**
     * Waits for the last recorded round trip.
     *
     * @param timeout how long to wait
     * @return p50, p99 and p99.9 in microseconds
     * @throws IllegalStateException when the listener failed or time ran out
     */
    final double[] await(Duration timeout) throws InterruptedException {
        if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("round trips did not finish in " + timeout + ": measured=" + measured);
        }
        if (failure != null) {
            throw new IllegalStateException("the pong listener failed", failure);
        }
        return new double[] {histogram.getValueAtPercentile(50) / 1e3, histogram.getValueAtPercentile(99) / 1e3,
                histogram.getValueAtPercentile(99.9) / 1e3};
    }

    /**
     * Records a pong's round trip.
     *
     * @param arrival when the listener was called
     * @return whether to send another ping
     */
    final boolean recorded(long arrival) {
        if (template == null) {
            throw new IllegalStateException("a pong before the first ping");
        }
        if (measuring) {
            histogram.recordValue(arrival - sentAt);
            if (++measured == count) {
                done.countDown();
                return false;
            }
        } else if (arrival - warmupEnd >= 0) {
            measuring = true;
        }
        return true;
    }

    final void ping(Object payload) {
        sentAt = System.nanoTime();
        template.send(out, payload);
    }

    final void fail(Throwable e) {
        failure = e;
        done.countDown();
    }

    /** Pings with the bytes it got back. */
    static final class Bytes extends Pinger {

        Bytes(String out, long count, long warmupMillis) {
            super(out, count, warmupMillis);
        }

        @IpcListener(channel = "${bench.in}", id = "pong")
        void pong(byte[] payload) {
            long arrival = System.nanoTime();
            try {
                if (recorded(arrival)) {
                    ping(payload);
                }
            } catch (RuntimeException e) {
                fail(e);
            }
        }
    }

    /** Pings with the next quote after the one it got back (JSON both ways). */
    static final class Json extends Pinger {

        Json(String out, long count, long warmupMillis) {
            super(out, count, warmupMillis);
        }

        @IpcListener(channel = "${bench.in}", id = "pong")
        void pong(Quote quote) {
            long arrival = System.nanoTime();
            try {
                if (recorded(arrival)) {
                    ping(quote.next());
                }
            } catch (RuntimeException e) {
                fail(e);
            }
        }
    }
}
