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
import org.springframework.core.env.Environment;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.support.MessageBuilder;

import java.nio.charset.StandardCharsets;
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
 * a real channel between two contexts; with raw payloads nothing travels. A request, the
 * listener's handling of it and its reply make one trace: the reply's send observation is a child
 * of the listener's, and its propagation fields travel back to the requester.
 */
@ExtendWith(NoLeftoverStorage.class)
class IpcObservationPropagationTest {

    /** Records contexts and plays the part of a tracing bridge: inject on send, extract on receive. */
    static final class PropagatingHandler implements ObservationHandler<Observation.Context> {
        final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
        final List<String> extracted = new CopyOnWriteArrayList<>();
        private final String trace;

        PropagatingHandler(String trace) {
            this.trace = trace;
        }

        @Override
        public void onStart(Observation.Context context) {
            if (context instanceof IpcSenderContext sender) {
                sender.getSetter().set(sender.getCarrier(), "x-trace-id", trace);
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

    /** Answers requests: its return value is the reply. */
    static final class Replier {
        @IpcListener(channel = "${test.channel}", id = "answering")
        String answer(String question) {
            return "re: " + question;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ObservedConfig {
        @Bean
        PropagatingHandler propagatingHandler(Environment env) {
            return new PropagatingHandler(env.getProperty("test.trace", "trace-42"));
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

    @Configuration(proxyBeanMethods = false)
    static class ReplierConfig {
        @Bean
        Replier replier() {
            return new Replier();
        }
    }

    private final String channel = TestChannels.uniqueName("observed");
    private final String replies = TestChannels.uniqueName("observed-replies");

    @AfterEach
    void clear() {
        TestChannels.clear(channel);
        TestChannels.clear(replies);
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
    void aRequestItsHandlingAndItsReplyMakeOneTrace() {
        runner("receiver", "embedded-headers").withUserConfiguration(ReplierConfig.class)
                .withPropertyValues("test.trace=from-replier").run(replying ->
                runner("sender", "embedded-headers")
                        .withPropertyValues("test.trace=from-requester", "ipc.reply-channel=" + replies).run(requesting -> {
                    IpcTemplate template = requesting.getBean(IpcTemplate.class);
                    assertThat(template.waitForReceivers(channel, 1, Duration.ofSeconds(10))).isTrue();
                    Message<?> reply = template.sendAndReceive(channel, MessageBuilder.withPayload("ping").build(),
                            Duration.ofSeconds(10));
                    assertThat(new String((byte[]) reply.getPayload(), StandardCharsets.UTF_8)).isEqualTo("re: ping");

                    // What the requester's handler put in the request's send context reached the
                    // replier's listener observation.
                    PropagatingHandler replierSide = replying.getBean(PropagatingHandler.class);
                    assertThat(replierSide.extracted).containsExactly("from-requester");
                    PropagatingHandler requesterSide = requesting.getBean(PropagatingHandler.class);
                    assertThat(requesterSide.stopped).singleElement().satisfies(c -> {
                        assertThat(c).isInstanceOf(IpcSenderContext.class);
                        assertThat(((IpcSenderContext) c).getChannel()).isEqualTo(channel);
                    });

                    // The reply was sent inside the listener's observation: its send observation is
                    // the listener's child, and its propagation fields travelled back.
                    await().atMost(Duration.ofSeconds(10)).until(() -> replierSide.stopped.size() == 2);
                    IpcSenderContext replySend = replierSide.stopped.stream()
                            .filter(IpcSenderContext.class::isInstance).map(IpcSenderContext.class::cast)
                            .findFirst().orElseThrow();
                    IpcReceiverContext listened = replierSide.stopped.stream()
                            .filter(IpcReceiverContext.class::isInstance).map(IpcReceiverContext.class::cast)
                            .findFirst().orElseThrow();
                    assertThat(replySend.getChannel()).isEqualTo(replies);
                    assertThat(listened.getListenerId()).isEqualTo("answering");
                    assertThat(replySend.getParentObservation()).isNotNull();
                    assertThat(replySend.getParentObservation().getContextView()).isSameAs(listened);
                    assertThat(reply.getHeaders()).containsEntry("x-trace-id", "from-replier");
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
