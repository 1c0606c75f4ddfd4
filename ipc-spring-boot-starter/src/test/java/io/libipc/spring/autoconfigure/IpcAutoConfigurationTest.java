package io.libipc.spring.autoconfigure;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.IpcOptions;
import io.libipc.IpcWaitStrategy;
import io.libipc.spring.annotation.IpcListenerAnnotationBeanPostProcessor;
import io.libipc.spring.core.IpcChannelBinding;
import io.libipc.spring.core.IpcChannelBindings;
import io.libipc.spring.core.IpcChannelSettings;
import io.libipc.spring.core.IpcOperations;
import io.libipc.spring.core.IpcTemplate;
import io.libipc.spring.integration.inbound.IpcInboundChannelAdapter;
import io.libipc.spring.integration.outbound.IpcMessageHandler;
import io.libipc.spring.listener.IpcListenerEndpointRegistry;
import io.libipc.spring.listener.IpcListenerSettings;
import io.libipc.spring.listener.IpcQueueFullPolicy;
import io.libipc.spring.support.IpcPayloadConverter;
import io.libipc.spring.support.IpcPayloadFormat;
import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.channel.PublishSubscribeChannel;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link IpcAutoConfiguration} in real contexts on real shared memory: the beans it makes by
 * default and per mode, every {@code ipc.*} property reaching the opened channel, backing off for
 * user beans, missing classes and {@code ipc.enabled=false}, and bad values failing start-up with
 * the property and the value named.
 */
@ExtendWith(NoLeftoverStorage.class)
class IpcAutoConfigurationTest {

    private final List<String> channels = new ArrayList<>();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class,
                    JacksonAutoConfiguration.class, IpcAutoConfiguration.class))
            .withPropertyValues("ipc.name-prefix=" + TestChannels.PREFIX);

    private String channel(String hint) {
        String name = TestChannels.uniqueName(hint);
        channels.add(name);
        return name;
    }

    @AfterEach
    void clearStorage() {
        channels.forEach(TestChannels::clear);
    }

    @Test
    void runWithoutChannelsShouldCreateTemplateAndRegistryButNoChannel() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(IpcTemplate.class)
                    .hasSingleBean(IpcChannelBindings.class)
                    .hasSingleBean(IpcListenerEndpointRegistry.class)
                    .hasSingleBean(IpcListenerAnnotationBeanPostProcessor.class)
                    .hasSingleBean(IpcPayloadConverter.class)
                    .doesNotHaveBean(IpcChannel.class);
            assertThat(context.getBean(IpcChannelBindings.class).all()).isEmpty();
            assertThat(context.getBean(IpcPayloadConverter.class).getDelegate()).isNotNull();
        });
    }

    @Test
    void runWithChannelDefaultsShouldOpenABothModeChannelWithAdapterAndHandler() {
        String name = channel("defaults");
        runner.withPropertyValues("ipc.channels." + name + ".type=channel").run(context -> {
            IpcChannel channel = context.getBean("ipc." + name + ".channel", IpcChannel.class);
            assertThat(channel.type()).isEqualTo(ChannelType.CHANNEL);
            assertThat(channel.modes()).containsExactlyInAnyOrder(ConnMode.SENDER, ConnMode.RECEIVER);
            assertThat(channel.capacity()).isEqualTo(IpcOptions.DEFAULT_CAPACITY);
            assertThat(channel.maxMessageSize()).isEqualTo(IpcOptions.DEFAULT_MAX_MESSAGE_SIZE);
            assertThat(channel.options().sendTimeoutMs()).isEqualTo(IpcOptions.DEFAULT_SEND_TIMEOUT_MS);
            assertThat(channel.options().waitStrategy()).isEqualTo(IpcWaitStrategy.AUTO);
            assertThat(channel.options().spinNanos()).isEqualTo(IpcOptions.DEFAULT_SPIN_NANOS);
            assertThat(channel.storagePath().getFileName().toString()).isEqualTo(TestChannels.PREFIX + name);
            assertThat(context.getBean("ipc." + name + ".inbound")).isInstanceOf(PublishSubscribeChannel.class);
            assertThat(context.getBean("ipc." + name + ".outbound")).isInstanceOf(DirectChannel.class);
            IpcInboundChannelAdapter adapter = context.getBean("ipc." + name + ".inbound-adapter", IpcInboundChannelAdapter.class);
            assertThat(adapter.isRunning()).isTrue();
            assertThat(adapter.getPhase()).isEqualTo(IpcInboundChannelAdapter.DEFAULT_PHASE);
            // Listeners subscribe before the adapters start receiving.
            assertThat(context.getBean(IpcListenerEndpointRegistry.class).getPhase()).isLessThan(adapter.getPhase());
            assertThat(context.getBean("ipc." + name + ".outbound-handler")).isInstanceOf(IpcMessageHandler.class);
            IpcChannelBinding binding = context.getBean(IpcChannelBindings.class).get(name);
            assertThat(binding.channel()).isSameAs(channel);
            assertThat(binding.mapper().format()).isEqualTo(IpcPayloadFormat.RAW);
            assertThat(binding.settings().receiveTimeout()).isEqualTo(Duration.ofSeconds(1));
        });
    }

    @Test
    void runWithSenderModeShouldCreateOnlyTheOutboundSide() {
        String name = channel("sender");
        runner.withPropertyValues("ipc.channels." + name + ".mode=sender", "ipc.channels." + name + ".type=route")
                .run(context -> {
                    assertThat(context.getBean("ipc." + name + ".channel", IpcChannel.class).modes())
                            .containsExactly(ConnMode.SENDER);
                    assertThat(context).doesNotHaveBean(IpcInboundChannelAdapter.class)
                            .doesNotHaveBean("ipc." + name + ".inbound")
                            .hasBean("ipc." + name + ".outbound-handler");
                });
    }

    @Test
    void runWithReceiverModeShouldCreateOnlyTheInboundSide() {
        String name = channel("receiver");
        runner.withPropertyValues("ipc.channels." + name + ".mode=receiver").run(context -> {
            assertThat(context.getBean("ipc." + name + ".channel", IpcChannel.class).modes())
                    .containsExactly(ConnMode.RECEIVER);
            assertThat(context).doesNotHaveBean(IpcMessageHandler.class)
                    .doesNotHaveBean("ipc." + name + ".outbound")
                    .hasBean("ipc." + name + ".inbound-adapter");
        });
    }

    @Test
    void everyPropertyReachesTheOpenedChannel(@org.junit.jupiter.api.io.TempDir Path dir) {
        String name = channel("props");
        String p = "ipc.channels." + name + ".";
        runner.withPropertyValues("ipc.storage-directory=" + dir, "ipc.file-permissions=rw-rw----",
                "ipc.wait-strategy=portable", "ipc.spin=20us",
                p + "type=route", p + "mode=both", p + "capacity=64KB", p + "max-message-size=2MB",
                p + "send-timeout=250ms", p + "receive-timeout=300ms", p + "payload-format=embedded-headers",
                p + "inbound-channel=myInbound", p + "outbound-channel=myOutbound", p + "auto-startup=false")
                .run(context -> {
                    IpcChannel channel = context.getBean(IpcChannel.class);
                    assertThat(channel.type()).isEqualTo(ChannelType.ROUTE);
                    assertThat(channel.capacity()).isEqualTo(64 * 1024);
                    assertThat(channel.maxMessageSize()).isEqualTo(2 * 1024 * 1024);
                    assertThat(channel.options().sendTimeoutMs()).isEqualTo(250);
                    assertThat(channel.options().waitStrategy()).isEqualTo(IpcWaitStrategy.PORTABLE);
                    assertThat(channel.options().spinNanos()).isEqualTo(20_000);
                    assertThat(channel.storagePath()).isEqualTo(dir.resolve(TestChannels.PREFIX + name));
                    assertThat(Files.getPosixFilePermissions(channel.storagePath()))
                            .isEqualTo(PosixFilePermissions.fromString("rw-rw----"));
                    IpcChannelBinding binding = context.getBean(IpcChannelBindings.class).get(name);
                    assertThat(binding.settings().receiveTimeout()).isEqualTo(Duration.ofMillis(300));
                    assertThat(binding.mapper().format()).isEqualTo(IpcPayloadFormat.EMBEDDED_HEADERS);
                    assertThat(context.getBean("myInbound")).isInstanceOf(PublishSubscribeChannel.class);
                    assertThat(context.getBean("myOutbound")).isInstanceOf(DirectChannel.class);
                    assertThat(context).doesNotHaveBean("ipc." + name + ".inbound");
                    IpcInboundChannelAdapter adapter = context.getBean(IpcInboundChannelAdapter.class);
                    assertThat(adapter.isAutoStartup()).isFalse();
                    assertThat(adapter.isRunning()).isFalse();
                    assertThat(adapter.getOutputChannel()).isSameAs(context.getBean("myInbound"));
                    IpcChannel.clearChannelStorage(name, channel.options());
                });
    }

    @Test
    void aMessageChannelTheApplicationDeclaresWins() {
        String name = channel("userchannel");
        runner.withPropertyValues("ipc.channels." + name + ".inbound-channel=ticks")
                .withBean("ticks", MessageChannel.class, DirectChannel::new)
                .run(context -> assertThat(context.getBean(IpcInboundChannelAdapter.class).getOutputChannel())
                        .isInstanceOf(DirectChannel.class).isSameAs(context.getBean("ticks")));
    }

    @Test
    void anOutboundMessageChannelTheApplicationDeclaresWins() {
        String name = channel("useroutbound");
        runner.withPropertyValues("ipc.channels." + name + ".mode=sender")
                .withBean("ipc." + name + ".outbound", MessageChannel.class, PublishSubscribeChannel::new)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean("ipc." + name + ".outbound")).isInstanceOf(PublishSubscribeChannel.class);
                    assertThat(context.getBeanFactory().getBeanDefinition("ipc." + name + ".outbound").getSource())
                            .as("the application's definition").isNull();
                });
    }

    @Test
    void twoChannelsMayShareAMessageChannelTheyBothCreate() {
        String first = channel("sharedone");
        String second = channel("sharedtwo");
        runner.withPropertyValues("ipc.channels." + first + ".mode=receiver", "ipc.channels." + first + ".inbound-channel=both",
                        "ipc.channels." + second + ".mode=receiver", "ipc.channels." + second + ".inbound-channel=both")
                .run(context -> {
                    assertThat(context.getBean("both")).isInstanceOf(PublishSubscribeChannel.class);
                    assertThat(context.getBeansOfType(IpcInboundChannelAdapter.class).values())
                            .allSatisfy(a -> assertThat(a.getOutputChannel()).isSameAs(context.getBean("both")));
                });
    }

    @Test
    void theHandleBeanIsClosedByTheBindingsAfterTheBeansThatUseThemNotBySpring() {
        String name = channel("goodbye");
        Goodbye.OPEN_AT_SHUTDOWN.clear();
        runner.withPropertyValues("ipc.channels." + name + ".mode=sender")
                .withBean(Goodbye.class)
                .run(context -> {
                    assertThat(context.getBeanFactory().getMergedBeanDefinition("ipc." + name + ".channel")
                            .getDestroyMethodName()).isEmpty();
                    // The handle bean is made after the goodbye bean, so Spring would destroy it first.
                    assertThat(context.getBean("ipc." + name + ".channel"))
                            .isSameAs(context.getBean(IpcChannelBindings.class).get(name).channel());
                });
        assertThat(Goodbye.OPEN_AT_SHUTDOWN).containsExactly(true);
    }

    /** Uses the bindings while the context closes, as a bean sending a goodbye message would. */
    static final class Goodbye implements org.springframework.beans.factory.DisposableBean {
        static final List<Boolean> OPEN_AT_SHUTDOWN = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final IpcChannelBindings bindings;

        Goodbye(IpcChannelBindings bindings) {
            this.bindings = bindings;
        }

        @Override
        public void destroy() {
            bindings.all().forEach(b -> OPEN_AT_SHUTDOWN.add(!b.channel().isClosed()));
        }
    }

    @Test
    void runWhenDisabledShouldCreateNothing() {
        String name = channel("disabled");
        runner.withPropertyValues("ipc.enabled=false", "ipc.channels." + name + ".mode=receiver").run(context -> {
            assertThat(context).hasNotFailed()
                    .doesNotHaveBean(IpcChannelBindings.class)
                    .doesNotHaveBean(IpcOperations.class)
                    .doesNotHaveBean(IpcChannel.class)
                    .doesNotHaveBean(IpcListenerEndpointRegistry.class);
            assertThat(Files.exists(TestChannels.options().storageDirectory().resolve(TestChannels.PREFIX + name))).isFalse();
        });
    }

    @Test
    void runWithoutTheCoreOnTheClassPathShouldBackOff() {
        runner.withClassLoader(new FilteredClassLoader(IpcChannel.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(IpcOperations.class));
    }

    @Test
    void runWithoutJacksonShouldConvertOnlyBytesAndText() {
        String name = channel("nojackson");
        runner.withClassLoader(new FilteredClassLoader(JsonMapper.class))
                .withPropertyValues("ipc.channels." + name + ".mode=sender")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(IpcAutoConfiguration.JSON_CONVERTER_BEAN_NAME);
                    IpcPayloadConverter converter = context.getBean(IpcPayloadConverter.class);
                    assertThat(converter.getDelegate()).isNull();
                    assertThat(converter.toBytes("text", null)).isEqualTo("text".getBytes());
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> converter.toBytes(Map.of("a", 1), null))
                            .hasMessageContaining("jackson-databind");
                });
    }

    @Test
    void runWithEmbeddedHeadersButNoJacksonShouldFailNamingTheProperty() {
        String name = channel("embeddednojackson");
        runner.withClassLoader(new FilteredClassLoader(JsonMapper.class))
                .withPropertyValues("ipc.channels." + name + ".payload-format=embedded-headers")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("ipc.channels." + name + ".payload-format=embedded-headers")
                        .hasMessageContaining("jackson-databind"));
    }

    @Test
    void userBeansWin() {
        IpcOperations mine = new IpcTemplate(new IpcChannelBindings(List.of(), s -> null));
        runner.withBean("myOperations", IpcOperations.class, () -> mine)
                .withBean(IpcPayloadConverter.class, () -> new IpcPayloadConverter(null))
                .run(context -> {
                    assertThat(context).hasSingleBean(IpcOperations.class);
                    assertThat(context.getBean(IpcOperations.class)).isSameAs(mine);
                    assertThat(context.getBean(IpcPayloadConverter.class).getDelegate()).isNull();
                });
    }

    @Test
    void aUserJsonMapperIsUsedForPayloads() {
        runner.withUserConfiguration(CustomJsonMapper.class).run(context -> {
            IpcPayloadConverter converter = context.getBean(IpcPayloadConverter.class);
            byte[] json = converter.toBytes(new Pojo("x"), null);
            assertThat(new String(json)).isEqualTo("{\"renamed\":\"x\"}");
        });
    }

    record Pojo(@com.fasterxml.jackson.annotation.JsonProperty("renamed") String value) {
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomJsonMapper {
        @Bean
        JsonMapper jsonMapper() {
            return JsonMapper.builder().build();
        }
    }

    @Test
    void anUnknownTypeFailsNamingThePropertyAndValue() {
        String name = channel("badtype");
        assertFailsWith("ipc.channels." + name + ".type=queue", "ipc.channels." + name + ".type", "queue");
    }

    @Test
    void aNegativeSendTimeoutFailsNamingThePropertyAndValue() {
        String name = channel("badtimeout");
        assertFailsWith("ipc.channels." + name + ".send-timeout=-5ms", "ipc.channels." + name + ".send-timeout", "-5ms");
    }

    @Test
    void aZeroReceiveTimeoutFailsNamingThePropertyAndValue() {
        String name = channel("badreceive");
        assertFailsWith("ipc.channels." + name + ".receive-timeout=0s", "ipc.channels." + name + ".receive-timeout", "0s");
    }

    @Test
    void aCapacityOutOfRangeFailsNamingThePropertyAndValue() {
        String name = channel("badcapacity");
        assertFailsWith("ipc.channels." + name + ".capacity=2GB", "ipc.channels." + name + ".capacity", "2GB");
    }

    @Test
    void anUnknownModeFailsNamingThePropertyAndValue() {
        String name = channel("badmode");
        assertFailsWith("ipc.channels." + name + ".mode=listener", "ipc.channels." + name + ".mode", "listener");
    }

    @Test
    void badGlobalValuesFailNamingThePropertyAndValue() {
        assertFailsWith("ipc.file-permissions=r--------", "ipc.file-permissions", "r--------");
        assertFailsWith("ipc.spin=-1ms", "ipc.spin", "-1ms");
        assertFailsWith("ipc.wait-strategy=sleepy", "ipc.wait-strategy", "sleepy");
    }

    @Test
    void anInvalidChannelNameFailsNamingTheName() {
        runner.withPropertyValues("ipc.channels.[-bad..name].mode=receiver")
                .run(context -> assertThat(context).getFailure()
                        .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                        .hasMessageContaining("'-bad..name'").hasMessageContaining("ipc.channels")
                        .hasMessageContaining("must not contain '..'"));
    }

    private void assertFailsWith(String property, String name, String value) {
        runner.withPropertyValues(property).run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            BindException bind = findCause(failure, BindException.class);
            assertThat(bind).as("a BindException in %s", failure).isNotNull();
            assertThat(bind.getProperty().getName().toString()).isEqualTo(name);
            assertThat(String.valueOf(bind.getProperty().getValue())).isEqualTo(value);
        });
    }

    private static <T extends Throwable> T findCause(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    @Test
    void theTemplateRefusesAnUnknownChannelNamingTheConfiguredOnes() {
        String name = channel("known");
        runner.withPropertyValues("ipc.channels." + name + ".mode=sender").run(context -> {
            IpcTemplate template = context.getBean(IpcTemplate.class);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> template.send("unknown", "x"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'unknown'").hasMessageContaining(name);
        });
    }

    @Test
    void aListenerOnAChannelThatDoesNotReceiveFailsStartUpNamingIt() {
        String name = channel("notreceiving");
        runner.withPropertyValues("ipc.channels." + name + ".mode=sender", "test.channel=" + name)
                .withUserConfiguration(ListenerOnChannel.class)
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("ipc.channels." + name + ".mode"));
    }

    @Test
    void aListenerOnAnUnknownChannelFailsStartUpNamingIt() {
        runner.withPropertyValues("test.channel=nowhere")
                .withUserConfiguration(ListenerOnChannel.class)
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("'nowhere'").hasMessageContaining("ipc.channels.nowhere"));
    }

    @Configuration(proxyBeanMethods = false)
    static class ListenerOnChannel {
        @Bean
        Object listenerBean() {
            return new Object() {
                @io.libipc.spring.annotation.IpcListener(channel = "${test.channel}")
                void on(Message<?> message) {
                }
            };
        }
    }

    @Test
    void propertyDefaultsAreTheCoresDefaults() {
        IpcProperties properties = new IpcProperties();
        IpcChannelProperties channel = new IpcChannelProperties();
        assertThat(properties.getNamePrefix()).isEqualTo(IpcOptions.DEFAULT_NAME_PREFIX);
        assertThat(properties.getSpin().toNanos()).isEqualTo(IpcOptions.DEFAULT_SPIN_NANOS);
        assertThat(PosixFilePermissions.fromString(properties.getFilePermissions()))
                .isEqualTo(IpcOptions.defaults().filePermissions());
        assertThat(channel.getCapacity().toBytes()).isEqualTo(IpcOptions.DEFAULT_CAPACITY);
        assertThat(channel.getMaxMessageSize().toBytes()).isEqualTo(IpcOptions.DEFAULT_MAX_MESSAGE_SIZE);
        assertThat(channel.getSendTimeout().toMillis()).isEqualTo(IpcOptions.DEFAULT_SEND_TIMEOUT_MS);
        assertThat(channel.getMode().connModes()).isEqualTo(Set.of(ConnMode.SENDER, ConnMode.RECEIVER));
    }

    @Test
    void listenerPropertyDefaultsAreTheListenerSettingsDefaults() {
        assertThat(new IpcListenerProperties().toSettings()).isEqualTo(IpcListenerSettings.DEFAULTS);
    }

    @Test
    void theListenerPropertiesBind() {
        String name = channel("listener-defaults");
        runner.withPropertyValues("ipc.channels." + name + ".mode=receiver", "ipc.listener.retry.max-attempts=3",
                        "ipc.listener.concurrency=2", "ipc.listener.queue-full-policy=drop",
                        "ipc.listener.batch.max-wait=5ms")
                .run(context -> {
                    IpcListenerSettings defaults = context.getBean(IpcProperties.class).getListener().toSettings();
                    assertThat(defaults.maxAttempts()).isEqualTo(3);
                    assertThat(defaults.concurrency()).isEqualTo(2);
                    assertThat(defaults.queueFullPolicy()).isEqualTo(IpcQueueFullPolicy.DROP);
                    assertThat(defaults.batchMaxWait()).isEqualTo(Duration.ofMillis(5));
                });
    }

    @Test
    void theReceiveTimeoutLiteralIsTheSettingsDefault() {
        assertThat(new IpcChannelProperties().getReceiveTimeout()).isEqualTo(IpcChannelSettings.DEFAULT_RECEIVE_TIMEOUT);
    }
}
