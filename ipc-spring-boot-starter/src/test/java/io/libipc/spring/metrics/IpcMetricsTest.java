package io.libipc.spring.metrics;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.spring.annotation.IpcListener;
import io.libipc.spring.autoconfigure.IpcAutoConfiguration;
import io.libipc.spring.autoconfigure.metrics.IpcMetricsAutoConfiguration;
import io.libipc.spring.core.IpcTemplate;
import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The values of the libipc meters in real contexts on real shared memory, read from the
 * {@code SimpleMeterRegistry} Boot's metrics auto-configuration creates: sends through the
 * template counted by the sending context, receives by the receiving one, a trySend without a
 * receiver and each empty receive slice counted as timeouts, messages lost by a receiver whose
 * listener blocked while the sender kept sending, and the backlog gauge following unread bytes.
 * The sender and the receiver of a channel are two contexts (a handle never receives its own
 * messages), or a context and a core handle.
 */
@ExtendWith(NoLeftoverStorage.class)
@Timeout(120)
class IpcMetricsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final String channel = TestChannels.uniqueName("metrics");

    /** Collects what its channel's listener got. */
    static final class CollectingListener {
        final List<String> received = new CopyOnWriteArrayList<>();

        @IpcListener(channel = "${test.channel}")
        void onMessage(String text) {
            received.add(text);
        }
    }

    /** Takes the first message and then blocks the channel's receive thread until released. */
    static final class BlockingListener {
        final AtomicInteger received = new AtomicInteger();
        final CountDownLatch firstTaken = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @IpcListener(channel = "${test.channel}")
        void onMessage(byte[] payload) throws InterruptedException {
            received.incrementAndGet();
            firstTaken.countDown();
            // Bounded, so that a failed test still lets its context close.
            release.await(60, TimeUnit.SECONDS);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CollectingConfig {
        @Bean
        CollectingListener collectingListener() {
            return new CollectingListener();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class BlockingConfig {
        @Bean
        BlockingListener blockingListener() {
            return new BlockingListener();
        }
    }

    private ApplicationContextRunner runner(String mode, String... properties) {
        String p = "ipc.channels." + channel + ".";
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class, IpcAutoConfiguration.class,
                        IpcMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
                        SimpleMetricsExportAutoConfiguration.class))
                .withPropertyValues("test.channel=" + channel, "ipc.name-prefix=" + TestChannels.PREFIX,
                        p + "mode=" + mode, p + "receive-timeout=200ms")
                .withPropertyValues(Arrays.stream(properties).map(s -> p + s).toArray(String[]::new));
    }

    @AfterEach
    void clear() {
        TestChannels.clear(channel);
    }

    @Test
    void sendsAreCountedByTheSenderAndReceivesByTheReceiver() {
        int n = 25;
        runner("receiver").withUserConfiguration(CollectingConfig.class).run(receiver -> runner("sender").run(sender -> {
            IpcTemplate template = sender.getBean(IpcTemplate.class);
            assertThat(template.waitForReceivers(channel, 1, PATIENCE)).isTrue();
            assertThat(gauge(sender, IpcMetrics.RECEIVERS)).isEqualTo(1);
            for (int i = 0; i < n; i++) {
                template.send(channel, "message " + i);
            }
            CollectingListener listener = receiver.getBean(CollectingListener.class);
            await().atMost(PATIENCE).until(() -> listener.received.size() == n);

            assertThat(counter(sender, IpcMetrics.SENT)).isEqualTo(n);
            assertThat(counter(receiver, IpcMetrics.RECEIVED)).isEqualTo(n);
            // Each side counts only what it did itself.
            assertThat(counter(sender, IpcMetrics.RECEIVED)).isZero();
            assertThat(counter(receiver, IpcMetrics.SENT)).isZero();
            assertThat(timeouts(sender, "send")).isZero();
            assertThat(counter(receiver, IpcMetrics.LOST)).isZero();
        }));
    }

    @Test
    void aTrySendWithoutAReceiverCountsASendTimeoutAndNoSend() {
        runner("sender").run(sender -> {
            IpcTemplate template = sender.getBean(IpcTemplate.class);
            assertThat(template.trySend(channel, "nobody listens")).isFalse();
            assertThat(timeouts(sender, "send")).isEqualTo(1);
            assertThat(template.trySend(channel, "still nobody")).isFalse();
            assertThat(timeouts(sender, "send")).isEqualTo(2);
            assertThat(counter(sender, IpcMetrics.SENT)).isZero();

            try (IpcChannel receiver = new IpcChannel(ChannelType.CHANNEL, channel, TestChannels.options(), ConnMode.RECEIVER)) {
                assertThat(template.trySend(channel, "now somebody does")).isTrue();
                assertThat(counter(sender, IpcMetrics.SENT)).isEqualTo(1);
                assertThat(timeouts(sender, "send")).isEqualTo(2);
                assertThat(new String(receiver.receive(PATIENCE.toMillis()), StandardCharsets.UTF_8))
                        .isEqualTo("now somebody does");
            }
        });
    }

    @Test
    void eachEmptyReceiveSliceOfAnIdleReceiverCountsAReceiveTimeout() {
        runner("receiver", "receive-timeout=50ms").withUserConfiguration(CollectingConfig.class).run(receiver -> {
            await().atMost(PATIENCE).until(() -> timeouts(receiver, "receive") >= 3);
            double seen = timeouts(receiver, "receive");
            // Still idle, so still counting.
            await().atMost(PATIENCE).until(() -> timeouts(receiver, "receive") > seen);
            assertThat(counter(receiver, IpcMetrics.RECEIVED)).isZero();
            assertThat(timeouts(receiver, "send")).isZero();
        });
    }

    @Test
    void messagesLostByABlockedReceiverAreCountedAsItsHandleCountsThem() {
        int n = 40;
        byte[] payload = new byte[500];
        runner("receiver", "capacity=4KB").withUserConfiguration(BlockingConfig.class).run(receiver -> {
            BlockingListener listener = receiver.getBean(BlockingListener.class);
            try {
                runner("sender", "capacity=4KB", "send-timeout=20ms").run(sender -> {
                    IpcTemplate template = sender.getBean(IpcTemplate.class);
                    assertThat(template.waitForReceivers(channel, 1, PATIENCE)).isTrue();
                    template.send(channel, payload);
                    assertThat(listener.firstTaken.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
                    // 39 x 500 bytes into a 4 KiB ring nobody reads: send waits its 20 ms for room and
                    // then evicts the stuck receiver, again and again.
                    for (int i = 1; i < n; i++) {
                        template.send(channel, payload);
                    }
                    assertThat(counter(sender, IpcMetrics.SENT)).isEqualTo(n);
                });
            } finally {
                listener.release.countDown();
            }
            IpcChannel handle = receiver.getBean("ipc." + channel + ".channel", IpcChannel.class);
            // Unblocked, the receiver reads what is left and learns what it lost on the way:
            // every message is either received or counted lost.
            await().atMost(PATIENCE).until(() -> listener.received.get() + handle.lostMessages() == n);
            assertThat(handle.lostMessages()).isPositive();
            assertThat(counter(receiver, IpcMetrics.LOST)).isEqualTo(handle.lostMessages());
            assertThat(counter(receiver, IpcMetrics.RECEIVED)).isEqualTo(listener.received.get());
        });
    }

    @Test
    void theBacklogGaugeFollowsTheBytesTheSlowestReceiverHasNotRead() {
        runner("sender").run(sender -> {
            IpcTemplate template = sender.getBean(IpcTemplate.class);
            try (IpcChannel receiver = new IpcChannel(ChannelType.CHANNEL, channel, TestChannels.options(), ConnMode.RECEIVER)) {
                assertThat(gauge(sender, IpcMetrics.BACKLOG)).isZero();
                template.send(channel, new byte[1000]);
                template.send(channel, new byte[1000]);
                // The payloads and their record headers.
                assertThat(gauge(sender, IpcMetrics.BACKLOG)).isGreaterThanOrEqualTo(2000);
                receiver.receive(PATIENCE.toMillis());
                receiver.receive(PATIENCE.toMillis());
                assertThat(gauge(sender, IpcMetrics.BACKLOG)).isZero();
            }
        });
    }

    private static double counter(ApplicationContext context, String name) {
        return context.getBean(MeterRegistry.class).get(name).tag("channel", tagOf(context)).functionCounter().count();
    }

    private static double timeouts(ApplicationContext context, String operation) {
        return context.getBean(MeterRegistry.class).get(IpcMetrics.TIMEOUTS)
                .tags("channel", tagOf(context), "operation", operation).functionCounter().count();
    }

    private static double gauge(ApplicationContext context, String name) {
        return context.getBean(MeterRegistry.class).get(name).tag("channel", tagOf(context)).gauge().value();
    }

    private static String tagOf(ApplicationContext context) {
        return context.getEnvironment().getRequiredProperty("test.channel");
    }
}
