package io.libipc.spring.metrics;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.spring.autoconfigure.IpcAutoConfiguration;
import io.libipc.spring.autoconfigure.metrics.IpcMetricsAutoConfiguration;
import io.libipc.support.ChildJvm;
import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import io.micrometer.core.instrument.Gauge;
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

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code ipc.receivers} gauge of a sending context follows receivers as they come and go:
 * core receivers opened and closed in this JVM, and a receiver in a child JVM killed with kill -9,
 * which closes nothing and is noticed only through the lock the kernel drops with the process.
 * Once the channel's storage is cleared the gauge says NaN rather than a stale number.
 */
@ExtendWith(NoLeftoverStorage.class)
@Timeout(120)
class IpcReceiversGaugeTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final String channel = TestChannels.uniqueName("receivers-gauge");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class, IpcAutoConfiguration.class,
                    IpcMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class))
            .withPropertyValues("ipc.name-prefix=" + TestChannels.PREFIX,
                    "ipc.channels." + channel + ".mode=sender",
                    "ipc.channels." + channel + ".capacity=64KB");

    @AfterEach
    void clear() {
        TestChannels.clear(channel);
    }

    @Test
    void theGaugeFollowsReceiversThatComeAndGoAndDropsWhenAReceiverProcessIsKilled() {
        runner.run(context -> {
            Gauge receivers = context.getBean(MeterRegistry.class).get(IpcMetrics.RECEIVERS).tag("channel", channel).gauge();
            assertThat(receivers.value()).isZero();
            IpcChannel first = new IpcChannel(ChannelType.CHANNEL, channel, TestChannels.options(), ConnMode.RECEIVER);
            try (IpcChannel second = new IpcChannel(ChannelType.CHANNEL, channel, TestChannels.options(), ConnMode.RECEIVER)) {
                assertThat(receivers.value()).isEqualTo(2);
                first.close();
                assertThat(receivers.value()).isEqualTo(1);

                try (ChildJvm child = ChildJvm.start(ReceiverProcess.class, channel)) {
                    child.awaitLine("READY", PATIENCE);
                    assertThat(receivers.value()).isEqualTo(2);

                    // kill -9: the child leaves its place taken; the gauge's probe finds it dead.
                    child.kill();
                    assertThat(child.process().isAlive()).isFalse();
                    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(receivers::value, v -> v == 1);
                }
            } finally {
                first.close();
            }
            assertThat(receivers.value()).isZero();
        });
    }

    @Test
    void aClearedChannelShowsNaNInsteadOfAStaleCount() {
        runner.run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            try (IpcChannel receiver = new IpcChannel(ChannelType.CHANNEL, channel, TestChannels.options(), ConnMode.RECEIVER)) {
                assertThat(registry.get(IpcMetrics.RECEIVERS).tag("channel", channel).gauge().value()).isEqualTo(1);
                IpcChannel.clearChannelStorage(channel, TestChannels.options());
                assertThat(registry.get(IpcMetrics.RECEIVERS).tag("channel", channel).gauge().value()).isNaN();
                assertThat(registry.get(IpcMetrics.BACKLOG).tag("channel", channel).gauge().value()).isNaN();
            }
        });
    }
}
