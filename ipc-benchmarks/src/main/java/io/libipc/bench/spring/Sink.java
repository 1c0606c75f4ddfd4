package io.libipc.bench.spring;

import io.libipc.spring.annotation.IpcListener;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The receiver of a Spring throughput run: an {@code @IpcListener} that counts what arrives between
 * two marker messages (what came before the first was warm-up), on the channel's receive thread.
 */
abstract class Sink {

    private final CountDownLatch done = new CountDownLatch(1);
    private int markers;
    private long count;
    private long bad;
    private long start;
    private volatile long nanos;

    final void arrived(boolean marker, boolean wellFormed) {
        if (marker) {
            if (++markers == 1) {
                start = System.nanoTime();
            } else if (markers == 2) {
                nanos = System.nanoTime() - start;
                done.countDown();
            }
        } else if (markers == 1) {
            count++;
            if (!wellFormed) {
                bad++;
            }
        }
    }

    /**
     * Waits for the closing marker.
     *
     * @param timeout how long to wait
     * @return {@code nanos=... count=... bad=...}
     */
    final String await(Duration timeout) throws InterruptedException {
        if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("no closing marker in " + timeout + ": markers=" + markers + " count=" + count);
        }
        // The volatile nanos, written after the counts, publishes them to this thread.
        long elapsed = nanos;
        return "nanos=" + elapsed + " count=" + count + " bad=" + bad;
    }

    /** Counts byte messages of the expected size; a 1-byte message is a marker. */
    static final class Bytes extends Sink {

        private final int size;

        Bytes(int size) {
            this.size = size;
        }

        @IpcListener(channel = "${bench.in}", id = "sink")
        void count(byte[] payload) {
            arrived(payload.length == 1, payload.length == size);
        }
    }

    /** Counts quotes converted from JSON; a negative sequence is a marker. */
    static final class Json extends Sink {

        @IpcListener(channel = "${bench.in}", id = "sink")
        void count(Quote quote) {
            arrived(quote.sequence() < 0, quote.symbol() != null);
        }
    }
}
