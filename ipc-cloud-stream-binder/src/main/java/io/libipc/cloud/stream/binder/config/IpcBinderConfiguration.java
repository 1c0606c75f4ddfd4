package io.libipc.cloud.stream.binder.config;

import io.libipc.cloud.stream.binder.IpcMessageChannelBinder;
import io.libipc.cloud.stream.binder.properties.IpcExtendedBindingProperties;
import io.libipc.cloud.stream.binder.provisioning.IpcProvisioner;
import io.libipc.spring.autoconfigure.IpcProperties;
import io.libipc.spring.support.IpcPayloadConverter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The libipc binder's configuration, named in {@code META-INF/spring.binders} under the type
 * {@code libipc}: Spring Cloud Stream reads it into the binder's own context. It binds {@code ipc.*}
 * (where channels live, how processes wait: the starter's keys, shared with the application's
 * own channels) and {@code spring.cloud.stream.libipc.*}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({IpcProperties.class, IpcExtendedBindingProperties.class})
public class IpcBinderConfiguration {

    /** Read by Spring. */
    public IpcBinderConfiguration() {
    }

    /**
     * The provisioner.
     *
     * @return the provisioner
     */
    @Bean
    IpcProvisioner ipcProvisioner() {
        return new IpcProvisioner();
    }

    /**
     * The binder.
     *
     * @param provisioner names channels
     * @param ipcProperties {@code ipc.*}
     * @param extendedBindingProperties {@code spring.cloud.stream.libipc.*}
     * @param jsonMapper the application's JSON mapper, when it has one (payloads with native encoding)
     * @return the binder
     */
    @Bean
    IpcMessageChannelBinder ipcMessageChannelBinder(IpcProvisioner provisioner, IpcProperties ipcProperties,
            IpcExtendedBindingProperties extendedBindingProperties, ObjectProvider<JsonMapper> jsonMapper) {
        JsonMapper mapper = jsonMapper.getIfAvailable();
        return new IpcMessageChannelBinder(provisioner, ipcProperties, extendedBindingProperties,
                new IpcPayloadConverter(mapper != null ? new JacksonJsonMessageConverter(mapper)
                        : new JacksonJsonMessageConverter()));
    }
}
