package io.libipc.sample;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

import static io.libipc.sample.SampleJar.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo of {@link DemoRunIT} from the same jar as the build AOT-processed it
 * ({@code -Dspring.aot.enabled=true}; the producer passes the option on to its consumer): both
 * roles start AOT-processed, the stream ends with the OK summary, both exit and leave no storage.
 * A channel given on the producer's command line only ({@code --ipc.channels.extra...}), which the
 * build never saw, is there too: the channels come from the run-time configuration.
 */
class AotDemoRunIT {

    private static final int COUNT = 2000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String prefix = SampleJar.uniquePrefix();

    @AfterEach
    void removeLeftovers() throws IOException {
        SampleJar.removeStorage(prefix);
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void theAotProcessedDemoEndsWithItsOkSummaryAndSeesAChannelGivenAtRunTime() throws Exception {
        try (SampleJar producer = SampleJar.startAot("producer", "--ipc.name-prefix=" + prefix,
                "--demo.count=" + COUNT, "--demo.rate=1000", "--demo.warmup=0s", "--demo.keep-running=true",
                "--ipc.channels.extra.type=route", "--ipc.channels.extra.mode=receiver")) {
            producer.awaitLine("Starting AOT-processed SampleApplication", WAIT);
            int port = Integer.parseInt(producer.awaitLine("producer: pid=\\d+ health=http://localhost:(\\d+)/", WAIT).group(1));
            long consumerPid = Long.parseLong(producer.awaitLine("started consumer-1 in a second JVM, pid=(\\d+)", WAIT).group(1));
            producer.awaitLine("\\[consumer-1] .*Starting AOT-processed SampleApplication", WAIT);
            producer.awaitLine("\\[consumer-1] ready: consumer-1 pid=" + consumerPid, WAIT);
            producer.awaitLine("\\[consumer-1] final: consumer-1 received=" + COUNT + " first=1 last=" + COUNT
                    + " missing=0 outOfOrder=0 lost=0 latency p50=", WAIT);
            producer.awaitLine("summary: consumer-1 pid=" + consumerPid + " COMPLETE received=" + COUNT + " first=1 last="
                    + COUNT + " missing=0 outOfOrder=0 lost=0 expected=" + COUNT, WAIT);
            producer.awaitLine("summary: OK", WAIT);
            producer.awaitLine("keep-running: press Enter", WAIT);

            JsonNode ipc = health(port);
            assertThat(ipc.at("/components/ticks/details/modes").asString()).isEqualTo("[SENDER]");
            assertThat(ipc.at("/components/extra/details/type").asString()).isEqualTo("ROUTE");
            assertThat(ipc.at("/components/extra/details/modes").asString()).isEqualTo("[RECEIVER]");
            assertThat(SampleJar.storageFiles(prefix)).extracting(p -> p.getFileName().toString()).contains(prefix + "extra");

            producer.typeLine("");
            producer.awaitLine("\\[consumer-1] the producer is leaving; exiting", WAIT);
            producer.awaitLine("producer: consumer-1 exited with code 0", WAIT);
            producer.awaitLine("storage cleared: .* leftovers=\\[]", WAIT);
            assertThat(producer.awaitExit(WAIT)).as("producer exit code").isZero();
            // The demo clears its own channels; the extra one is this test's.
            assertThat(SampleJar.storageFiles(prefix)).extracting(p -> p.getFileName().toString())
                    .as("storage files left in /dev/shm").containsOnly(prefix + "extra");
        }
    }

    private static JsonNode health(int port) throws IOException, InterruptedException {
        HttpResponse<String> response = SampleJar.get(port, "/actuator/health/ipc");
        System.out.println("[test] GET :" + port + "/actuator/health/ipc -> " + response.statusCode() + " " + response.body());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
