package io.libipc.spring.reply;

import io.libipc.spring.annotation.IpcListener;
import io.libipc.spring.integration.inbound.IpcInboundChannelAdapter;
import io.libipc.spring.listener.IpcListenerContainer;
import io.libipc.spring.listener.IpcListenerEndpointRegistry;
import io.libipc.spring.metrics.IpcMetrics;
import io.libipc.support.ChildJvm;
import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.libipc.spring.reply.ReplyProcesses.PATIENCE;
import static io.libipc.spring.reply.ReplyProcesses.awaitLine;
import static io.libipc.spring.reply.ReplyProcesses.counter;
import static io.libipc.spring.reply.ReplyProcesses.tell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The stopped-listener rule, with the messages sent by a Spring Boot application in a child JVM
 * ({@link RequesterApplication}): a listener stopped through {@link IpcListenerEndpointRegistry}
 * while its channel's adapter keeps receiving (for the channel's other listener) counts each
 * message it misses in {@code ipc.messages.dropped{channel,listener}}, read through the context's
 * real {@code SimpleMeterRegistry}, logs the first of each stop once, and receives again once
 * started.
 */
@ExtendWith({NoLeftoverStorage.class, OutputCaptureExtension.class})
@Timeout(120)
class StoppedListenerAcrossProcessesTest {

    /** Two listeners on one channel: one keeps running, the test stops the other. */
    static final class Listeners {
        final List<String> kept = new CopyOnWriteArrayList<>();
        final List<String> paused = new CopyOnWriteArrayList<>();

        @IpcListener(channel = "${test.notes}", id = "kept")
        void kept(String note) {
            kept.add(note);
        }

        @IpcListener(channel = "${test.notes}", id = "paused")
        void paused(String note) {
            paused.add(note);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ListenerConfig {
        @Bean
        Listeners listeners() {
            return new Listeners();
        }
    }

    private static final Pattern STOPPED_WARNING = Pattern.compile("listener 'paused' is stopped");

    private final String notes = TestChannels.uniqueName("stopped-notes");
    private final String sender = TestChannels.uniqueName("stopped-sender");

    @AfterEach
    void clear() {
        TestChannels.clear(notes);
    }

    @Test
    void aStoppedListenerCountsEachMessageItMissesLogsOncePerStopAndReceivesAgainOnceStarted(CapturedOutput output) {
        ReplyProcesses.context(List.of(notes), List.of()).withUserConfiguration(ListenerConfig.class)
                .withPropertyValues("test.notes=" + notes).run(context -> {
                    assertThat(context).hasNotFailed();
                    Listeners listeners = context.getBean(Listeners.class);
                    IpcListenerContainer paused = context.getBean(IpcListenerEndpointRegistry.class)
                            .getListenerContainer("paused");
                    IpcInboundChannelAdapter adapter = context.getBean("ipc." + notes + ".inbound-adapter",
                            IpcInboundChannelAdapter.class);
                    try (ChildJvm child = ReplyProcesses.startRequester(sender, List.of(notes))) {
                        tell(child, "WAIT " + notes + " 1");
                        awaitLine(child, "RECEIVERS");

                        paused.stop();
                        assertThat(adapter.isRunning()).isTrue();
                        send(child, "one", "two", "three");
                        // Each message reaches the listeners in turn: the other one got all three, the
                        // stopped one counted all three.
                        await().atMost(PATIENCE).until(() -> listeners.kept.size() == 3 && dropped(context, "paused") == 3);
                        assertThat(dropped(context, "kept")).isZero();
                        assertThat(listeners.paused).isEmpty();
                        assertThat(warnings(output)).isEqualTo(1);

                        paused.start();
                        send(child, "four");
                        await().atMost(PATIENCE).until(() -> listeners.paused.size() == 1);
                        assertThat(listeners.paused).containsExactly("four");
                        assertThat(dropped(context, "paused")).isEqualTo(3);

                        // A second stop is logged once again.
                        paused.stop();
                        send(child, "five", "six");
                        await().atMost(PATIENCE).until(() -> listeners.kept.size() == 6 && dropped(context, "paused") == 5);
                        assertThat(warnings(output)).isEqualTo(2);

                        tell(child, "EXIT");
                        awaitLine(child, "CLOSED");
                    }
                });
    }

    private void send(ChildJvm child, String... notes) {
        for (String note : notes) {
            tell(child, "SEND " + this.notes + " " + note);
            awaitLine(child, "SENT");
        }
    }

    private double dropped(ApplicationContext context, String listener) {
        return counter(context, IpcMetrics.DROPPED, "channel", notes, "listener", listener);
    }

    private static int warnings(CapturedOutput output) {
        Matcher matcher = STOPPED_WARNING.matcher(output.getAll());
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
