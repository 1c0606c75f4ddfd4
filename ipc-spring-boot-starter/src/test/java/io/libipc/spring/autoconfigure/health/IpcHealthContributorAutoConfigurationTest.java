package io.libipc.spring.autoconfigure.health;

import io.libipc.spring.autoconfigure.IpcAutoConfiguration;
import io.libipc.spring.core.IpcChannelBindings;
import io.libipc.spring.health.IpcChannelHealthIndicator;
import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The health auto-configuration: an {@code ipcHealthContributor} with one indicator per configured
 * channel by default; none without Boot's health classes, with
 * {@code management.health.ipc.enabled=false} (or health indicators off by default) or with
 * {@code ipc.enabled=false}; and the application's own {@code ipcHealthContributor} wins.
 */
@ExtendWith(NoLeftoverStorage.class)
class IpcHealthContributorAutoConfigurationTest {

    private static final String BEAN = "ipcHealthContributor";

    private final String sender = TestChannels.uniqueName("health-autoconfig-out");
    private final String receiver = TestChannels.uniqueName("health-autoconfig-in");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class, IpcAutoConfiguration.class,
                    IpcHealthContributorAutoConfiguration.class))
            .withPropertyValues("ipc.name-prefix=" + TestChannels.PREFIX,
                    "ipc.channels." + sender + ".mode=sender",
                    "ipc.channels." + sender + ".capacity=4KB",
                    "ipc.channels." + receiver + ".mode=receiver",
                    "ipc.channels." + receiver + ".capacity=4KB",
                    "ipc.channels." + receiver + ".receive-timeout=50ms");

    @Configuration(proxyBeanMethods = false)
    static class OwnContributorConfig {
        @Bean
        HealthIndicator ipcHealthContributor() {
            return () -> Health.up().withDetail("own", true).build();
        }
    }

    @AfterEach
    void clear() {
        TestChannels.clear(sender);
        TestChannels.clear(receiver);
    }

    @Test
    void runShouldCreateOneIndicatorPerChannel() {
        runner.run(context -> {
            assertThat(context).hasBean(BEAN);
            HealthContributor contributor = context.getBean(BEAN, HealthContributor.class);
            assertThat(contributor).isInstanceOf(CompositeHealthContributor.class);
            HealthContributors composite = (HealthContributors) contributor;
            assertThat(composite.stream().map(HealthContributors.Entry::name)).containsExactly(sender, receiver);
            assertThat(composite.getContributor(sender)).isInstanceOf(IpcChannelHealthIndicator.class);
            // Nobody receives on the sending channel, and receivers are not required by default.
            Health health = ((HealthIndicator) composite.getContributor(sender)).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("receivers", 0).containsEntry("capacity", 4096);
            assertThat(((HealthIndicator) composite.getContributor(receiver)).health().getStatus()).isEqualTo(Status.UP);
        });
    }

    @Test
    void runWhenReceiversAreRequiredShouldMakeTheIndicatorsRequireThem() {
        runner.withPropertyValues("ipc.health.require-receivers=true").run(context -> {
            HealthContributors composite = context.getBean(BEAN, CompositeHealthContributor.class);
            Health health = ((HealthIndicator) composite.getContributor(sender)).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails().get("reason").toString()).contains("no receiver");
            // A receiving channel does not need receivers of its own.
            assertThat(((HealthIndicator) composite.getContributor(receiver)).health().getStatus()).isEqualTo(Status.UP);
        });
    }

    @Test
    void runWithoutHealthClassesShouldNotCreateContributor() {
        runner.withClassLoader(new FilteredClassLoader(HealthContributor.class)).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(IpcChannelBindings.class);
            assertThat(context).doesNotHaveBean(BEAN);
        });
    }

    @Test
    void runWithUserContributorShouldBackOff() {
        runner.withUserConfiguration(OwnContributorConfig.class).run(context -> {
            assertThat(context).hasSingleBean(HealthContributor.class);
            HealthIndicator own = context.getBean(BEAN, HealthIndicator.class);
            assertThat(own).isNotInstanceOf(CompositeHealthContributor.class);
            assertThat(own.health().getDetails()).containsEntry("own", true);
        });
    }

    @Test
    void runWhenIpcHealthDisabledShouldNotCreateContributor() {
        runner.withPropertyValues("management.health.ipc.enabled=false").run(context -> {
            assertThat(context).hasSingleBean(IpcChannelBindings.class);
            assertThat(context).doesNotHaveBean(BEAN);
            assertThat(context).doesNotHaveBean(HealthContributor.class);
        });
    }

    @Test
    void runWhenHealthIndicatorsAreOffByDefaultShouldNotCreateContributor() {
        runner.withPropertyValues("management.health.defaults.enabled=false").run(context -> {
            assertThat(context).hasSingleBean(IpcChannelBindings.class);
            assertThat(context).doesNotHaveBean(BEAN);
        });
    }

    @Test
    void runWhenIpcHealthEnabledOverridesTheDefaultShouldCreateContributor() {
        runner.withPropertyValues("management.health.defaults.enabled=false", "management.health.ipc.enabled=true")
                .run(context -> assertThat(context).hasBean(BEAN));
    }

    @Test
    void runWhenIpcDisabledShouldNotCreateContributor() {
        runner.withPropertyValues("ipc.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(IpcChannelBindings.class);
            assertThat(context).doesNotHaveBean(BEAN);
        });
    }
}
