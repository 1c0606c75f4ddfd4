package io.libipc.spring.lifecycle;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.spring.annotation.IpcListener;
import io.libipc.spring.autoconfigure.IpcAutoConfiguration;
import io.libipc.spring.integration.inbound.IpcInboundChannelAdapter;
import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.Lifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stopping and starting the receiving side of a running context, through the inbound adapter's
 * {@link Lifecycle} and through the context's own stop/start: delivery resumes, and no message is
 * lost on the way. A stopped adapter's handle stays connected, so what is sent meanwhile waits in
 * the ring and arrives after the restart; a message that ends the receive the stopping loop was
 * blocked in is delivered, not dropped; and a start that comes while the stopping loop is still in
 * its receive goes on with that loop instead of racing it with a second receiving thread.
 */
@ExtendWith({NoLeftoverStorage.class, OutputCaptureExtension.class})
class InboundAdapterStopStartTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final String channel = TestChannels.uniqueName("stop-start");

    @AfterEach
    void clear() {
        TestChannels.clear(channel);
    }

    private ApplicationContextRunner runner(Duration receiveTimeout) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class,
                        JacksonAutoConfiguration.class, IpcAutoConfiguration.class))
                .withUserConfiguration(Collector.CollectorConfig.class)
                .withPropertyValues("test.channel=" + channel, "ipc.name-prefix=" + TestChannels.PREFIX,
                        "ipc.channels." + channel + ".mode=receiver",
                        "ipc.channels." + channel + ".receive-timeout=" + receiveTimeout.toMillis() + "ms");
    }

    @Test
    void stoppingAndStartingTheAdapterResumesDeliveryWithWhatWasSentWhileStopped() {
        runner(Duration.ofMillis(200)).run(context -> {
            Collector collector = context.getBean(Collector.class);
            IpcInboundChannelAdapter adapter = context.getBean("ipc." + channel + ".inbound-adapter", IpcInboundChannelAdapter.class);
            try (IpcChannel sender = sender()) {
                send(sender, "before");
                await().atMost(PATIENCE).until(() -> collector.received.contains("before"));

                ((Lifecycle) adapter).stop();
                assertThat(adapter.isRunning()).isFalse();
                // The loop ends within one receive timeout.
                await().atMost(PATIENCE).until(() -> !adapter.isReceiving());
                // Stopped, not disconnected: the handle still counts, and messages wait for it.
                assertThat(sender.receiverCount()).isEqualTo(1);
                send(sender, "while stopped");

                ((Lifecycle) adapter).start();
                assertThat(adapter.isRunning()).isTrue();
                send(sender, "after");
                await().atMost(PATIENCE).until(() -> collector.received.size() == 3);
            }
            assertThat(collector.received).containsExactly("before", "while stopped", "after");
        });
    }

    @Test
    void aMessageTakenByTheStoppingLoopIsDeliveredNotDropped() {
        // A long receive: when stop() is called the loop is blocked in receive, and the next
        // message is what wakes it; the loop has then taken it off the ring.
        runner(Duration.ofSeconds(30)).run(context -> {
            Collector collector = context.getBean(Collector.class);
            IpcInboundChannelAdapter adapter = context.getBean("ipc." + channel + ".inbound-adapter", IpcInboundChannelAdapter.class);
            try (IpcChannel sender = sender()) {
                send(sender, "before");
                await().atMost(PATIENCE).until(() -> collector.received.contains("before"));

                adapter.stop();
                send(sender, "during stop");
                await().atMost(PATIENCE).until(() -> !adapter.isReceiving());
                adapter.start();
                send(sender, "after");
                await().atMost(PATIENCE).until(() -> collector.received.contains("after"));
            }
            assertThat(collector.received).containsExactly("before", "during stop", "after");
        });
    }

    @Test
    void startingRightAfterStoppingKeepsOneReceiveLoop(CapturedOutput output) {
        // A long receive: the loop is still blocked in it when start() comes. The restarted
        // adapter must go on with that loop, not race it with a second receiving thread.
        runner(Duration.ofSeconds(30)).run(context -> {
            Collector collector = context.getBean(Collector.class);
            IpcInboundChannelAdapter adapter = context.getBean("ipc." + channel + ".inbound-adapter", IpcInboundChannelAdapter.class);
            try (IpcChannel sender = sender()) {
                send(sender, "before");
                await().atMost(PATIENCE).until(() -> collector.received.contains("before"));

                adapter.stop();
                adapter.start();
                send(sender, "after");
                await().atMost(PATIENCE).until(() -> collector.received.contains("after"));
                assertThat(adapter.isReceiving()).isTrue();
                assertThat(receiveThreads()).hasSize(1);
                send(sender, "later");
                await().atMost(PATIENCE).until(() -> collector.received.contains("later"));
            }
            assertThat(collector.received).containsExactly("before", "after", "later");
        });
        assertThat(output).doesNotContain("already receiving");
    }

    @Test
    void stoppingAndStartingTheContextResumesListenersAndAdapter() {
        runner(Duration.ofMillis(200)).run(context -> {
            Collector collector = context.getBean(Collector.class);
            IpcInboundChannelAdapter adapter = context.getBean("ipc." + channel + ".inbound-adapter", IpcInboundChannelAdapter.class);
            try (IpcChannel sender = sender()) {
                send(sender, "before");
                await().atMost(PATIENCE).until(() -> collector.received.contains("before"));

                context.stop();
                assertThat(adapter.isRunning()).isFalse();
                await().atMost(PATIENCE).until(() -> !adapter.isReceiving());
                send(sender, "while stopped");

                context.start();
                assertThat(adapter.isRunning()).isTrue();
                send(sender, "after");
                await().atMost(PATIENCE).until(() -> collector.received.size() == 3);
            }
            assertThat(collector.received).containsExactly("before", "while stopped", "after");
        });
    }

    private IpcChannel sender() {
        IpcChannel sender = new IpcChannel(ChannelType.CHANNEL, channel, TestChannels.options(), ConnMode.SENDER);
        assertThat(sender.waitForReceivers(1, PATIENCE.toMillis())).isTrue();
        return sender;
    }

    private List<Thread> receiveThreads() {
        String name = "ipc-inbound-" + channel;
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(name) && t.isAlive())
                .toList();
    }

    private static void send(IpcChannel sender, String text) {
        sender.send(text.getBytes(StandardCharsets.UTF_8));
    }
}
