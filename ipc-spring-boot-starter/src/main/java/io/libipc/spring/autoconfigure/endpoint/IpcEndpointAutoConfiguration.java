package io.libipc.spring.autoconfigure.endpoint;

import io.libipc.spring.autoconfigure.IpcAutoConfiguration;
import io.libipc.spring.core.IpcChannelBindings;
import io.libipc.spring.endpoint.IpcEndpoint;
import io.libipc.spring.listener.IpcListenerEndpointRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code ipc} actuator endpoint, when Boot's actuator is present and the endpoint is available
 * (enabled, and exposed: {@code management.endpoints.web.exposure.include=ipc} for HTTP, which
 * is not the default).
 */
@AutoConfiguration(after = IpcAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnBean(IpcChannelBindings.class)
@ConditionalOnAvailableEndpoint(IpcEndpoint.class)
public final class IpcEndpointAutoConfiguration {

    IpcEndpointAutoConfiguration() {
    }

    /**
     * The endpoint.
     *
     * @param bindings the channels
     * @param listeners the listeners, when there are
     * @return the endpoint
     */
    @Bean
    @ConditionalOnMissingBean
    IpcEndpoint ipcEndpoint(IpcChannelBindings bindings, ObjectProvider<IpcListenerEndpointRegistry> listeners) {
        return new IpcEndpoint(bindings, listeners.getIfAvailable());
    }
}
