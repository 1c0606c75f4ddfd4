package io.libipc.spring.observation;

import io.libipc.spring.annotation.IpcListener;
import io.libipc.spring.autoconfigure.IpcAutoConfiguration;
import io.libipc.spring.core.IpcTemplate;
import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.Header;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Observations around a send and around a listener invocation, and the propagation between them:
 * a handler that injects a field on the sender's context (as a tracing bridge injects
 * {@code traceparent}) finds it again on the receiver's context, through the embedded headers of
 * a real channel between two contexts; with raw payloads nothing travels.
 */
@ExtendWith(NoLeftoverStorage.class)
class IpcObservationPropagationTest {

    /** Records contexts and plays the part of a tracing bridge: inject on send, extract on receive. */
    static final class PropagatingHandler implements ObservationHandler<Observation.Context> {
        final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
        final List<String> extracted = new CopyOnWriteArrayList<>();

        @Override
        public void onStart(Observation.Context context) {
            if (context instanceof IpcSenderContext sender) {
                sender.getSetter().set(sender.getCarrier(), "x-trace-id", "trace-42");
            } else if (context instanceof IpcReceiverContext receiver) {
                extracted.add(String.valueOf(receiver.getGetter().get(receiver.getCarrier(), "x-trace-id")));
            }
        }

        @Override
        public void onStop(Observation.Context context) {
            stopped.add(context);
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return context instanceof IpcSenderContext || context instanceof IpcReceiverContext;
        }
    }

    static final class Receiver {
        final List<String> traceHeaders = new CopyOnWriteArrayList<>();

        @IpcListener(channel = "${test.channel}", id = "traced")
        void on(String payload, @Header(name = "x-trace-id", required = false) String trace) {
            traceHeaders.add(payload + ":" + trace);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ObservedConfig {
        @Bean
        PropagatingHandler propagatingHandler() {
            return new PropagatingHandler();
        }

        @Bean
        ObservationRegistry observationRegistry(PropagatingHandler handler) {
            ObservationRegistry registry = ObservationRegistry.create();
            registry.observationConfig().observationHandler(handler);
            return registry;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ReceiverConfig {
        @Bean
        Receiver receiver() {
            return new Receiver();
        }
    }

    private final String channel = TestChannels.uniqueName("observed");

    @AfterEach
    void clear() {
        TestChannels.clear(channel);
    }

    private ApplicationContextRunner runner(String mode, String format) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class,
                        JacksonAutoConfiguration.class, IpcAutoConfiguration.class))
                .withUserConfiguration(ObservedConfig.class)
                .withPropertyValues("test.channel=" + channel, "ipc.name-prefix=" + TestChannels.PREFIX,
                        "ipc.observation.sender-enabled=true", "ipc.observation.listener-enabled=true",
                        "ipc.channels." + channel + ".mode=" + mode,
                        "ipc.channels." + channel + ".payload-format=" + format,
                        "ipc.channels." + channel + ".receive-timeout=200ms");
    }

    @Test
    void theSendersPropagationFieldsReachTheListenersObservationWithEmbeddedHeaders() {
        runner("receiver", "embedded-headers").withUserConfiguration(ReceiverConfig.class).run(receiving ->
                runner("sender", "embedded-headers").run(sending -> {
                    IpcTemplate template = sending.getBean(IpcTemplate.class);
                    assertThat(template.waitForReceivers(channel, 1, Duration.ofSeconds(10))).isTrue();
                    template.send(channel, "hello");
                    Receiver receiver = receiving.getBean(Receiver.class);
                    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.traceHeaders.size() == 1);
                    assertThat(receiver.traceHeaders).containsExactly("hello:trace-42");

                    PropagatingHandler receiverSide = receiving.getBean(PropagatingHandler.class);
                    await().atMost(Duration.ofSeconds(10)).until(() -> receiverSide.stopped.size() == 1);
                    assertThat(receiverSide.extracted).containsExactly("trace-42");
                    Observation.Context listened = receiverSide.stopped.get(0);
                    assertThat(listened.getName()).isEqualTo(IpcObservations.LISTENER);
                    assertThat(listened.getLowCardinalityKeyValue(IpcMessagingKeys.DESTINATION_NAME).getValue())
                            .isEqualTo(channel);
                    assertThat(listened.getLowCardinalityKeyValue(IpcMessagingKeys.LISTENER_ID).getValue()).isEqualTo("traced");

                    PropagatingHandler senderSide = sending.getBean(PropagatingHandler.class);
                    assertThat(senderSide.stopped).singleElement().satisfies(c -> {
                        assertThat(c.getName()).isEqualTo(IpcObservations.SEND);
                        assertThat(c.getLowCardinalityKeyValue(IpcMessagingKeys.DESTINATION_NAME).getValue()).isEqualTo(channel);
                        assertThat(c.getError()).isNull();
                    });
                }));
    }

    @Test
    void withRawPayloadsTheListenerIsObservedButNoHeaderTravels() {
        runner("receiver", "raw").withUserConfiguration(ReceiverConfig.class).run(receiving ->
                runner("sender", "raw").run(sending -> {
                    IpcTemplate template = sending.getBean(IpcTemplate.class);
                    assertThat(template.waitForReceivers(channel, 1, Duration.ofSeconds(10))).isTrue();
                    template.send(channel, "hello");
                    Receiver receiver = receiving.getBean(Receiver.class);
                    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.traceHeaders.size() == 1);
                    assertThat(receiver.traceHeaders).containsExactly("hello:null");
                    assertThat(receiving.getBean(PropagatingHandler.class).extracted).containsExactly("null");
                }));
    }

    @Test
    void aFailedSendIsRecordedOnItsObservation() {
        runner("sender", "raw").run(sending -> {
            IpcTemplate template = sending.getBean(IpcTemplate.class);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> template.send(channel, Map.of("no", "receiver")))
                    .isInstanceOf(io.libipc.IpcException.class);
            assertThat(sending.getBean(PropagatingHandler.class).stopped).singleElement()
                    .satisfies(c -> assertThat(c.getError()).isInstanceOf(io.libipc.IpcException.class));
        });
    }
}
