package io.libipc.bench.spring;

import io.libipc.bench.harness.Roles;
import io.libipc.spring.core.IpcChannelBindings;
import io.libipc.spring.core.IpcOperations;
import io.libipc.spring.support.IpcPayloadConverter;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Spring side of the {@code libipc-spring}, {@code libipc-spring-json} and
 * {@code libipc-spring-handoff} measurements, one JVM
 * per role, each a Spring Boot application ({@link SpringBenchApplication}) with the starter's
 * channels, {@code IpcTemplate} and one {@code @IpcListener} bean. The format is {@code bytes}
 * ({@code byte[]} payloads of {@code size} bytes) or {@code json} ({@link Quote} records; {@code size}
 * is then not used); a sink's format may also be {@code handoff} or {@code batch} (bytes, counted on
 * a thread of the listener's own or in batches, {@link HandOffSinks}):
 * <ul>
 *   <li>{@code echo format runDir inLink outLink size}: replies to each message on the out link;</li>
 *   <li>{@code ping format runDir outLink inLink size count warmupMillis}: round trips through an
 *       echo, and reports {@code DONE p50=.. p99=.. p999=.. bytes=..} in microseconds;</li>
 *   <li>{@code sink format runDir inLink size}: counts messages between two markers and reports
 *       {@code DONE nanos=.. count=.. bad=.. lost=..};</li>
 *   <li>{@code source format runDir outLink size warmupMillis measureMillis}: sends as fast as
 *       {@code IpcTemplate.send} goes (warm-up, marker, measurement, marker) and reports
 *       {@code SENT bytes=..}.</li>
 * </ul>
 * Links are ROUTE channels with the core benchmark's sizes; sends wait up to 60 s for room, so a
 * slow receiver is waited for, not evicted (the sink reports its lost count all the same). Each role
 * prints {@code READY} once its context runs, and lives until the harness closes its standard input.
 */
public final class SpringRoles {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final int JSON_MAX_MESSAGE = 4096;

    private SpringRoles() {
    }

    /**
     * Runs one role.
     *
     * @param args the role and its arguments
     * @throws InterruptedException never in practice: the harness ends the JVM
     */
    public static void main(String[] args) throws InterruptedException {
        Roles.exitWhenParentCloses();
        String role = args[0];
        // handoff and batch: bytes, for the sink only (the hand-off rows; the source sends bytes).
        boolean json = switch (args[1]) {
            case "bytes", "handoff", "batch" -> false;
            case "json" -> true;
            default -> throw new IllegalArgumentException("format is bytes, json, handoff or batch: " + args[1]);
        };
        Path runDir = Path.of(args[2]);
        // The two-link roles name both links before the size.
        int size = Integer.parseInt(args[role.equals("echo") || role.equals("ping") ? 5 : 4]);
        int maxMessage = json ? JSON_MAX_MESSAGE : size;
        switch (role) {
            case "echo" -> echo(json, runDir, args[3], args[4], maxMessage);
            case "ping" -> ping(json, runDir, args[3], args[4], maxMessage, size, Long.parseLong(args[6]),
                    Long.parseLong(args[7]));
            case "sink" -> sink(sinkFor(args[1], size), runDir, args[3], maxMessage);
            case "source" -> source(json, runDir, args[3], maxMessage, size, Long.parseLong(args[5]),
                    Long.parseLong(args[6]));
            default -> throw new IllegalArgumentException("unknown role " + role);
        }
        // The harness reads the last line, then closes standard input, which ends this JVM.
        new CountDownLatch(1).await();
    }

    private static void echo(boolean json, Path runDir, String in, String out, int maxMessage) {
        start(runDir, in, out, maxMessage, context -> echoListener(json, out, context));
        System.out.println("READY");
    }

    /**
     * The echo listener: made while the context starts, with the template already there, since a
     * ping may come as soon as the listener is subscribed.
     */
    static Echo echoListener(boolean json, String out, ConfigurableApplicationContext context) {
        IpcOperations template = context.getBean(IpcOperations.class);
        return json ? new Echo.Json(out, template) : new Echo.Bytes(out, template);
    }

    private static void ping(boolean json, Path runDir, String out, String in, int maxMessage, int size, long count,
            long warmupMillis) throws InterruptedException {
        Pinger pinger = json ? new Pinger.Json(out, count, warmupMillis) : new Pinger.Bytes(out, count, warmupMillis);
        ConfigurableApplicationContext context = start(runDir, in, out, maxMessage, c -> pinger);
        IpcOperations template = context.getBean(IpcOperations.class);
        System.out.println("READY");
        awaitReceiver(template, out);
        Object first = json ? Quote.first() : new byte[size];
        int bytes = context.getBean(IpcPayloadConverter.class).toBytes(first, null).length;
        pinger.start(template, first);
        double[] p = pinger.await(PATIENCE.multipliedBy(5));
        System.out.printf(java.util.Locale.ROOT, "DONE p50=%.3f p99=%.3f p999=%.3f bytes=%d%n", p[0], p[1], p[2], bytes);
    }

    private static Sink sinkFor(String format, int size) {
        return switch (format) {
            case "json" -> new Sink.Json();
            case "handoff" -> new HandOffSinks.Queued(size);
            case "batch" -> new HandOffSinks.Batched(size);
            default -> new Sink.Bytes(size);
        };
    }

    private static void sink(Sink sink, Path runDir, String in, int maxMessage) throws InterruptedException {
        ConfigurableApplicationContext context = start(runDir, in, null, maxMessage, c -> sink);
        System.out.println("READY");
        String counts = sink.await(PATIENCE.multipliedBy(5));
        long lost = context.getBean(IpcChannelBindings.class).get(in).channel().lostMessages();
        System.out.println("DONE " + counts + " lost=" + lost);
    }

    private static void source(boolean json, Path runDir, String out, int maxMessage, int size, long warmupMillis,
            long measureMillis) {
        ConfigurableApplicationContext context = start(runDir, null, out, maxMessage, null);
        IpcOperations template = context.getBean(IpcOperations.class);
        System.out.println("READY");
        awaitReceiver(template, out);
        Supplier<Object> payloads;
        Object marker;
        if (json) {
            Quote[] last = {Quote.first()};
            // A new object per message, as an application sends them.
            payloads = () -> last[0] = last[0].next();
            marker = Quote.marker();
        } else {
            byte[] message = new byte[size];
            payloads = () -> message;
            marker = new byte[1];
        }
        int bytes = context.getBean(IpcPayloadConverter.class).toBytes(payloads.get(), null).length;
        sendFor(template, out, payloads, warmupMillis);
        template.send(out, marker);
        sendFor(template, out, payloads, measureMillis);
        template.send(out, marker);
        System.out.println("SENT bytes=" + bytes);
    }

    private static void sendFor(IpcOperations template, String out, Supplier<Object> payloads, long millis) {
        long end = System.nanoTime() + millis * 1_000_000L;
        do {
            for (int i = 0; i < 64; i++) {
                template.send(out, payloads.get());
            }
        } while (System.nanoTime() - end < 0);
    }

    private static void awaitReceiver(IpcOperations template, String out) {
        if (!template.waitForReceivers(out, 1, PATIENCE)) {
            throw new IllegalStateException(out + ": no receiver connected in " + PATIENCE);
        }
    }

    private static ConfigurableApplicationContext start(Path runDir, String in, String out, int maxMessage,
            Function<ConfigurableApplicationContext, Object> listener) {
        return start(runDir, in, out, maxMessage, listener, Map.of());
    }

    /**
     * Starts the application: web off, quiet, the given links as ROUTE channels (the core
     * benchmark's capacity and sizes), and the role's listener bean, if any.
     *
     * @param runDir the storage directory
     * @param in the link received from ({@code bench.in}), or null
     * @param out the link sent to ({@code bench.out}), or null
     * @param maxMessage the largest message
     * @param listener makes the {@code @IpcListener} bean while the context starts, or null
     * @param overrides further properties, e.g. {@code ipc.channels.<in>.auto-startup=false}
     * @return the running context
     */
    static ConfigurableApplicationContext start(Path runDir, String in, String out, int maxMessage,
            Function<ConfigurableApplicationContext, Object> listener, Map<String, Object> overrides) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("logging.level.root", "warn");
        properties.put("ipc.storage-directory", runDir.toString());
        if (in != null) {
            channel(properties, in, "receiver", maxMessage);
            properties.put("bench.in", in);
        }
        if (out != null) {
            channel(properties, out, "sender", maxMessage);
            properties.put("bench.out", out);
        }
        properties.putAll(overrides);
        SpringApplicationBuilder builder = new SpringApplicationBuilder(SpringBenchApplication.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .properties(properties);
        if (listener != null) {
            builder.initializers(context -> register((GenericApplicationContext) context, listener));
        }
        return builder.run();
    }

    private static void channel(Map<String, Object> properties, String name, String mode, int maxMessage) {
        String prefix = "ipc.channels." + name + ".";
        properties.put(prefix + "type", "route");
        properties.put(prefix + "mode", mode);
        properties.put(prefix + "capacity", Math.max(1 << 20, 4 * maxMessage) + "B");
        properties.put(prefix + "max-message-size", Math.max(maxMessage, 1) + "B");
        properties.put(prefix + "send-timeout", "60s");
    }

    private static void register(GenericApplicationContext context, Function<ConfigurableApplicationContext, Object> listener) {
        context.registerBean("benchListener", Object.class, () -> listener.apply(context));
    }
}
