package io.libipc.spring.integration.dsl;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.spring.autoconfigure.IpcAutoConfiguration;
import io.libipc.spring.core.IpcChannelBinding;
import io.libipc.spring.core.IpcChannelBindings;
import io.libipc.spring.core.IpcChannelSettings;
import io.libipc.spring.integration.inbound.IpcInboundChannelAdapter;
import io.libipc.spring.support.IpcMessageMapper;
import io.libipc.spring.support.IpcPayloadConverter;
import io.libipc.spring.support.IpcPayloadFormat;
import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
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
import org.springframework.integration.dsl.IntegrationFlow;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Integration flows through libipc channels in a real context, fed and drained by core
 * handles on real shared memory: core sender -> channel a -> flow (upper-case) -> channel b ->
 * core receiver. Proves the two ways to build such a flow: the DSL's
 * {@code Ipc.inboundAdapter}/{@code Ipc.outboundAdapter} on an {@link IpcChannelBindings} bean the
 * application provides (the auto-configured bindings back off), and plain message-channel flows on
 * the {@code ipc.<n>.inbound} / {@code ipc.<n>.outbound} channels auto-configured from
 * {@code ipc.channels}. Also pins what happens when both styles are mixed.
 */
@ExtendWith(NoLeftoverStorage.class)
class IpcDslFlowTest {

    /** Generous, for a loaded 2-core machine. */
    private static final long PATIENCE_MS = 30_000;

    /**
     * The application's own bindings (so the auto-configured ones back off) and a DSL flow on them.
     * The DSL adapters must not sit on channels of {@code ipc.channels}: those already have an
     * inbound adapter, and a second one would be a second receiving thread on the same handle.
     */
    @Configuration(proxyBeanMethods = false)
    static class DslFlowConfig {
        @Bean
        IpcChannelBindings ipcChannelBindings(IpcPayloadConverter payloadConverter, Environment env) {
            Duration receiveSlice = Duration.ofMillis(200);
            return new IpcChannelBindings(List.of(
                    new IpcChannelSettings(env.getRequiredProperty("test.a"), ChannelType.CHANNEL,
                            EnumSet.of(ConnMode.RECEIVER), TestChannels.options(), IpcPayloadFormat.RAW, receiveSlice),
                    new IpcChannelSettings(env.getRequiredProperty("test.b"), ChannelType.CHANNEL,
                            EnumSet.of(ConnMode.SENDER), TestChannels.options(), IpcPayloadFormat.RAW, receiveSlice)),
                    s -> new IpcChannelBinding(s, new IpcMessageMapper(s.payloadFormat(), payloadConverter, null)));
        }

        @Bean
        IntegrationFlow upperCaseFlow(IpcChannelBindings bindings, Environment env) {
            return IntegrationFlow.from(Ipc.inboundAdapter(bindings, env.getRequiredProperty("test.a")))
                    .transform(byte[].class, payload -> new String(payload, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT))
                    .handle(Ipc.outboundAdapter(bindings, env.getRequiredProperty("test.b")))
                    .get();
        }
    }

    /** A flow between the message channels the auto-configuration makes for {@code ipc.channels}. */
    @Configuration(proxyBeanMethods = false)
    static class MessageChannelFlowConfig {
        @Bean
        IntegrationFlow upperCaseFlow(Environment env) {
            return IntegrationFlow.from("ipc." + env.getRequiredProperty("test.a") + ".inbound")
                    .transform(byte[].class, payload -> new String(payload, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT))
                    .channel("ipc." + env.getRequiredProperty("test.b") + ".outbound")
                    .get();
        }
    }

    private final String a = TestChannels.uniqueName("dsl-a");
    private final String b = TestChannels.uniqueName("dsl-b");

    @AfterEach
    void clear() {
        TestChannels.clear(a);
        TestChannels.clear(b);
    }

    private ApplicationContextRunner runner(Class<?> config) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class,
                        JacksonAutoConfiguration.class, IpcAutoConfiguration.class))
                .withUserConfiguration(config)
                .withPropertyValues("test.a=" + a, "test.b=" + b, "ipc.name-prefix=" + TestChannels.PREFIX);
    }

    @Test
    void aDslFlowOnTheApplicationsOwnBindingsCarriesTransformedMessagesFromOneChannelToAnother() {
        runner(DslFlowConfig.class).run(context -> {
            assertThat(context).hasNotFailed();
            // The application's bindings replaced the auto-configured ones.
            assertThat(context).hasSingleBean(IpcChannelBindings.class);
            assertThat(context.getBean(IpcChannelBindings.class).all()).extracting(IpcChannelBinding::name)
                    .containsExactly(a, b);
            // A DSL adapter starts in the adapter's own default phase, as the configured ones do.
            assertThat(context.getBean(IpcInboundChannelAdapter.class).getPhase())
                    .isEqualTo(IpcInboundChannelAdapter.DEFAULT_PHASE);
            assertRoundTrip();
        });
    }

    @Test
    void aFlowBetweenTheAutoConfiguredInboundAndOutboundChannelsCarriesTransformedMessages() {
        runner(MessageChannelFlowConfig.class)
                .withPropertyValues("ipc.channels." + a + ".mode=receiver", "ipc.channels." + a + ".receive-timeout=200ms",
                        "ipc.channels." + b + ".mode=sender")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertRoundTrip();
                });
    }

    @Test
    void aChannelUnderIpcChannelsThatTheApplicationsOwnBindingsLackFailsStartupNamingIt() {
        // Mixing the styles: a user's bindings bean replaces everything under ipc.channels, but the
        // per-channel beans are still registered from ipc.channels and look the channel up there.
        String c = TestChannels.uniqueName("dsl-c");
        runner(DslFlowConfig.class)
                .withPropertyValues("ipc.channels." + c + ".mode=receiver")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("ipc.channels." + c + " is configured")
                            .hasMessageContaining("own IpcChannelBindings bean has no channel '" + c + "'");
                });
        // Should a future version open c after all, its storage must not outlive the test.
        TestChannels.clear(c);
    }

    /** Sends two messages into a, expects them upper-cased on b, in order. */
    private void assertRoundTrip() {
        try (IpcChannel receiver = new IpcChannel(ChannelType.CHANNEL, b, TestChannels.options(), ConnMode.RECEIVER);
             IpcChannel sender = new IpcChannel(ChannelType.CHANNEL, a, TestChannels.options(), ConnMode.SENDER)) {
            assertThat(sender.waitForReceivers(1, PATIENCE_MS)).as("the flow's adapter receives a").isTrue();
            sender.send("hello".getBytes(StandardCharsets.UTF_8));
            sender.send("w\u00f6rld".getBytes(StandardCharsets.UTF_8));
            assertThat(new String(receiver.receive(PATIENCE_MS), StandardCharsets.UTF_8)).isEqualTo("HELLO");
            assertThat(new String(receiver.receive(PATIENCE_MS), StandardCharsets.UTF_8)).isEqualTo("W\u00d6RLD");
        }
    }
}
