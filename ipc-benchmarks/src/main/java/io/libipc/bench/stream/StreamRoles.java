package io.libipc.bench.stream;

import io.libipc.bench.harness.Roles;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code libipc-stream} measurement's roles, one JVM each, a Spring Cloud Stream application
 * ({@link StreamBenchApplication}) on the libipc binder with {@code byte[]} payloads of
 * {@code size} bytes (a JSON object, {@link #jsonBytes}), in a payload format
 * ({@code embedded-headers}, the binder's default, or {@code raw}):
 * <ul>
 *   <li>{@code echo format runDir pingLink pongLink size}: the function {@code echo} from the ping
 *       destination to the pong destination;</li>
 *   <li>{@code ping format runDir pingLink pongLink size count warmupMillis}: the function
 *       {@code pong} the other way, started by one message through {@link StreamBridge}; reports
 *       {@code DONE p50=.. p99=.. p999=.. bytes=..} in microseconds.</li>
 * </ul>
 * Destinations are ROUTE channels of 1 MiB, as for the starter's rows; sends wait up to 60 s for
 * room and up to 120 s for a first receiver. Each role prints {@code READY} once its context runs
 * and lives until the harness closes its standard input.
 */
public final class StreamRoles {

    private static final Duration PATIENCE = Duration.ofSeconds(600);

    private StreamRoles() {
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
        String format = args[1];
        if (!format.equals("embedded-headers") && !format.equals("raw")) {
            throw new IllegalArgumentException("format is embedded-headers or raw: " + format);
        }
        String runDir = args[2];
        String ping = args[3];
        String pong = args[4];
        int size = Integer.parseInt(args[5]);
        switch (role) {
            case "echo" -> {
                start(format, runDir, "echo", ping, pong);
                System.out.println("READY");
            }
            case "ping" -> {
                ConfigurableApplicationContext context = start(format, runDir, "pong", pong, ping);
                System.out.println("READY");
                StreamPinger pinger = context.getBean(StreamPinger.class);
                pinger.arm(Long.parseLong(args[6]), Long.parseLong(args[7]));
                // The first ping: waits (receiver-wait) until the echo's function is bound.
                context.getBean(StreamBridge.class).send("pong-out-0", jsonBytes(size));
                double[] p = pinger.await(PATIENCE);
                System.out.printf(Locale.ROOT, "DONE p50=%.3f p99=%.3f p999=%.3f bytes=%d%n", p[0], p[1], p[2], size);
            }
            default -> throw new IllegalArgumentException("unknown role " + role);
        }
        // The harness reads the last line, then closes standard input, which ends this JVM.
        new CountDownLatch(1).await();
    }

    /**
     * A JSON object of {@code size} bytes ({@code {"pad":"xx..."}}, at least 10): what an
     * application's messages look like. Spring Cloud Function reads a {@code byte[]} input as JSON to
     * see whether it is a collection; bytes that are not JSON would make it throw and catch an
     * exception per message, a cost no real application pays.
     */
    static byte[] jsonBytes(int size) {
        return ("{\"pad\":\"" + "x".repeat(Math.max(0, size - 10)) + "\"}").getBytes(StandardCharsets.US_ASCII);
    }

    private static ConfigurableApplicationContext start(String format, String runDir, String function, String in,
            String out) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("logging.level.root", "warn");
        properties.put("ipc.storage-directory", runDir);
        properties.put("spring.cloud.function.definition", function);
        properties.put("spring.cloud.stream.bindings." + function + "-in-0.destination", in);
        properties.put("spring.cloud.stream.bindings." + function + "-out-0.destination", out);
        // One message per round trip: the binder's own retries would only hide a failure here.
        properties.put("spring.cloud.stream.bindings." + function + "-in-0.consumer.max-attempts", "1");
        for (String side : new String[] {"consumer", "producer"}) {
            String prefix = "spring.cloud.stream.libipc.default." + side + ".";
            properties.put(prefix + "channel-type", "route");
            properties.put(prefix + "capacity", "1MB");
            properties.put(prefix + "payload-format", format);
        }
        properties.put("spring.cloud.stream.libipc.default.producer.send-timeout", "60s");
        properties.put("spring.cloud.stream.libipc.default.producer.receiver-wait", "120s");
        return new SpringApplicationBuilder(StreamBenchApplication.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .properties(properties)
                .run();
    }
}
