package io.libipc.spring.autoconfigure.endpoint;

import io.libipc.spring.autoconfigure.IpcAutoConfiguration;
import io.libipc.spring.endpoint.IpcEndpoint;
import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint's auto-configuration in a web application: no {@code ipc} endpoint unless it is
 * exposed (as every actuator endpoint but health), one when
 * {@code management.endpoints.web.exposure.include} lists it, none without the actuator on the
 * class path or with {@code ipc.enabled=false}.
 */
@ExtendWith(NoLeftoverStorage.class)
class IpcEndpointAutoConfigurationTest {

    private final String channel = TestChannels.uniqueName("endpoint-autoconfig");

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class, IpcAutoConfiguration.class,
                    IpcEndpointAutoConfiguration.class))
            .withPropertyValues("ipc.name-prefix=" + TestChannels.PREFIX, "ipc.channels." + channel + ".mode=sender");

    @AfterEach
    void clear() {
        TestChannels.clear(channel);
    }

    @Test
    void runByDefaultShouldNotExposeTheEndpoint() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(IpcEndpoint.class));
    }

    @Test
    void runWhenExposedShouldCreateTheEndpoint() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=ipc")
                .run(context -> assertThat(context).hasSingleBean(IpcEndpoint.class));
    }

    @Test
    void runWithoutTheActuatorOrWithIpcDisabledShouldCreateNoEndpoint() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=ipc")
                .withClassLoader(new FilteredClassLoader(Endpoint.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(IpcEndpoint.class));
        runner.withPropertyValues("management.endpoints.web.exposure.include=ipc", "ipc.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(IpcEndpoint.class));
    }
}
