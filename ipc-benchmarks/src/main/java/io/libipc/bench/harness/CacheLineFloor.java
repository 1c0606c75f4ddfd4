package io.libipc.bench.harness;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

/**
 * The hardware floor of a round trip between two processes (issue 15 asks for it in the same run):
 * two JVMs ping-pong one 8-byte word each way through a shared file, each word on its own cache
 * line, busy-spinning, nothing else. Any transport's round trip on this machine costs at least
 * this. The parent measures; {@link #main} is the echoing child.
 */
public final class CacheLineFloor {

    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final int PING = 0;
    /** Two lines away from the ping word: adjacent-line prefetch would otherwise pair them. */
    private static final int PONG = 128;

    private CacheLineFloor() {
    }

    /**
     * Round trips with one word in flight, after {@code warmupMillis} of the same.
     *
     * @param runDir where the shared file lives
     * @param childOptions options of the child JVM
     * @param count round trips recorded
     * @param warmupMillis warm-up
     * @return p50, p99, p99.9 in microseconds
     */
    static double[] roundTrip(Path runDir, List<String> childOptions, int count, long warmupMillis) {
        Path file = runDir.resolve("cache-line-floor");
        MappedByteBuffer words = map(file);
        // The file outlives a repetition: start from zero, so no stale word looks like an answer.
        LONG.setVolatile(words, PING, 0L);
        LONG.setVolatile(words, PONG, 0L);
        try (ChildProcess echo = ChildProcess.start(CacheLineFloor.class, childOptions, file.toString())) {
            echo.await("READY", Duration.ofSeconds(120));
            Histogram histogram = new Histogram(3_600_000_000_000L, 3);
            long seq = 0;
            long warmupEnd = System.nanoTime() + warmupMillis * 1_000_000L;
            while (System.nanoTime() - warmupEnd < 0) {
                pingPong(words, ++seq);
            }
            for (int i = 0; i < count; i++) {
                long t0 = System.nanoTime();
                pingPong(words, ++seq);
                histogram.recordValue(System.nanoTime() - t0);
            }
            return new double[] {histogram.getValueAtPercentile(50) / 1e3, histogram.getValueAtPercentile(99) / 1e3,
                    histogram.getValueAtPercentile(99.9) / 1e3};
        }
    }

    private static void pingPong(MappedByteBuffer words, long seq) {
        LONG.setRelease(words, PING, seq);
        while ((long) LONG.getAcquire(words, PONG) != seq) {
            Thread.onSpinWait();
        }
    }

    /**
     * The child: echoes every ping word into the pong word until the parent closes its stdin.
     *
     * @param args the shared file
     */
    public static void main(String[] args) {
        Roles.exitWhenParentCloses();
        MappedByteBuffer words = map(Path.of(args[0]));
        System.out.println("READY");
        for (long seen = 0; ; ) {
            long seq = (long) LONG.getAcquire(words, PING);
            if (seq != seen) {
                seen = seq;
                LONG.setRelease(words, PONG, seq);
            } else {
                Thread.onSpinWait();
            }
        }
    }

    private static MappedByteBuffer map(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            // The mapping outlives the channel; the GC unmaps it once the buffer is unreachable.
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, 4096);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map " + file, e);
        }
    }
}
