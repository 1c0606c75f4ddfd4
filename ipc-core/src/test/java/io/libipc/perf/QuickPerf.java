package io.libipc.perf;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.IpcOptions;
import io.libipc.support.ChildJvm;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A quick cross-process measurement of the engine, until the {@code ipc-benchmarks} module (JMH,
 * HdrHistogram, Aeron and sockets side by side) replaces it: round trip and one-way throughput
 * between separate JVMs on the allocation-free paths. It asserts nothing; {@link QuickPerfRun}
 * runs it on demand. Each figure is the median of {@code ROUNDS} runs in one invocation.
 *
 * <p>Roles, as child JVMs: {@code pong size} echoes, {@code rx size count} counts.
 */
public final class QuickPerf {

    static final String PREFIX = "libipc-perf.";
    private static final int ROUNDS = 5;
    /** Children of tests start with C1 only, for speed; measured code needs the full JIT. */
    private static final List<String> FULL_JIT = List.of("-XX:TieredStopAtLevel=4", "-Xmx512m");

    private QuickPerf() {
    }

    static IpcOptions options() {
        return IpcOptions.builder().namePrefix(PREFIX).build();
    }

    /**
     * Child roles.
     *
     * @param args role and its arguments
     */
    public static void main(String[] args) {
        String role = args[0];
        int size = Integer.parseInt(args[1]);
        if (role.equals("pong")) {
            try (IpcChannel in = new IpcChannel(ChannelType.ROUTE, "ping", options(), ConnMode.RECEIVER);
                 IpcChannel out = new IpcChannel(ChannelType.ROUTE, "pong", options(), ConnMode.SENDER)) {
                System.out.println("READY");
                out.waitForReceivers(1, 0);
                ByteBuffer buffer = ByteBuffer.allocateDirect(Math.max(size, 1));
                long count = Long.parseLong(args[2]);
                for (long i = 0; i < count; i++) {
                    buffer.clear();
                    in.receive(buffer, 0);
                    buffer.flip();
                    out.send(buffer, 0);
                }
            }
        } else if (role.equals("rx")) {
            long count = Long.parseLong(args[2]);
            try (IpcChannel in = new IpcChannel(ChannelType.ROUTE, "tput", options(), ConnMode.RECEIVER)) {
                System.out.println("READY");
                long[] bytes = {0};
                for (long i = 0; i < count; i++) {
                    in.receive(m -> bytes[0] += m.remaining(), 0);
                }
                System.out.println("DONE lost=" + in.lostMessages() + " bytes=" + bytes[0]);
            }
        }
    }

    /** Round trip, one message in flight: median, p99 and p99.9 in microseconds. */
    static double[] roundTrip(int size, int count) {
        IpcChannel.clearChannelStorage("ping", options());
        IpcChannel.clearChannelStorage("pong", options());
        int warmup = count / 4;
        try (ChildJvm pong = ChildJvm.start(FULL_JIT, QuickPerf.class, "pong", Integer.toString(size), Integer.toString(count + warmup));
             IpcChannel in = new IpcChannel(ChannelType.ROUTE, "pong", options(), ConnMode.RECEIVER)) {
            pong.awaitLine("READY", Duration.ofSeconds(60));
            try (IpcChannel out = new IpcChannel(ChannelType.ROUTE, "ping", options(), ConnMode.SENDER)) {
                out.waitForReceivers(1, 0);
                ByteBuffer message = ByteBuffer.allocateDirect(Math.max(size, 1));
                ByteBuffer reply = ByteBuffer.allocateDirect(Math.max(size, 1));
                long[] rtt = new long[count];
                for (int i = -warmup; i < count; i++) {
                    message.clear().limit(size);
                    reply.clear();
                    long t0 = System.nanoTime();
                    out.send(message, 0);
                    in.receive(reply, 0);
                    if (i >= 0) {
                        rtt[i] = System.nanoTime() - t0;
                    }
                }
                Arrays.sort(rtt);
                return new double[] {rtt[count / 2] / 1e3, rtt[(int) (count * 0.99)] / 1e3, rtt[(int) (count * 0.999)] / 1e3};
            } finally {
                pong.awaitExit(Duration.ofSeconds(60));
            }
        } finally {
            IpcChannel.clearChannelStorage("ping", options());
            IpcChannel.clearChannelStorage("pong", options());
        }
    }

    /** One-way throughput to {@code receivers} child JVMs: messages per second per receiver. */
    static double throughput(int size, int receivers, long count) {
        IpcChannel.clearChannelStorage("tput", options());
        List<ChildJvm> children = new ArrayList<>();
        try (IpcChannel out = new IpcChannel(ChannelType.ROUTE, "tput", options(), ConnMode.SENDER)) {
            for (int r = 0; r < receivers; r++) {
                children.add(ChildJvm.start(FULL_JIT, QuickPerf.class, "rx", Integer.toString(size), Long.toString(count)));
            }
            out.waitForReceivers(receivers, 60_000);
            ByteBuffer message = ByteBuffer.allocateDirect(size);
            long t0 = System.nanoTime();
            for (long i = 0; i < count; i++) {
                message.clear();
                out.send(message, 10_000);
            }
            for (ChildJvm child : children) {
                String done = child.awaitLine("DONE", Duration.ofMinutes(5));
                if (!done.startsWith("DONE lost=0 ")) {
                    throw new IllegalStateException("a receiver lost messages: " + done);
                }
            }
            return count / ((System.nanoTime() - t0) / 1e9);
        } finally {
            children.forEach(ChildJvm::close);
            IpcChannel.clearChannelStorage("tput", options());
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Runs every measurement {@code ROUNDS} times and prints medians. */
    static void report() {
        for (int size : new int[] {32, 1024}) {
            double[][] runs = new double[3][ROUNDS];
            for (int r = 0; r < ROUNDS; r++) {
                double[] rtt = roundTrip(size, 100_000);
                for (int k = 0; k < 3; k++) {
                    runs[k][r] = rtt[k];
                }
            }
            System.out.printf("rtt %5d B: p50 %.2f us, p99 %.2f us, p99.9 %.2f us%n", size,
                    median(runs[0]), median(runs[1]), median(runs[2]));
        }
        int[][] cases = {{32, 1, 10_000_000}, {256, 1, 5_000_000}, {4096, 1, 1_000_000}, {65536, 1, 100_000},
                {1 << 20, 1, 5_000}, {32, 3, 3_000_000}};
        for (int[] c : cases) {
            double[] rates = new double[ROUNDS];
            for (int r = 0; r < ROUNDS; r++) {
                rates[r] = throughput(c[0], c[1], c[2]);
            }
            double rate = median(rates);
            System.out.printf("throughput 1->%d %7d B: %.2f M msg/s per receiver, %.2f GB/s%n", c[1], c[0], rate / 1e6,
                    rate * c[0] / 1e9);
        }
    }
}
