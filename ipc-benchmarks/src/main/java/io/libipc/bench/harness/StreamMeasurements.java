package io.libipc.bench.harness;

import io.libipc.bench.stream.StreamRoles;
import io.libipc.bench.transport.Transports;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@link Transports#LIBIPC_STREAM} measurement: a {@code Function} round trip over the libipc
 * Spring Cloud Stream binder between two child JVMs ({@link StreamRoles}): the pinger's function
 * returns each ping to the binder, the echo's function returns it as it came, the pinger's function
 * gets the pong. One message in flight.
 */
final class StreamMeasurements {

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private final Path runDir;
    private final List<String> childOptions;
    private final Function<String, String> links;

    /**
     * Measurements in a run.
     *
     * @param runDir the run directory (the channels' storage directory)
     * @param childOptions the child JVMs' options
     * @param links gives link names never used before in the run
     */
    StreamMeasurements(Path runDir, List<String> childOptions, Function<String, String> links) {
        this.runDir = runDir;
        this.childOptions = childOptions;
        this.links = links;
    }

    /**
     * Round trips after {@code warmupMillis} of the same: p50, p99, p99.9 in microseconds over
     * {@code count} round trips, and the payload size in bytes.
     *
     * @param format the binder's payload format: {@code embedded-headers} or {@code raw}
     */
    double[] functionRoundTrip(String format, int size, int count, long warmupMillis) {
        String pingLink = links.apply("fping");
        String pongLink = links.apply("fpong");
        // Both start at once; the pinger's first send waits for the echo's receiver itself.
        try (ChildProcess echo = ChildProcess.start(StreamRoles.class, childOptions, "echo", format, runDir.toString(),
                pingLink, pongLink, Integer.toString(size));
             ChildProcess ping = ChildProcess.start(StreamRoles.class, childOptions, "ping", format, runDir.toString(),
                     pingLink, pongLink, Integer.toString(size), Integer.toString(count), Long.toString(warmupMillis))) {
            echo.await("READY", PATIENCE);
            Map<String, String> done = Measurements.fields(ping.await("DONE", PATIENCE.multipliedBy(5)));
            return new double[] {Double.parseDouble(done.get("p50")), Double.parseDouble(done.get("p99")),
                    Double.parseDouble(done.get("p999")), Double.parseDouble(done.get("bytes"))};
        }
    }
}
