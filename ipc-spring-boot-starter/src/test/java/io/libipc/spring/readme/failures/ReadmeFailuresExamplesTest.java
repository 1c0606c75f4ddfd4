package io.libipc.spring.readme.failures;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.IpcOptions;
import io.libipc.spring.core.IpcOperations;
import io.libipc.spring.support.IpcHeaders;
import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import io.libipc.spring.support.IpcEmbeddedHeaders;
import org.springframework.messaging.Message;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's listener-failure examples, run as the README shows them: two applications with the
 * README's {@code listeners.yml} on real shared memory; one sends ticks, the other's {@link TickDesk}
 * prices them (a negative price fails every attempt and its dead letter reaches a plain core
 * receiver of {@code ticks-failed}), archives them slowly on a thread of its own, and counts them
 * in batches. {@code ReadmeCodeBlocksTest} checks the README's blocks are these files.
 */
@ExtendWith(NoLeftoverStorage.class)
class ReadmeFailuresExamplesTest {

    // Contains "-<pid>-" so that NoLeftoverStorage watches these files too.
    private static final String PREFIX = TestChannels.PREFIX + "readme-" + ProcessHandle.current().pid() + "-";
    private final IpcOptions options = IpcOptions.builder().namePrefix(PREFIX).build();

    private ConfigurableApplicationContext start(String name) {
        return new SpringApplicationBuilder(FailuresApplication.class)
                .web(WebApplicationType.NONE)
                .properties("spring.config.location=classpath:/readme/listeners.yml",
                        "ipc.name-prefix=" + PREFIX, "spring.main.banner-mode=off", "spring.application.name=" + name)
                .run();
    }

    @AfterEach
    void clear() {
        for (String name : List.of("ticks", "ticks-failed")) {
            IpcChannel.clearChannelStorage(name, options);
        }
    }

    @Test
    void ticksArePricedArchivedAndCountedAndTheOneThatFailsIsDeadLettered() {
        try (IpcChannel failed = new IpcChannel(ChannelType.CHANNEL, "ticks-failed", options, ConnMode.RECEIVER);
             ConfigurableApplicationContext desk = start("desk");
             ConfigurableApplicationContext feed = start("feed")) {
            IpcOperations ipc = feed.getBean(IpcOperations.class);
            assertThat(ipc.waitForReceivers("ticks", 1, Duration.ofSeconds(20))).isTrue();
            List<Tick> ticks = IntStream.range(0, 50).mapToObj(i -> new Tick("ACME", 100 + i)).toList();
            ticks.forEach(tick -> ipc.send("ticks", tick));
            ipc.send("ticks", new Tick("ACME", -1));

            Message<?> deadLetter = IpcEmbeddedHeaders.mapper().toMessage(failed.receive(20_000));
            assertThat(new String((byte[]) deadLetter.getPayload(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"symbol\":\"ACME\",\"price\":-1}");
            assertThat(deadLetter.getHeaders()).containsEntry(IpcHeaders.DLT_LISTENER, "pricing")
                    .containsEntry(IpcHeaders.DLT_ATTEMPTS, 4)
                    .containsEntry(IpcHeaders.DLT_EXCEPTION_MESSAGE, "negative price: Tick[symbol=ACME, price=-1]");

            TickDesk listeners = desk.getBean(TickDesk.class);
            await().atMost(Duration.ofSeconds(20)).until(() -> listeners.archived.size() == 51
                    && listeners.batchSizes.stream().mapToInt(Integer::intValue).sum() == 51);
            assertThat(listeners.priced).containsExactlyElementsOf(ticks);
            assertThat(listeners.archived.subList(0, 50)).containsExactlyElementsOf(ticks);
            assertThat(listeners.batchSizes).allSatisfy(size -> assertThat(size).isBetween(1, 500));
            assertThat(feed.getBean(TickDesk.class).priced).as("a handle never receives its own").isEmpty();
        }
    }
}
