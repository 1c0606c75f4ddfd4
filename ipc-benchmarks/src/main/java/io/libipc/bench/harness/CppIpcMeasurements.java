package io.libipc.bench.harness;

import io.libipc.bench.transport.IdleMode;
import io.libipc.bench.transport.Transport;
import io.libipc.bench.transport.Transports;
import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The measurements with the C++ peer {@code libipc_peer} (cpp-ipc's own C++ API, no shim) on one
 * or both sides, over ROUTE channels as every other system:
 * <ul>
 *   <li>{@link Transports#LIBIPC_JAVA_CPP}: this JVM over {@code IpcBackend.LIBIPC} pings a C++
 *       {@code echo}, and sends to C++ {@code throughput-recv} processes;</li>
 *   <li>{@link Transports#CPP_IPC}: a C++ {@code ping} against a C++ {@code echo}, and a C++
 *       {@code throughput-send} to C++ {@code throughput-recv} processes.</li>
 * </ul>
 * Throughput is what the receivers measure, as for the other systems: {@code throughput-recv}
 * counts a fixed number of messages from its first one on, so each measurement first runs warm-up
 * rounds of a fixed count for the warm-up time (the JIT compiles the Java sender meanwhile), then
 * sizes the measured round from the last warm-up round's rate to last about the measuring time.
 * Every round has fresh receiver processes; the sender checks nothing was lost (the peer's
 * {@code lost=} from the sequence numbers in bytes 0..7) and that every message arrived.
 */
final class CppIpcMeasurements {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    /** The 8 bytes that end a C++ echo (no pattern message equals them). */
    private static final byte[] ECHO_STOP = "ECHOSTOP".getBytes(StandardCharsets.US_ASCII);

    private final Path runDir;
    private final String peer;
    private final Function<String, String> links;

    /**
     * Measurements in a run.
     *
     * @param runDir the run directory (its name makes the cpp-ipc names unique)
     * @param peer the built {@code libipc_peer}
     * @param links gives link names never used before in the run
     */
    CppIpcMeasurements(Path runDir, Path peer, Function<String, String> links) {
        this.runDir = runDir;
        this.peer = peer.toString();
        this.links = links;
    }

    /**
     * Java pinger (this JVM, {@code IpcBackend.LIBIPC}) against a C++ echo, one message in flight,
     * after {@code warmupMillis} of the same: p50, p99, p99.9 in microseconds over {@code count}.
     */
    double[] javaRoundTrip(int size, int count, long warmupMillis) {
        String pingLink = links.apply("cping");
        String pongLink = links.apply("cpong");
        try (Transport transport = Transports.create(Transports.LIBIPC_BACKEND, IdleMode.SPIN, runDir);
             Transport.Sender ping = transport.sender(pingLink, Math.max(size, ECHO_STOP.length));
             ChildProcess echo = peer("echo", name(pingLink), name(pongLink), "--timeout-ms", millis(PATIENCE))) {
            echo.await("READY", PATIENCE);
            try (Transport.Receiver pong = transport.receiver(pongLink, size)) {
                ping.awaitReceivers(1, PATIENCE.toMillis());
                double[] rtt = PingPong.measure(ping, pong, size, count, warmupMillis);
                ping.send(ByteBuffer.wrap(ECHO_STOP));
                echo.await("ECHOED", PATIENCE);
                return rtt;
            }
        }
    }

    /**
     * C++ ping against C++ echo: p50 and p99 in microseconds over {@code count} round trips (the
     * peer reports no p99.9), after about {@code warmupMillis} worth of warm-up round trips.
     */
    double[] cppRoundTrip(int size, int count, long warmupMillis) {
        String request = name(links.apply("xping"));
        String reply = name(links.apply("xpong"));
        try (ChildProcess echo = peer("echo", request, reply, "--timeout-ms", millis(PATIENCE))) {
            echo.await("READY", PATIENCE);
            // C++ needs no JIT warm-up: a few thousand round trips settle caches and the clock.
            try (ChildProcess ping = peer("ping", request, reply, Integer.toString(count), Integer.toString(size),
                    "--warmup", Long.toString(Math.max(1_000, warmupMillis * 20)), "--wait-ms", millis(PATIENCE))) {
                Map<String, String> rtt = Measurements.fields(ping.await("RTT", PATIENCE.multipliedBy(5)));
                if (!rtt.get("errors").equals("0")) {
                    throw new IllegalStateException("cpp-ipc ping: replies missing or wrong: " + rtt);
                }
                echo.await("ECHOED", PATIENCE);
                return new double[] {Double.parseDouble(rtt.get("p50_us")), Double.parseDouble(rtt.get("p99_us"))};
            }
        }
    }

    /**
     * Java sender (this JVM, {@code IpcBackend.LIBIPC}) to {@code receivers} C++ receivers:
     * messages per second of the slowest, as they measure it.
     */
    double javaThroughput(int size, int receivers, long warmupMillis, long measureMillis) {
        String link = links.apply("ctput");
        try (Transport transport = Transports.create(Transports.LIBIPC_BACKEND, IdleMode.SPIN, runDir);
             Transport.Sender out = transport.sender(link, size)) {
            ByteBuffer message = ByteBuffer.allocateDirect(size).order(ByteOrder.LITTLE_ENDIAN);
            Round round = count -> {
                List<ChildProcess> sinks = receivers(name(link), count, receivers);
                try {
                    out.awaitReceivers(receivers, PATIENCE.toMillis());
                    for (long k = 0; k < count; k++) {
                        message.clear();
                        if (size >= 8) {
                            message.putLong(0, k);   // the peer checks order and loss by it
                        }
                        out.send(message);
                    }
                    return slowest(sinks, count);
                } finally {
                    sinks.forEach(ChildProcess::close);
                }
            };
            return measure(round, size, warmupMillis, measureMillis);
        }
    }

    /** C++ sender to {@code receivers} C++ receivers: messages per second of the slowest. */
    double cppThroughput(int size, int receivers, long warmupMillis, long measureMillis) {
        String name = name(links.apply("xtput"));
        Round round = count -> {
            List<ChildProcess> sinks = receivers(name, count, receivers);
            try (ChildProcess source = peer("throughput-send", name, Long.toString(count), Integer.toString(size),
                    "--wait-receivers", Integer.toString(receivers), "--wait-ms", millis(PATIENCE),
                    "--timeout-ms", "60000")) {
                Map<String, String> sent = Measurements.fields(source.await("THROUGHPUT-SEND", PATIENCE));
                if (!sent.get("failed").equals("0")) {
                    throw new IllegalStateException("cpp-ipc throughput-send: sends failed: " + sent);
                }
                return slowest(sinks, count);
            } finally {
                sinks.forEach(ChildProcess::close);
            }
        };
        return measure(round, size, warmupMillis, measureMillis);
    }

    /** One round: {@code count} messages to fresh receivers; the slowest receiver's rate. */
    private interface Round {
        double run(long count);
    }

    /** Warm-up rounds for {@code warmupMillis}, then one round sized to last about {@code measureMillis}. */
    private static double measure(Round round, int size, long warmupMillis, long measureMillis) {
        long warmupCount = Math.max(1_000, Math.min(50_000, (64L << 20) / size));
        long end = System.nanoTime() + warmupMillis * 1_000_000L;
        double rate;
        do {
            rate = round.run(warmupCount);
        } while (System.nanoTime() - end < 0);
        return round.run(Math.max(warmupCount, (long) (rate * measureMillis / 1000)));
    }

    private List<ChildProcess> receivers(String name, long count, int receivers) {
        List<ChildProcess> sinks = new ArrayList<>();
        try {
            for (int r = 0; r < receivers; r++) {
                sinks.add(peer("throughput-recv", name, Long.toString(count), "--timeout-ms", millis(PATIENCE)));
            }
            for (ChildProcess sink : sinks) {
                sink.await("READY", PATIENCE);
            }
            return sinks;
        } catch (RuntimeException e) {
            sinks.forEach(ChildProcess::close);
            throw e;
        }
    }

    private static double slowest(List<ChildProcess> sinks, long count) {
        double slowest = Double.MAX_VALUE;
        for (ChildProcess sink : sinks) {
            Map<String, String> done = Measurements.fields(sink.await("THROUGHPUT-RECV", PATIENCE));
            if (!done.get("lost").equals("0") || Long.parseLong(done.get("received")) != count) {
                throw new IllegalStateException("cpp-ipc throughput-recv: expected " + count + " messages, none lost: " + done);
            }
            slowest = Math.min(slowest, Double.parseDouble(done.get("msgs_per_s")));
        }
        return slowest;
    }

    private ChildProcess peer(String command, String... args) {
        List<String> line = new ArrayList<>(List.of(peer, command, "route"));
        line.addAll(List.of(args));
        return ChildProcess.exec(line);
    }

    private String name(String link) {
        return Transports.libipcName(runDir, link);
    }

    private static String millis(Duration d) {
        return Long.toString(d.toMillis());
    }
}
