package io.libipc.spring.autoconfigure.metrics;

import io.libipc.spring.autoconfigure.IpcAutoConfiguration;
import io.libipc.spring.core.IpcChannelBindings;
import io.libipc.spring.listener.IpcListenerEndpointRegistry;
import io.libipc.spring.metrics.IpcMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * libipc meters, when Micrometer is present. Boot binds the {@link IpcMetrics} binder to every
 * meter registry itself.
 */
@AutoConfiguration(after = IpcAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(IpcChannelBindings.class)
public final class IpcMetricsAutoConfiguration {

    IpcMetricsAutoConfiguration() {
    }

    /**
     * The meter binder of all channels.
     *
     * @param bindings the channels
     * @param listeners the listeners, when there are
     * @return the binder
     */
    @Bean
    @ConditionalOnMissingBean
    IpcMetrics ipcMetrics(IpcChannelBindings bindings, ObjectProvider<IpcListenerEndpointRegistry> listeners) {
        return new IpcMetrics(bindings, listeners.getIfAvailable());
    }
}
