package io.libipc.bench.harness;

import io.libipc.bench.transport.Transport;
import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;

/**
 * The round-trip loop every Java-driven round-trip row shares: one message in flight, a warm-up,
 * then {@code count} round trips into an HdrHistogram.
 */
final class PingPong {

    private PingPong() {
    }

    /**
     * Sends a ping and receives its pong, over and over.
     *
     * @param ping where pings go (an echo answers each on {@code pong})
     * @param pong where pongs come from
     * @param size the message size in bytes
     * @param count how many round trips to record
     * @param warmupMillis how long to run unrecorded first
     * @return p50, p99 and p99.9 in microseconds
     */
    static double[] measure(Transport.Sender ping, Transport.Receiver pong, int size, long count, long warmupMillis) {
        ByteBuffer out = ByteBuffer.allocateDirect(Math.max(size, 8));
        ByteBuffer in = ByteBuffer.allocateDirect(Math.max(size, 8));
        Histogram histogram = new Histogram(3_600_000_000_000L, 3);
        long warmupEnd = System.nanoTime() + warmupMillis * 1_000_000L;
        while (System.nanoTime() - warmupEnd < 0) {
            out.clear().limit(size);
            ping.send(out);
            pong.receive(in);
        }
        for (long i = 0; i < count; i++) {
            out.clear().limit(size);
            long t0 = System.nanoTime();
            ping.send(out);
            pong.receive(in);
            histogram.recordValue(System.nanoTime() - t0);
        }
        return new double[] {histogram.getValueAtPercentile(50) / 1e3, histogram.getValueAtPercentile(99) / 1e3,
                histogram.getValueAtPercentile(99.9) / 1e3};
    }
}
