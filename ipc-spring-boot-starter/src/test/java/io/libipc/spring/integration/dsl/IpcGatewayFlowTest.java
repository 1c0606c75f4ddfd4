package io.libipc.spring.integration.dsl;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.IpcException;
import io.libipc.IpcStatus;
import io.libipc.spring.autoconfigure.IpcAutoConfiguration;
import io.libipc.spring.core.IpcChannelBindings;
import io.libipc.spring.core.IpcOperations;
import io.libipc.spring.core.IpcRemoteException;
import io.libipc.spring.core.IpcReplyTimeoutException;
import io.libipc.spring.core.IpcTemplate;
import io.libipc.spring.integration.inbound.IpcInboundGateway;
import io.libipc.spring.integration.outbound.IpcOutboundGateway;
import io.libipc.spring.support.IpcHeaders;
import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.integration.MessageTimeoutException;
import org.springframework.integration.channel.PublishSubscribeChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import io.libipc.spring.support.IpcEmbeddedHeaders;
import org.springframework.messaging.Message;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The two gateways between two real contexts over real shared memory (the cross-process tests
 * prove the same between JVMs): a requester's flow, started by a Spring Integration messaging
 * gateway, asks through {@code Ipc.outboundGateway}; the replier's flow, started by
 * {@code Ipc.inboundGateway}, answers. Proves the replies (converted, or whole messages with the
 * replier's headers), the flow's exception and its silence reaching the caller as remote errors
 * within the gateway's reply timeout, one-way messages, a stopped gateway unsubscribing, no second
 * receiving thread, and that a request forwarded on by the flow is no request any more (and that a
 * message carrying a gateway's temporary reply channel can be sent at all), and that a gateway on a
 * channel this application does not receive fails start-up naming the key to set.
 */
@ExtendWith(NoLeftoverStorage.class)
class IpcGatewayFlowTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    /** The requester's door into its flow: a Spring Integration messaging gateway. */
    interface Billing {
        String ask(String question);
    }

    /** The same, answered with the whole reply message. */
    interface RawBilling {
        Message<?> ask(String question);
    }

    @Configuration(proxyBeanMethods = false)
    static class ReplierFlow {
        @Bean
        IntegrationFlow billingGateway(Environment env) {
            String billing = env.getRequiredProperty("test.billing");
            return IntegrationFlow.from(Ipc.inboundGateway(billing).replyTimeout(500).id("billing-gateway"))
                    .wireTap("ipc." + env.getRequiredProperty("test.audit") + ".outbound")
                    .filter(byte[].class, payload -> !text(payload).equals("silent"))
                    .transform(byte[].class, payload -> {
                        if (text(payload).equals("boom")) {
                            throw new IllegalArgumentException("no boom please");
                        }
                        return text(payload).toUpperCase(Locale.ROOT);
                    })
                    .enrichHeaders(h -> h.header("handledBy", "billing-flow"))
                    .get();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RequesterFlows {
        @Bean
        IntegrationFlow typedRequests(IpcOperations ipc, Environment env) {
            return IntegrationFlow.from(Billing.class)
                    .handle(Ipc.outboundGateway(ipc, env.getRequiredProperty("test.billing"))
                            .expectedReplyType(String.class).replyTimeout(Duration.ofSeconds(5)))
                    .get();
        }

        @Bean
        IntegrationFlow rawRequests(IpcOperations ipc, Environment env) {
            return IntegrationFlow.from(RawBilling.class)
                    .handle(Ipc.outboundGateway(ipc, env.getRequiredProperty("test.billing")))
                    .get();
        }
    }

    private final String billing = TestChannels.uniqueName("gw-billing");
    private final String audit = TestChannels.uniqueName("gw-audit");
    private final String replies = TestChannels.uniqueName("gw-replies");

    /** Reads what the replier's flow taps off to the audit channel (a wire tap with no receiver would fail). */
    private IpcChannel auditor;

    @BeforeEach
    void openAuditor() {
        auditor = new IpcChannel(ChannelType.CHANNEL, audit, TestChannels.options(), ConnMode.RECEIVER);
    }

    @AfterEach
    void clear() {
        auditor.close();
        for (String name : List.of(billing, audit, replies)) {
            TestChannels.clear(name);
        }
    }

    private ApplicationContextRunner app() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class,
                        JacksonAutoConfiguration.class, IpcAutoConfiguration.class))
                .withPropertyValues("test.billing=" + billing, "test.audit=" + audit,
                        "ipc.name-prefix=" + TestChannels.PREFIX,
                        "ipc.channels." + billing + ".payload-format=embedded-headers",
                        "ipc.channels." + billing + ".receive-timeout=200ms",
                        "ipc.channels." + audit + ".payload-format=embedded-headers");
    }

    private ApplicationContextRunner replier() {
        return app().withUserConfiguration(ReplierFlow.class)
                .withPropertyValues("ipc.channels." + billing + ".mode=receiver", "ipc.channels." + audit + ".mode=sender");
    }

    private ApplicationContextRunner requester() {
        return app().withUserConfiguration(RequesterFlows.class)
                .withPropertyValues("ipc.channels." + billing + ".mode=sender", "ipc.channels." + audit + ".mode=sender",
                        "ipc.reply-channel=" + replies, "ipc.reply-timeout=5s");
    }

    @Test
    void anOutboundGatewaysRequestsAreAnsweredByAnInboundGatewaysFlowOnTheAdaptersOneThread() {
        replier().run(replying -> requester().run(requesting -> {
            assertThat(replying).hasNotFailed();
            assertThat(requesting).hasNotFailed();
            IpcTemplate ipc = requesting.getBean(IpcTemplate.class);
            assertThat(ipc.waitForReceivers(billing, 1, PATIENCE)).isTrue();

            assertThat(requesting.getBean(Billing.class).ask("hello")).isEqualTo("HELLO");
            Message<?> reply = requesting.getBean(RawBilling.class).ask("w\u00f6rld");
            assertThat(new String((byte[]) reply.getPayload(), StandardCharsets.UTF_8)).isEqualTo("W\u00d6RLD");
            assertThat(reply.getHeaders()).containsEntry("handledBy", "billing-flow")
                    .containsEntry(IpcHeaders.REQUEST_CHANNEL, billing);

            // The flow's wire tap forwarded both requests: a message with a gateway's temporary
            // reply channel could be sent, and the copy is no request (no reply channel travels).
            for (String expected : List.of("hello", "w\u00f6rld")) {
                Message<?> tapped = IpcEmbeddedHeaders.mapper().toMessage(auditor.receive(PATIENCE.toMillis()));
                assertThat(new String((byte[]) tapped.getPayload(), StandardCharsets.UTF_8)).isEqualTo(expected);
                assertThat(tapped.getHeaders()).containsKey(IpcHeaders.CORRELATION_ID)
                        .doesNotContainKeys(IpcHeaders.REPLY_CHANNEL, "replyChannel", "errorChannel");
            }

            // The gateway receives nothing itself: one receiving handle, one receive thread.
            assertThat(ipc.receiverCount(billing)).isEqualTo(1);
            assertThat(Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("ipc-inbound-" + billing))).hasSize(1);
            IpcInboundGateway gateway = replying.getBean(IpcInboundGateway.class);
            assertThat(gateway.getComponentType()).isEqualTo("ipc:inbound-gateway");
            assertThat(gateway.getInboundChannel()).isSameAs(replying.getBean("ipc." + billing + ".inbound"));
            assertThat(requesting.getBeansOfType(IpcOutboundGateway.class).values()).hasSize(2)
                    .allSatisfy(g -> assertThat(g.getComponentType()).isEqualTo("ipc:outbound-gateway"));
        }));
    }

    @Test
    void theFlowsExceptionAndItsSilenceReachTheCallerAsRemoteErrorsWithinTheGatewaysReplyTimeout() {
        replier().run(replying -> requester().run(requesting -> {
            assertThat(replying).hasNotFailed();
            assertThat(requesting).hasNotFailed();
            assertThat(requesting.getBean(IpcTemplate.class).waitForReceivers(billing, 1, PATIENCE)).isTrue();
            Billing ask = requesting.getBean(Billing.class);

            assertThatThrownBy(() -> ask.ask("boom")).isInstanceOfSatisfying(IpcRemoteException.class, e -> {
                assertThat(e.getRemoteExceptionClass()).isEqualTo(IllegalArgumentException.class.getName());
                assertThat(e.getRemoteMessage()).isEqualTo("no boom please");
                assertThat(e.getChannel()).isEqualTo(billing);
            });

            long start = System.nanoTime();
            assertThatThrownBy(() -> ask.ask("silent")).isInstanceOfSatisfying(IpcRemoteException.class, e -> {
                assertThat(e.getRemoteExceptionClass()).isEqualTo(MessageTimeoutException.class.getName());
                assertThat(e.getRemoteMessage()).contains("billing-gateway", billing, "replyTimeout=500 ms");
            });
            // The gateway's 500 ms, not the requester's 5 s.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(3_500));

            // The channel's thread is free again.
            assertThat(ask.ask("next")).isEqualTo("NEXT");
        }));
    }

    @Test
    void aMessageThatAsksForNoReplyGoesThroughTheFlowOneWay() {
        replier().run(replying -> requester().run(requesting -> {
            assertThat(replying).hasNotFailed();
            assertThat(requesting).hasNotFailed();
            IpcTemplate ipc = requesting.getBean(IpcTemplate.class);
            assertThat(ipc.waitForReceivers(billing, 1, PATIENCE)).isTrue();
            ipc.send(billing, "note");
            Message<?> tapped = IpcEmbeddedHeaders.mapper().toMessage(auditor.receive(PATIENCE.toMillis()));
            assertThat(new String((byte[]) tapped.getPayload(), StandardCharsets.UTF_8)).isEqualTo("note");
            // Requests still work after it, and nobody tried to reply to the one-way message.
            assertThat(requesting.getBean(Billing.class).ask("after")).isEqualTo("AFTER");
            assertThat(replying.getBean(IpcChannelBindings.class).get(billing).statistics().failedReplies()).isZero();
        }));
    }

    @Test
    void aStoppedGatewayUnsubscribesAndAnswersAgainOnceStarted() {
        replier().run(replying -> requester().run(requesting -> {
            assertThat(replying).hasNotFailed();
            assertThat(requesting).hasNotFailed();
            IpcTemplate ipc = requesting.getBean(IpcTemplate.class);
            assertThat(ipc.waitForReceivers(billing, 1, PATIENCE)).isTrue();
            IpcInboundGateway gateway = replying.getBean(IpcInboundGateway.class);
            PublishSubscribeChannel inbound = replying.getBean("ipc." + billing + ".inbound", PublishSubscribeChannel.class);
            assertThat(inbound.getSubscriberCount()).isEqualTo(1);

            gateway.stop();
            assertThat(inbound.getSubscriberCount()).isZero();
            assertThatThrownBy(() -> ipc.sendAndReceive(billing, "nobody", String.class, Duration.ofMillis(300)))
                    .isInstanceOf(IpcReplyTimeoutException.class);

            gateway.start();
            assertThat(inbound.getSubscriberCount()).isEqualTo(1);
            assertThat(ipc.sendAndReceive(billing, "again", String.class)).isEqualTo("AGAIN");
        }));
    }

    @Test
    void withoutAReplierTheOutboundGatewayFailsAtOnceAsASendDoes() {
        requester().run(requesting -> {
            long start = System.nanoTime();
            assertThatThrownBy(() -> requesting.getBean(Billing.class).ask("anyone?"))
                    .isInstanceOfSatisfying(IpcException.class, e -> {
                        assertThat(e.status()).isEqualTo(IpcStatus.ERROR_SEND_FAILED);
                        assertThat(e.getMessage()).contains(billing);
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class GatewayOnASendingChannel {
        @Bean
        IntegrationFlow misplaced(Environment env) {
            return IntegrationFlow.from(Ipc.inboundGateway(env.getRequiredProperty("test.billing")))
                    .transform(byte[].class, payload -> payload)
                    .get();
        }
    }

    @Test
    void anInboundGatewayOnAChannelThatDoesNotReceiveFailsStartupNamingTheKeyToSet() {
        app().withUserConfiguration(GatewayOnASendingChannel.class)
                .withPropertyValues("ipc.channels." + billing + ".mode=sender", "ipc.channels." + audit + ".mode=sender")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("inbound gateway on libipc channel '" + billing + "'")
                            .hasMessageContaining("ipc.channels." + billing + " with mode receiver or both");
                });
    }

    private static String text(byte[] payload) {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
