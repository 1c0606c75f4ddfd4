package io.libipc.cloud.stream.binder.config;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.cloud.stream.config.BindingHandlerAdvise.MappingsProvider;
import org.springframework.context.annotation.Bean;

import java.util.Map;

/**
 * Lets {@code spring.cloud.stream.libipc.default.*} apply to every binding's
 * {@code spring.cloud.stream.libipc.bindings.<binding>.*}: Spring Cloud Stream applies an extended
 * binder's defaults through such a mapping, in the application's context.
 */
@AutoConfiguration
public final class IpcBinderDefaultsConfiguration {

    IpcBinderDefaultsConfiguration() {
    }

    /**
     * The mapping from the bindings' keys to the defaults' keys.
     *
     * @return the mapping
     */
    @Bean
    MappingsProvider ipcExtendedPropertiesDefaultMappingsProvider() {
        return () -> Map.of(ConfigurationPropertyName.of("spring.cloud.stream.libipc.bindings"),
                ConfigurationPropertyName.of("spring.cloud.stream.libipc.default"));
    }
}
