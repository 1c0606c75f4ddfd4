package io.libipc.spring.observation;

import io.libipc.spring.annotation.IpcListener;
import io.libipc.spring.autoconfigure.IpcAutoConfiguration;
import io.libipc.spring.core.IpcTemplate;
import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The observations follow Spring's messaging conventions: OpenTelemetry messaging keys, a
 * convention interface per side with a default that an application's bean replaces, and a switch
 * per side, off by default (an observation costs microseconds and kilobytes per message).
 * Checked with Micrometer's {@link TestObservationRegistry} in real contexts on real channels.
 */
@ExtendWith(NoLeftoverStorage.class)
class IpcObservationConventionsTest {

    static final class Receiver {
        final List<String> received = new CopyOnWriteArrayList<>();

        @IpcListener(channel = "${test.channel}", id = "conventions")
        void on(String payload) {
            received.add(payload);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RegistryConfig {
        @Bean
        TestObservationRegistry observationRegistry() {
            return TestObservationRegistry.create();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ReceiverConfig {
        @Bean
        Receiver receiver() {
            return new Receiver();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomConventionConfig {
        @Bean
        IpcSenderObservationConvention customSender() {
            return new DefaultIpcSenderObservationConvention() {
                @Override
                public String getName() {
                    return "orders.out";
                }

                @Override
                public KeyValues getLowCardinalityKeyValues(IpcSenderContext context) {
                    return super.getLowCardinalityKeyValues(context).and("team", "billing");
                }
            };
        }
    }

    private final String channel = TestChannels.uniqueName("conventions");

    private ApplicationContextRunner runner(String mode, String... properties) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class,
                        JacksonAutoConfiguration.class, IpcAutoConfiguration.class))
                .withUserConfiguration(RegistryConfig.class)
                .withPropertyValues("test.channel=" + channel, "ipc.name-prefix=" + TestChannels.PREFIX,
                        "ipc.channels." + channel + ".mode=" + mode,
                        "ipc.channels." + channel + ".receive-timeout=200ms")
                .withPropertyValues(properties);
    }

    @AfterEach
    void clear() {
        TestChannels.clear(channel);
    }

    @Test
    void nothingIsObservedByDefault() {
        runner("receiver").withUserConfiguration(ReceiverConfig.class).run(receiving -> runner("sender").run(sending -> {
            IpcTemplate template = sending.getBean(IpcTemplate.class);
            assertThat(template.waitForReceivers(channel, 1, Duration.ofSeconds(10))).isTrue();
            template.send(channel, "hello");
            Receiver receiver = receiving.getBean(Receiver.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received.size() == 1);

            assertThat(sending.getBean(TestObservationRegistry.class)).doesNotHaveAnyObservation();
            assertThat(receiving.getBean(TestObservationRegistry.class)).doesNotHaveAnyObservation();
        }));
    }

    @Test
    void sendsAndListenerInvocationsCarryTheOpenTelemetryMessagingKeysWhenSwitchedOn() {
        runner("receiver", "ipc.observation.listener-enabled=true").withUserConfiguration(ReceiverConfig.class)
                .run(receiving -> runner("sender", "ipc.observation.sender-enabled=true").run(sending -> {
                    IpcTemplate template = sending.getBean(IpcTemplate.class);
                    assertThat(template.waitForReceivers(channel, 1, Duration.ofSeconds(10))).isTrue();
                    template.send(channel, "hello");
                    Receiver receiver = receiving.getBean(Receiver.class);
                    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received.size() == 1);

                    assertThat(sending.getBean(TestObservationRegistry.class))
                            .hasObservationWithNameEqualTo(IpcObservations.SEND).that()
                            .hasContextualNameEqualTo(channel + " publish")
                            .hasLowCardinalityKeyValue(IpcMessagingKeys.SYSTEM, "libipc")
                            .hasLowCardinalityKeyValue(IpcMessagingKeys.DESTINATION_NAME, channel)
                            .hasLowCardinalityKeyValue(IpcMessagingKeys.OPERATION, "publish")
                            .hasBeenStarted().hasBeenStopped();
                    TestObservationRegistry received = receiving.getBean(TestObservationRegistry.class);
                    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(received)
                            .hasObservationWithNameEqualTo(IpcObservations.LISTENER).that()
                            .hasContextualNameEqualTo(channel + " process")
                            .hasLowCardinalityKeyValue(IpcMessagingKeys.SYSTEM, "libipc")
                            .hasLowCardinalityKeyValue(IpcMessagingKeys.DESTINATION_NAME, channel)
                            .hasLowCardinalityKeyValue(IpcMessagingKeys.OPERATION, "process")
                            .hasLowCardinalityKeyValue(IpcMessagingKeys.LISTENER_ID, "conventions")
                            .hasBeenStopped());
                }));
    }

    @Test
    void eachSideHasItsOwnSwitch() {
        runner("receiver", "ipc.observation.sender-enabled=true").withUserConfiguration(ReceiverConfig.class)
                .run(receiving -> runner("sender", "ipc.observation.listener-enabled=true").run(sending -> {
                    IpcTemplate template = sending.getBean(IpcTemplate.class);
                    assertThat(template.waitForReceivers(channel, 1, Duration.ofSeconds(10))).isTrue();
                    template.send(channel, "hello");
                    Receiver receiver = receiving.getBean(Receiver.class);
                    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received.size() == 1);

                    assertThat(sending.getBean(TestObservationRegistry.class)).doesNotHaveAnyObservation();
                    assertThat(receiving.getBean(TestObservationRegistry.class)).doesNotHaveAnyObservation();
                }));
    }

    @Test
    void anApplicationsConventionBeanReplacesTheDefault() {
        runner("sender", "ipc.observation.sender-enabled=true").withUserConfiguration(CustomConventionConfig.class)
                .run(sending -> {
                    try (io.libipc.IpcChannel reader = new io.libipc.IpcChannel(io.libipc.ChannelType.CHANNEL, channel,
                            TestChannels.options(), io.libipc.ConnMode.RECEIVER)) {
                        sending.getBean(IpcTemplate.class).send(channel, "hello");
                        assertThat(new String(reader.receive(10_000))).isEqualTo("hello");
                    }
                    assertThat(sending.getBean(TestObservationRegistry.class))
                            .hasObservationWithNameEqualTo("orders.out").that()
                            .hasLowCardinalityKeyValue("team", "billing")
                            .hasLowCardinalityKeyValue(IpcMessagingKeys.DESTINATION_NAME, channel);
                    assertThat(sending.getBean(ObservationRegistry.class)).isInstanceOf(TestObservationRegistry.class);
                });
    }
}
