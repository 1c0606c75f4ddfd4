package io.libipc.sample;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

import static io.libipc.sample.SampleJar.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broadcast with people watching: a producer streaming until Enter ({@code demo.count=0}) to
 * the consumer it started; a second consumer started by hand joins and receives every tick from
 * then on, and is killed with kill -9 while the first keeps receiving every tick; then Enter ends
 * the stream, and with {@code demo.keep-running=true} both stay up for their actuator endpoints,
 * read over real HTTP, until a second Enter.
 */
class BroadcastJoinIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String prefix = SampleJar.uniquePrefix();

    @AfterEach
    void removeLeftovers() throws IOException {
        SampleJar.removeStorage(prefix);
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void aSecondConsumerJoinsTheBroadcastAndItsKillDisturbsNobody() throws Exception {
        try (SampleJar producer = SampleJar.start("producer", "--ipc.name-prefix=" + prefix,
                "--demo.count=0", "--demo.rate=500", "--demo.keep-running=true", "--demo.progress-interval=500ms")) {
            int producerPort = Integer.parseInt(producer.awaitLine("producer: pid=\\d+ health=http://localhost:(\\d+)/", WAIT).group(1));
            int consumerPort = Integer.parseInt(producer.awaitLine("\\[consumer-1] ready: consumer-1 pid=\\d+ health=http://localhost:(\\d+)/", WAIT).group(1));
            producer.awaitLine("consumer\\(s\\) connected and listening; streaming until Enter is pressed", WAIT);

            // Both roles answer over HTTP while the stream runs.
            JsonNode producerIpc = health(producerPort, "/actuator/health/ipc");
            assertThat(producerIpc.at("/components/ticks/details/modes").asString()).isEqualTo("[SENDER]");
            assertThat(producerIpc.at("/components/ticks/details/type").asString()).isEqualTo("ROUTE");
            assertThat(producerIpc.at("/components/ticks/details/receivers").asInt()).isEqualTo(1);
            assertThat(producerIpc.at("/components/reports/details/modes").asString()).isEqualTo("[RECEIVER]");
            JsonNode consumerIpc = health(consumerPort, "/actuator/health/ipc");
            assertThat(consumerIpc.at("/components/ticks/details/modes").asString()).isEqualTo("[RECEIVER]");
            assertThat(consumerIpc.at("/components/ticks/details/lostMessages").asLong()).isZero();
            assertThat(counter(consumerPort, "ipc.messages.received", "ticks")).isPositive();

            try (SampleJar second = SampleJar.start("consumer-2", "--spring.profiles.active=consumer",
                    "--ipc.name-prefix=" + prefix, "--demo.consumer-id=consumer-2", "--demo.progress-interval=500ms")) {
                second.awaitLine("ready: consumer-2 pid=" + second.pid() + " health=http://localhost:\\d+/", WAIT);
                producer.awaitLine("receivers=2 ", WAIT);
                // It gets every tick from its first on: some hundreds, none missing, none lost.
                Matcher joined = second.awaitLine("progress: consumer-2 received=([1-9]\\d{2,}) first=(\\d+) last=(\\d+) missing=(\\d+)"
                        + " outOfOrder=(\\d+) lost=(\\d+)", WAIT);
                assertThat(joined.group(4) + "/" + joined.group(5) + "/" + joined.group(6)).as("missing/outOfOrder/lost")
                        .isEqualTo("0/0/0");
                assertThat(Long.parseLong(joined.group(1))).isEqualTo(Long.parseLong(joined.group(3)) - Long.parseLong(joined.group(2)) + 1);
                assertThat(Long.parseLong(joined.group(2))).as("consumer-2 joined mid-stream").isGreaterThan(1);
                second.kill();
            }
            // The producer notices the dead receiver, and the first consumer goes on receiving.
            Matcher after = producer.awaitLine("progress: sent=(\\d+) rate=\\d+/s receivers=1 ", WAIT);
            long sentAfterKill = Long.parseLong(after.group(1));
            producer.awaitLine("consumer-1 received=(?:[1-9]\\d*) missing=0 lost=0", WAIT);
            waitUntilConsumer1Passes(producer, sentAfterKill + 500);

            producer.typeLine("");
            Matcher sent = producer.awaitLine("summary: sent=(\\d+) ticks", WAIT);
            long total = Long.parseLong(sent.group(1));
            producer.awaitLine("summary: consumer-1 pid=\\d+ COMPLETE received=" + total + " first=1 last=" + total
                    + " missing=0 outOfOrder=0 lost=0", WAIT);
            producer.awaitLine("summary: consumer-2 pid=\\d+ GONE", WAIT);
            producer.awaitLine("summary: OK", WAIT);
            producer.awaitLine("keep-running: press Enter", WAIT);

            // Still up after the summary: the counters match the summary exactly.
            assertThat(counter(producerPort, "ipc.messages.sent", "ticks")).isEqualTo(total);
            assertThat(counter(consumerPort, "ipc.messages.received", "ticks")).isEqualTo(total);
            assertThat(counter(producerPort, "ipc.messages.received", "reports")).isPositive();
            assertThat(counter(consumerPort, "ipc.messages.lost", "ticks")).isZero();
            JsonNode producerHealth = health(producerPort, "/actuator/health");
            assertThat(producerHealth.at("/components/ipc/status").asString()).isEqualTo("UP");
            JsonNode consumerHealth = health(consumerPort, "/actuator/health");
            assertThat(consumerHealth.at("/components/ipc/components/ticks/details/receivers").isMissingNode()).isFalse();

            producer.typeLine("");
            producer.awaitLine("producer: consumer-1 exited with code 0", WAIT);
            producer.awaitLine("storage cleared: .* leftovers=\\[]", WAIT);
            assertThat(producer.awaitExit(WAIT)).as("producer exit code").isZero();
            assertThat(SampleJar.storageFiles(prefix)).as("storage files left in /dev/shm").isEmpty();
        }
    }

    /** Reads progress lines until consumer-1 has received more than a count. */
    private static void waitUntilConsumer1Passes(SampleJar producer, long count) {
        for (;;) {
            Matcher m = producer.awaitLine("consumer-1 received=(\\d+) missing=(\\d+) lost=(\\d+)", WAIT);
            assertThat(m.group(2) + "/" + m.group(3)).as("consumer-1 missing/lost").isEqualTo("0/0");
            if (Long.parseLong(m.group(1)) > count) {
                return;
            }
        }
    }

    private static JsonNode health(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = SampleJar.get(port, path);
        System.out.println("[test] GET :" + port + path + " -> " + response.statusCode() + " " + response.body());
        assertThat(response.statusCode()).as(path + " on port " + port).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("status").asString()).as(path + " status").isEqualTo("UP");
        return body;
    }

    private static long counter(int port, String meter, String channel) throws IOException, InterruptedException {
        String path = "/actuator/metrics/" + meter + "?tag=channel:" + channel;
        HttpResponse<String> response = SampleJar.get(port, path);
        System.out.println("[test] GET :" + port + path + " -> " + response.statusCode() + " " + response.body());
        assertThat(response.statusCode()).as(path + " on port " + port).isEqualTo(200);
        JsonNode measurement = JSON.readTree(response.body()).path("measurements").get(0);
        assertThat(measurement.path("statistic").asString()).isEqualTo("COUNT");
        return (long) measurement.path("value").asDouble();
    }
}
