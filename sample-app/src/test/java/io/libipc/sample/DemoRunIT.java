package io.libipc.sample;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

import static io.libipc.sample.SampleJar.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo as a newcomer runs it, {@code java -jar ipc-sample-app.jar}, with a unique name prefix:
 * the producer starts the consumer in a second JVM, waits until it listens, streams ticks through
 * shared memory, and prints a summary with the consumer's own account; then both exit and the
 * storage is gone from /dev/shm.
 */
class DemoRunIT {

    private static final int COUNT = 3000;

    private final String prefix = SampleJar.uniquePrefix();

    @AfterEach
    void removeLeftovers() throws IOException {
        SampleJar.removeStorage(prefix);
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void theProducerStreamsToAConsumerInASecondJvmAndBothExitLeavingNoStorage() throws Exception {
        try (SampleJar producer = SampleJar.start("producer", "--ipc.name-prefix=" + prefix,
                "--demo.count=" + COUNT, "--demo.rate=1000", "--demo.warmup=0s")) {
            long consumerPid = Long.parseLong(producer.awaitLine("started consumer-1 in a second JVM, pid=(\\d+)", WAIT).group(1));
            assertThat(consumerPid).isNotEqualTo(producer.pid());
            assertThat(SampleJar.storageFiles(prefix)).extracting(p -> p.getFileName().toString())
                    .containsExactlyInAnyOrder(prefix + "ticks", prefix + "control", prefix + "reports");
            producer.awaitLine("\\[consumer-1] ready: consumer-1 pid=" + consumerPid, WAIT);
            producer.awaitLine("consumer\\(s\\) connected and listening; streaming " + COUNT + " ticks", WAIT);
            producer.awaitLine("progress: sent=\\d+ rate=\\d+/s receivers=1 \\| consumer-1 received=", WAIT);

            // The consumer's own account, relayed through the producer's output...
            producer.awaitLine("\\[consumer-1] final: consumer-1 received=" + COUNT + " first=1 last=" + COUNT
                    + " missing=0 outOfOrder=0 lost=0 latency p50=", WAIT);
            // ...and the producer's summary of what the consumer reported over the reports channel.
            producer.awaitLine("summary: sent=" + COUNT + " ticks", WAIT);
            Matcher consumer = producer.awaitLine("summary: consumer-1 pid=(\\d+) (\\S+) received=(\\d+) first=1 last=(\\d+)"
                    + " missing=0 outOfOrder=0 lost=0 expected=(\\d+)", WAIT);
            assertThat(Long.parseLong(consumer.group(1))).isEqualTo(consumerPid);
            assertThat(consumer.group(2)).isEqualTo("COMPLETE");
            assertThat(consumer.group(3)).isEqualTo(Integer.toString(COUNT));
            producer.awaitLine("summary: consumer-1 latency send->listener over " + COUNT + " ticks \\(after 0 warm-up\\): p50=\\S+ p90=\\S+ p99=\\S+ max=\\S+", WAIT);
            producer.awaitLine("summary: OK", WAIT);

            producer.awaitLine("\\[consumer-1] the producer is leaving; exiting", WAIT);
            producer.awaitLine("producer: consumer-1 exited with code 0", WAIT);
            producer.awaitLine("storage cleared: .* leftovers=\\[]", WAIT);
            assertThat(producer.awaitExit(WAIT)).as("producer exit code").isZero();
            assertThat(ProcessHandle.of(consumerPid).map(ProcessHandle::isAlive)).as("consumer alive").isNotEqualTo(java.util.Optional.of(true));
            assertThat(SampleJar.storageFiles(prefix)).as("storage files left in /dev/shm").isEmpty();
        }
    }
}
