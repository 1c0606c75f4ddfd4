package io.libipc.spring.lifecycle;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.spring.annotation.IpcListener;
import io.libipc.spring.autoconfigure.IpcAutoConfiguration;
import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Starting and closing a context with a receiving channel and a listener, five times on the same
 * channel, leaves nothing behind each time: the receive thread ends, the handle is closed (a new
 * sender counts no receiver), and once the GC has run no mapping of the storage file remains in
 * this process (the core unmaps through the GC, never explicitly, so the test triggers it and
 * waits). While a context runs, its handle and the test's sender share one mapping (one per file
 * per JVM), so restarts cannot pile mappings up. Storage files outlive handles, as libipc's do;
 * clearing removes the file.
 */
@ExtendWith(NoLeftoverStorage.class)
class ContextRestartHygieneTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final int CYCLES = 5;

    private final String channel = TestChannels.uniqueName("restart");

    @AfterEach
    void clear() {
        TestChannels.clear(channel);
    }

    @Test
    void startingAndClosingAContextRepeatedlyLeavesNoThreadNoConnectedHandleAndNoMapping() {
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class,
                        JacksonAutoConfiguration.class, IpcAutoConfiguration.class))
                .withUserConfiguration(Collector.CollectorConfig.class)
                .withPropertyValues("test.channel=" + channel, "ipc.name-prefix=" + TestChannels.PREFIX,
                        "ipc.channels." + channel + ".mode=receiver",
                        "ipc.channels." + channel + ".receive-timeout=200ms");
        Path storage = TestChannels.options().storageDirectory().resolve(TestChannels.PREFIX + channel);
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            String text = "cycle " + cycle;
            runner.run(context -> {
                Collector collector = context.getBean(Collector.class);
                try (IpcChannel sender = sender()) {
                    assertThat(sender.storagePath()).isEqualTo(storage);
                    assertThat(sender.waitForReceivers(1, PATIENCE.toMillis())).isTrue();
                    assertThat(sender.receiverCount()).isEqualTo(1);
                    sender.send(text.getBytes());
                    await().atMost(PATIENCE).until(() -> collector.received.contains(text));
                    assertThat(receiveThreads()).hasSize(1);
                    // The context's handle and ours share the JVM's one mapping of the file.
                    assertThat(mappingsOf(storage)).isEqualTo(1);
                }
            });
            String when = "after closing context " + cycle;

            // Closing the context closed the handle: it is no longer counted, at once.
            try (IpcChannel sender = sender()) {
                assertThat(sender.receiverCount()).as(when).isZero();
            }
            // Closing the handle ends the blocked receive, and with it the thread.
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(receiveThreads()).as(when).isEmpty());
            // Nothing holds the storage any more: the GC unmaps it.
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                System.gc();
                assertThat(mappingsOf(storage)).as(when).isZero();
            });
            // The file outlives its handles, as libipc's does, until it is cleared.
            assertThat(storage).exists();
        }
        TestChannels.clear(channel);
        assertThat(storage).doesNotExist();
    }

    private IpcChannel sender() {
        return new IpcChannel(ChannelType.CHANNEL, channel, TestChannels.options(), ConnMode.SENDER);
    }

    private List<Thread> receiveThreads() {
        String name = "ipc-inbound-" + channel;
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(name) && t.isAlive())
                .toList();
    }

    /** The mappings of a file in this process: lines of /proc/self/maps naming it. */
    private static long mappingsOf(Path file) {
        String path = file.toString();
        try (Stream<String> lines = Files.lines(Paths.get("/proc/self/maps"))) {
            return lines.filter(line -> line.endsWith(path) || line.endsWith(path + " (deleted)")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
