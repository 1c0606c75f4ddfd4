package io.libipc.spring.autoconfigure.health;

import io.libipc.spring.autoconfigure.IpcAutoConfiguration;
import io.libipc.spring.autoconfigure.IpcProperties;
import io.libipc.spring.core.IpcChannelBindings;
import io.libipc.spring.health.IpcHealthContributors;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;

/**
 * The {@code ipc} health contributor, when Boot's health support is present;
 * {@code management.health.ipc.enabled=false} switches it off.
 */
@AutoConfiguration(after = IpcAutoConfiguration.class)
@ConditionalOnClass(HealthContributor.class)
@ConditionalOnBean(IpcChannelBindings.class)
@ConditionalOnEnabledHealthIndicator("ipc")
public final class IpcHealthContributorAutoConfiguration {

    IpcHealthContributorAutoConfiguration() {
    }

    /**
     * One indicator per channel under the name {@code ipc}.
     *
     * @param bindings the channels
     * @param properties {@code ipc.health.*}
     * @return the contributor
     */
    @Bean
    @ConditionalOnMissingBean(name = "ipcHealthContributor")
    HealthContributor ipcHealthContributor(IpcChannelBindings bindings, IpcProperties properties) {
        return IpcHealthContributors.of(bindings, properties.getHealth().isRequireReceivers());
    }
}
