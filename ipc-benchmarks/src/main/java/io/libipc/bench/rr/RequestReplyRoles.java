package io.libipc.bench.rr;

import io.libipc.bench.harness.Roles;
import io.libipc.bench.spring.SpringRequestReply;
import io.libipc.bench.transport.Transports;
import org.springframework.web.client.RestClient;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * The two JVMs of a request/reply measurement, for each system of
 * {@link Transports#REQUEST_REPLY_SYSTEMS} ({@code libipc-spring-rr}, {@code uds-rr},
 * {@code http-rr}) and format ({@code bytes}: 32-byte {@code byte[]}; {@code json}: a
 * {@link io.libipc.bench.spring.Quote}):
 * <ul>
 *   <li>{@code replier system format runDir link}: replies to every request with the request;
 *       prints {@code READY} once requests can come;</li>
 *   <li>{@code requester system format runDir link count warmupMillis measureMillis threads}: with
 *       the replier ready, makes one caller per thread, warms up on one, records {@code count}
 *       round trips of one caller, then counts requests per second of one thread and of
 *       {@code threads} threads ({@link LoadDriver}); prints
 *       {@code DONE p50=.. p99=.. p999=.. rps1=.. rpsN=.. bytes=..} (microseconds, requests per
 *       second, the request payload's size).</li>
 * </ul>
 * Both live until the harness closes their standard input.
 */
public final class RequestReplyRoles {

    private RequestReplyRoles() {
    }

    /**
     * Runs one role.
     *
     * @param args the role and its arguments
     * @throws InterruptedException never in practice: the harness ends the JVM
     */
    public static void main(String[] args) throws InterruptedException {
        Roles.exitWhenParentCloses();
        String system = args[1];
        boolean json = Callers.json(args[2]);
        Path runDir = Path.of(args[3]);
        String link = args[4];
        switch (args[0]) {
            case "replier" -> replier(system, json, runDir, link);
            case "requester" -> requester(system, json, runDir, link, Long.parseLong(args[5]), Long.parseLong(args[6]),
                    Long.parseLong(args[7]), Integer.parseInt(args[8]));
            default -> throw new IllegalArgumentException("unknown role " + args[0]);
        }
        // The harness reads the last line, then closes standard input, which ends this JVM.
        new CountDownLatch(1).await();
    }

    private static void replier(String system, boolean json, Path runDir, String link) {
        switch (system) {
            case Transports.LIBIPC_SPRING_RR -> SpringRequestReply.replier(json, runDir, link);
            case Transports.UDS_RR -> UdsRequestReply.replier(json, runDir, link);
            case Transports.HTTP_RR -> HttpRequestReply.replier(runDir, link);
            default -> throw new IllegalArgumentException("not a request/reply system: " + system);
        }
        System.out.println("READY");
    }

    private static void requester(String system, boolean json, Path runDir, String link, long count,
            long warmupMillis, long measureMillis, int threads) {
        AutoCloseable shared = null;
        Supplier<Caller> callers;
        int size;
        switch (system) {
            case Transports.LIBIPC_SPRING_RR -> {
                SpringRequestReply.Requester requester = SpringRequestReply.Requester.start(json, runDir, link);
                shared = requester;
                callers = requester::caller;
                size = requester.requestSize();
            }
            case Transports.UDS_RR -> {
                callers = () -> UdsRequestReply.caller(json, runDir, link);
                size = Callers.requestSize(json);
            }
            case Transports.HTTP_RR -> {
                RestClient client = HttpRequestReply.client(runDir, link);
                callers = () -> HttpRequestReply.caller(json, client);
                size = Callers.requestSize(json);
            }
            default -> throw new IllegalArgumentException("not a request/reply system: " + system);
        }
        List<Caller> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            all.add(callers.get());
        }
        LoadDriver.warmUp(all.get(0), warmupMillis);
        double[] latency = LoadDriver.latency(all.get(0), count);
        // Short warm-ups before each rate: new threads, and for several the other callers' paths.
        double one = LoadDriver.rate(all.subList(0, 1), warmupMillis / 4, measureMillis);
        double many = LoadDriver.rate(all, warmupMillis / 4, measureMillis);
        all.forEach(Caller::close);
        if (shared != null) {
            try {
                shared.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close the requester", e);
            }
        }
        System.out.printf(Locale.ROOT, "DONE p50=%.3f p99=%.3f p999=%.3f rps1=%.1f rpsN=%.1f bytes=%d%n", latency[0],
                latency[1], latency[2], one, many, size);
    }
}
