package io.libipc.spring.autoconfigure;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.IpcException;
import io.libipc.IpcOptions;
import io.libipc.spring.core.IpcChannelBinding;
import io.libipc.spring.core.IpcChannelBindings;
import io.libipc.spring.core.IpcChannelSettings;
import io.libipc.spring.support.IpcMessageMapper;
import io.libipc.spring.support.IpcPayloadConverter;
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
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link IpcChannelCustomizer} beans in real contexts on real shared memory: what one sets reaches
 * the opened channel, they run in bean order, and one that throws fails start-up naming the channel.
 */
@ExtendWith(NoLeftoverStorage.class)
class IpcChannelCustomizerTest {

    private final String shared = TestChannels.uniqueName("customized");
    private final String plain = TestChannels.uniqueName("plain");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class,
                    JacksonAutoConfiguration.class, IpcAutoConfiguration.class))
            .withPropertyValues("ipc.name-prefix=" + TestChannels.PREFIX, "test.customized=" + shared,
                    "ipc.channels." + shared + ".mode=sender", "ipc.channels." + plain + ".mode=sender");

    @AfterEach
    void clearStorage() {
        TestChannels.clear(shared);
        TestChannels.clear(plain);
    }

    @Configuration(proxyBeanMethods = false)
    static class OneChannelCustomized {
        @Bean
        IpcChannelCustomizer sharedWithTheGroup(Environment env) {
            String name = env.getRequiredProperty("test.customized");
            return (channel, options) -> {
                if (channel.equals(name)) {
                    options.spinNanos(1_234).filePermissions("rw-rw----");
                }
            };
        }
    }

    @Test
    void whatACustomizerSetsOnOneChannelReachesThatOpenedChannelOnly() {
        runner.withUserConfiguration(OneChannelCustomized.class).run(context -> {
            IpcChannel customized = context.getBean("ipc." + shared + ".channel", IpcChannel.class);
            assertThat(customized.options().spinNanos()).isEqualTo(1_234);
            assertThat(Files.getPosixFilePermissions(customized.storagePath()))
                    .isEqualTo(PosixFilePermissions.fromString("rw-rw----"));
            IpcChannel untouched = context.getBean("ipc." + plain + ".channel", IpcChannel.class);
            assertThat(untouched.options().spinNanos()).isEqualTo(IpcOptions.DEFAULT_SPIN_NANOS);
            assertThat(Files.getPosixFilePermissions(untouched.storagePath()))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoOrderedCustomizers {
        final List<String> calls = new CopyOnWriteArrayList<>();

        // Declared first, ordered last: the order comes from @Order, not from the declaration.
        @Bean
        @Order(2)
        IpcChannelCustomizer late() {
            return (channel, options) -> {
                calls.add("late " + channel);
                options.spinNanos(2_000);
            };
        }

        @Bean
        @Order(1)
        IpcChannelCustomizer early() {
            return (channel, options) -> {
                calls.add("early " + channel);
                options.spinNanos(1_000);
            };
        }
    }

    @Test
    void customizersRunInBeanOrderAndTheLaterOneWins() {
        runner.withUserConfiguration(TwoOrderedCustomizers.class).run(context -> {
            assertThat(context.getBean(TwoOrderedCustomizers.class).calls)
                    .containsExactly("early " + shared, "late " + shared, "early " + plain, "late " + plain);
            assertThat(context.getBean("ipc." + shared + ".channel", IpcChannel.class).options().spinNanos())
                    .isEqualTo(2_000);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class RefusedCustomizer {
        @Bean
        IpcChannelCustomizer tooSmall(Environment env) {
            String name = env.getRequiredProperty("test.customized");
            return (channel, options) -> {
                if (channel.equals(name)) {
                    options.capacity(3);
                }
            };
        }
    }

    @Test
    void aCustomizerThatThrowsFailsStartUpNamingTheChannel() {
        runner.withUserConfiguration(RefusedCustomizer.class).run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            IllegalStateException customizing = findCause(failure, IllegalStateException.class);
            assertThat(customizing).as("an IllegalStateException in %s", failure).isNotNull();
            assertThat(customizing).hasMessageContaining("cannot customize channel '" + shared + "'")
                    .hasMessageContaining("capacity")
                    .hasCauseInstanceOf(IpcException.class);
            // Refused before any channel was opened.
            assertThat(Files.exists(TestChannels.options().storageDirectory().resolve(TestChannels.PREFIX + plain)))
                    .isFalse();
        });
    }

    @Test
    void customizersLeaveTheApplicationsOwnBindingsAlone() {
        List<String> calls = new CopyOnWriteArrayList<>();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class, IpcAutoConfiguration.class))
                .withBean(IpcChannelCustomizer.class, () -> (channel, options) -> calls.add(channel))
                .withBean(IpcChannelBindings.class, () -> new IpcChannelBindings(
                        List.of(IpcChannelSettings.of(plain, ChannelType.CHANNEL, TestChannels.options(), ConnMode.SENDER)),
                        s -> new IpcChannelBinding(s, new IpcMessageMapper(s.payloadFormat(), new IpcPayloadConverter(null), null))))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(IpcChannelBindings.class).get(plain).channel().options().spinNanos())
                            .isEqualTo(IpcOptions.DEFAULT_SPIN_NANOS);
                    assertThat(calls).isEmpty();
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
}
