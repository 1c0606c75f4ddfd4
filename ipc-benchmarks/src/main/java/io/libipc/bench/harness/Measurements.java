package io.libipc.bench.harness;

import io.libipc.bench.rr.RequestReplyRoles;
import io.libipc.bench.spring.SpringRoles;
import io.libipc.bench.transport.IdleMode;
import io.libipc.bench.transport.Transport;
import io.libipc.bench.transport.Transports;
import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The parent side of each cross-process measurement. Every measurement starts its own child
 * JVMs, uses fresh link names, and closes (kills if need be) its children before returning, so
 * measurements never overlap.
 */
final class Measurements {

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private final Path runDir;
    private final List<String> childOptions;
    private int runs;

    Measurements(Path runDir, List<String> childOptions) {
        this.runDir = runDir;
        this.childOptions = childOptions;
    }

    /**
     * Round trip with one message in flight, after {@code warmupMillis} of the same: p50, p99,
     * p99.9 in microseconds over {@code count} round trips.
     */
    double[] roundTrip(String system, int size, int count, long warmupMillis) {
        String pingLink = link("ping");
        String pongLink = link("pong");
        try (Transport transport = Transports.create(system, IdleMode.SPIN, runDir);
             Transport.Sender ping = transport.sender(pingLink, size);
             ChildProcess echo = ChildProcess.start(Roles.class, childOptions, "echo", system, runDir.toString(),
                     pingLink, pongLink, Integer.toString(size), Long.toString(Long.MAX_VALUE))) {
            echo.await("READY", PATIENCE);
            try (Transport.Receiver pong = transport.receiver(pongLink, size)) {
                ping.awaitReceivers(1, PATIENCE.toMillis());
                double[] rtt = PingPong.measure(ping, pong, size, count, warmupMillis);
                // The echo child runs until its link closes (its stdin is closed with it).
                return rtt;
            }
        }
    }

    /** The hardware floor of a round trip here ({@link CacheLineFloor}): p50, p99, p99.9 in microseconds. */
    double[] cacheLineFloor(int count, long warmupMillis) {
        return CacheLineFloor.roundTrip(runDir, childOptions, count, warmupMillis);
    }

    /**
     * One-way throughput to {@code receivers} processes: messages per second of the slowest
     * receiver, sending as fast as possible for {@code measureMillis} after {@code warmupMillis}.
     */
    double throughput(String system, int size, int receivers, long warmupMillis, long measureMillis) {
        String link = link("tput");
        List<ChildProcess> sinks = new ArrayList<>();
        try (Transport transport = Transports.create(system, IdleMode.SPIN, runDir);
             Transport.Sender out = transport.sender(link, size)) {
            for (int r = 0; r < receivers; r++) {
                sinks.add(ChildProcess.start(Roles.class, childOptions, "sink", system, runDir.toString(), link,
                        Integer.toString(size)));
            }
            for (ChildProcess sink : sinks) {
                sink.await("READY", PATIENCE);
            }
            out.awaitReceivers(receivers, PATIENCE.toMillis());
            ByteBuffer message = ByteBuffer.allocateDirect(size);
            ByteBuffer marker = ByteBuffer.allocateDirect(Roles.MARKER_LENGTH);
            sendFor(out, message, warmupMillis);
            out.send(marker.clear());
            sendFor(out, message, measureMillis);
            out.send(marker.clear());
            double slowest = Double.MAX_VALUE;
            for (ChildProcess sink : sinks) {
                Map<String, String> done = fields(sink.await("DONE", PATIENCE));
                if (!done.get("bad").equals("0")) {
                    throw new IllegalStateException(system + ": a receiver got messages of the wrong size: " + done);
                }
                slowest = Math.min(slowest, Long.parseLong(done.get("count")) / (Long.parseLong(done.get("nanos")) / 1e9));
            }
            return slowest;
        } finally {
            sinks.forEach(ChildProcess::close);
        }
    }

    /**
     * Wake-up from idle, after {@code warmupMillis} of back-to-back warm-up messages: a message
     * every {@code gapMillis}; one-way latency p50 and p99 in microseconds and the receiver
     * process's CPU use in percent of one core.
     */
    double[] wakeup(String system, int size, int count, int gapMillis, long warmupMillis) {
        String link = link("wake");
        try (Transport transport = Transports.create(system, IdleMode.BLOCK, runDir);
             Transport.Sender out = transport.sender(link, size);
             ChildProcess receiver = ChildProcess.start(Roles.class, childOptions, "wake", system, runDir.toString(),
                     link, Integer.toString(size), Integer.toString(count))) {
            receiver.await("READY", PATIENCE);
            out.awaitReceivers(1, PATIENCE.toMillis());
            ByteBuffer message = ByteBuffer.allocateDirect(Math.max(size, 8)).order(ByteOrder.nativeOrder());
            // Warm-up messages are 8 bytes, which the receiver tells from the measured ones.
            ByteBuffer warm = ByteBuffer.allocateDirect(8);
            sendFor(out, warm, warmupMillis);
            for (int i = 0; i < count; i++) {
                LockSupport.parkNanos(gapMillis * 1_000_000L);
                message.clear().limit(size);
                message.putLong(0, System.nanoTime());
                out.send(message);
            }
            Map<String, String> done = fields(receiver.await("DONE", PATIENCE));
            return new double[] {Double.parseDouble(done.get("p50")), Double.parseDouble(done.get("p99")),
                    Double.parseDouble(done.get("cpu"))};
        }
    }

    /**
     * Spring round trip between two Spring child JVMs (the pinger sends with {@code IpcTemplate},
     * the ponger's {@code @IpcListener} replies with it, the pinger's {@code @IpcListener} takes the
     * pong), one message in flight, after {@code warmupMillis} of the same: p50, p99, p99.9 in
     * microseconds over {@code count} round trips, and the message size in bytes.
     *
     * @param format {@code bytes} or {@code json}
     */
    double[] springRoundTrip(String format, int size, int count, long warmupMillis) {
        String pingLink = link("sping");
        String pongLink = link("spong");
        // Both start at once (Spring start-up is slow; the pinger waits for the ponger itself).
        try (ChildProcess echo = ChildProcess.start(SpringRoles.class, childOptions, "echo", format, runDir.toString(),
                pingLink, pongLink, Integer.toString(size));
             ChildProcess ping = ChildProcess.start(SpringRoles.class, childOptions, "ping", format,
                    runDir.toString(), pingLink, pongLink, Integer.toString(size), Integer.toString(count),
                    Long.toString(warmupMillis))) {
            echo.await("READY", PATIENCE);
            Map<String, String> done = fields(ping.await("DONE", PATIENCE.multipliedBy(5)));
            return new double[] {Double.parseDouble(done.get("p50")), Double.parseDouble(done.get("p99")),
                    Double.parseDouble(done.get("p999")), Double.parseDouble(done.get("bytes"))};
        }
    }

    /**
     * Spring one-way throughput 1 -> 1 between two Spring child JVMs: {@code IpcTemplate.send} as
     * fast as it goes for {@code measureMillis} after {@code warmupMillis}, an {@code @IpcListener}
     * counting: messages per second, and the message size in bytes. Fails when the receiver lost
     * messages or got malformed ones.
     *
     * @param format {@code bytes} or {@code json}
     */
    double[] springThroughput(String format, int size, long warmupMillis, long measureMillis) {
        String link = link("stput");
        // Both start at once; the source waits for the sink's receiver itself.
        try (ChildProcess sink = ChildProcess.start(SpringRoles.class, childOptions, "sink", format, runDir.toString(),
                link, Integer.toString(size));
             ChildProcess source = ChildProcess.start(SpringRoles.class, childOptions, "source", format,
                    runDir.toString(), link, Integer.toString(size), Long.toString(warmupMillis),
                    Long.toString(measureMillis))) {
            sink.await("READY", PATIENCE);
            Map<String, String> done = fields(sink.await("DONE", PATIENCE));
            if (!done.get("bad").equals("0") || !done.get("lost").equals("0")) {
                throw new IllegalStateException("spring " + format + ": the receiver lost or misread messages: " + done);
            }
            Map<String, String> sent = fields(source.await("SENT", PATIENCE));
            return new double[] {Long.parseLong(done.get("count")) / (Long.parseLong(done.get("nanos")) / 1e9),
                    Double.parseDouble(sent.get("bytes"))};
        }
    }

    /**
     * Request/reply between a requester and a replier child JVM ({@link RequestReplyRoles}): the
     * replier starts first, then the requester, which warms up for {@code warmupMillis}, records
     * {@code count} round trips of one thread, and counts requests per second of one thread and of
     * {@code threads} threads for {@code measureMillis} each.
     *
     * @param system one of {@link Transports#REQUEST_REPLY_SYSTEMS}
     * @param format {@code bytes} or {@code json}
     * @return p50, p99, p99.9 in microseconds, requests per second of one thread and of
     *         {@code threads}, and the request payload's size in bytes
     */
    double[] requestReply(String system, String format, int count, long warmupMillis, long measureMillis, int threads) {
        String link = link("rr");
        try (ChildProcess replier = ChildProcess.start(RequestReplyRoles.class, childOptions, "replier", system, format,
                runDir.toString(), link)) {
            replier.await("READY", PATIENCE);
            try (ChildProcess requester = ChildProcess.start(RequestReplyRoles.class, childOptions, "requester", system,
                    format, runDir.toString(), link, Integer.toString(count), Long.toString(warmupMillis),
                    Long.toString(measureMillis), Integer.toString(threads))) {
                Map<String, String> done = fields(requester.await("DONE", PATIENCE.multipliedBy(5)));
                return new double[] {Double.parseDouble(done.get("p50")), Double.parseDouble(done.get("p99")),
                        Double.parseDouble(done.get("p999")), Double.parseDouble(done.get("rps1")),
                        Double.parseDouble(done.get("rpsN")), Double.parseDouble(done.get("bytes"))};
            }
        }
    }

    private static void sendFor(Transport.Sender out, ByteBuffer message, long millis) {
        long end = System.nanoTime() + millis * 1_000_000L;
        do {
            for (int i = 0; i < 64; i++) {
                message.clear();
                out.send(message);
            }
        } while (System.nanoTime() - end < 0);
    }

    /** A link name never used before in this run: nothing of an earlier measurement can linger on it. */
    String link(String base) {
        return base + "-" + (++runs);
    }

    static Map<String, String> fields(String line) {
        Map<String, String> map = new HashMap<>();
        for (String part : line.split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                map.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return map;
    }
}
