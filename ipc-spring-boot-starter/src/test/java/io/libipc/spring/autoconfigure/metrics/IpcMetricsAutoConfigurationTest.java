package io.libipc.spring.autoconfigure.metrics;

import io.libipc.spring.autoconfigure.IpcAutoConfiguration;
import io.libipc.spring.core.IpcChannelBindings;
import io.libipc.spring.metrics.IpcMetrics;
import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metrics auto-configuration: it contributes one {@link IpcMetrics} binder that Boot binds to
 * the application's registry (every meter of every channel appears, tagged with the channel), it
 * backs off without Micrometer, for the application's own binder and when libipc is switched off.
 */
@ExtendWith(NoLeftoverStorage.class)
class IpcMetricsAutoConfigurationTest {

    private final String channel = TestChannels.uniqueName("metrics-autoconfig");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class, IpcAutoConfiguration.class,
                    IpcMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class))
            .withPropertyValues("ipc.name-prefix=" + TestChannels.PREFIX,
                    "ipc.channels." + channel + ".mode=sender",
                    "ipc.channels." + channel + ".capacity=4KB");

    static final class OwnIpcMetrics extends IpcMetrics {
        OwnIpcMetrics(IpcChannelBindings bindings) {
            super(bindings);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBinderConfig {
        @Bean
        IpcMetrics ipcMetrics(IpcChannelBindings bindings) {
            return new OwnIpcMetrics(bindings);
        }
    }

    @AfterEach
    void clear() {
        TestChannels.clear(channel);
    }

    @Test
    void runShouldBindEveryMeterOfEveryChannelToTheRegistry() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(IpcMetrics.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry).isInstanceOf(SimpleMeterRegistry.class);
            // Boot binds MeterBinder beans itself: nothing in the starter calls bindTo.
            assertThat(registry.find(IpcMetrics.SENT).tag("channel", channel).functionCounter()).isNotNull();
            assertThat(registry.find(IpcMetrics.RECEIVED).tag("channel", channel).functionCounter()).isNotNull();
            assertThat(registry.find(IpcMetrics.TIMEOUTS).tags("channel", channel, "operation", "send").functionCounter())
                    .isNotNull();
            assertThat(registry.find(IpcMetrics.TIMEOUTS).tags("channel", channel, "operation", "receive").functionCounter())
                    .isNotNull();
            assertThat(registry.find(IpcMetrics.LOST).tag("channel", channel).functionCounter()).isNotNull();
            assertThat(registry.find(IpcMetrics.RECEIVERS).tag("channel", channel).gauge()).isNotNull();
            assertThat(registry.find(IpcMetrics.BACKLOG).tag("channel", channel).gauge()).isNotNull();
            assertThat(registry.get(IpcMetrics.BACKLOG).tag("channel", channel).gauge().getId().getBaseUnit())
                    .isEqualTo("bytes");
        });
    }

    @Test
    void runWithoutMicrometerShouldNotCreateMetrics() {
        runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class)).run(context -> {
            assertThat(context).hasNotFailed();
            // The channels themselves do not need Micrometer.
            assertThat(context).hasSingleBean(IpcChannelBindings.class);
            assertThat(context).doesNotHaveBean(IpcMetrics.class);
        });
    }

    @Test
    void runWithUserBinderShouldBackOff() {
        runner.withUserConfiguration(OwnBinderConfig.class).run(context -> {
            assertThat(context).hasSingleBean(IpcMetrics.class);
            assertThat(context.getBean(IpcMetrics.class)).isInstanceOf(OwnIpcMetrics.class);
        });
    }

    @Test
    void runWhenIpcDisabledShouldNotCreateMetrics() {
        runner.withPropertyValues("ipc.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(IpcChannelBindings.class);
            assertThat(context).doesNotHaveBean(IpcMetrics.class);
            assertThat(context.getBean(MeterRegistry.class).find(IpcMetrics.SENT).meters()).isEmpty();
        });
    }

    @Test
    void runWithoutChannelsShouldCreateTheBinderWithNoMeters() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class, IpcAutoConfiguration.class,
                        IpcMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
                        SimpleMetricsExportAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasSingleBean(IpcMetrics.class);
                    assertThat(context.getBean(MeterRegistry.class).find(IpcMetrics.SENT).meters()).isEmpty();
                });
    }
}
