package io.libipc.cloud.stream.binder.properties;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.cloud.stream.binder.AbstractExtendedBindingProperties;
import org.springframework.cloud.stream.binder.BinderSpecificPropertiesProvider;

/**
 * The libipc binder's per-binding properties, {@code spring.cloud.stream.libipc.bindings.<binding>.*},
 * with defaults for every binding under {@code spring.cloud.stream.libipc.default.*}.
 */
@ConfigurationProperties("spring.cloud.stream.libipc")
public class IpcExtendedBindingProperties
        extends AbstractExtendedBindingProperties<IpcConsumerProperties, IpcProducerProperties, IpcBindingProperties> {

    private static final String DEFAULTS_PREFIX = "spring.cloud.stream.libipc.default";

    /** Empty: Spring Boot binds the bindings. */
    public IpcExtendedBindingProperties() {
    }

    @Override
    public String getDefaultsPrefix() {
        return DEFAULTS_PREFIX;
    }

    @Override
    public Class<? extends BinderSpecificPropertiesProvider> getExtendedPropertiesEntryClass() {
        return IpcBindingProperties.class;
    }
}
