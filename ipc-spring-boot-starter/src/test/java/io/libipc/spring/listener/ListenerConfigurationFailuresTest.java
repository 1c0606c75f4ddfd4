package io.libipc.spring.listener;

import io.libipc.spring.annotation.IpcListener;
import io.libipc.spring.annotation.IpcRetry;
import io.libipc.spring.autoconfigure.IpcAutoConfiguration;
import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad listener configuration fails start-up naming the property or attribute and the value: the
 * {@code ipc.listener.*} keys as they are bound, the annotation's attributes as the listener is
 * found, and what they name (dead-letter channel, executor, a batch listener's signature, retry
 * intervals) as the listener is created.
 */
@ExtendWith(NoLeftoverStorage.class)
class ListenerConfigurationFailuresTest {

    record Tick(String symbol) {
    }

    static final class Plain {
        @IpcListener(channel = "${test.channel}", id = "plain")
        void onMessage(String text) {
        }
    }

    static final class DeadLettering {
        @IpcListener(channel = "${test.channel}", id = "dlt", deadLetterChannel = "${test.dlt}")
        void onMessage(String text) {
        }
    }

    static final class DeadLetteringWithHandler {
        @IpcListener(channel = "${test.channel}", id = "both", deadLetterChannel = "${test.dlt}", errorHandler = "handler")
        void onMessage(String text) {
        }
    }

    static final class ZeroAttempts {
        @IpcListener(channel = "${test.channel}", id = "zero", retry = @IpcRetry(maxAttempts = "0"))
        void onMessage(String text) {
        }
    }

    static final class NotADuration {
        @IpcListener(channel = "${test.channel}", id = "soon", retry = @IpcRetry(maxAttempts = "2", initialInterval = "soon"))
        void onMessage(String text) {
        }
    }

    static final class BatchOfOne {
        @IpcListener(channel = "${test.channel}", id = "notalist", batch = "true")
        void onTick(Tick tick) {
        }
    }

    static final class BatchReturningAValue {
        @IpcListener(channel = "${test.channel}", id = "returns", batch = "true")
        String onTicks(List<Tick> ticks) {
            return "done";
        }
    }

    static final class UnknownExecutor {
        @IpcListener(channel = "${test.channel}", id = "exec", executor = "noSuchExecutor")
        void onMessage(String text) {
        }
    }

    static final class BadPolicy {
        @IpcListener(channel = "${test.channel}", id = "policy", concurrency = "1", queueFullPolicy = "wait")
        void onMessage(String text) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class HandlerConfig {
        @Bean
        IpcListenerErrorHandler handler() {
            return (message, exception) -> {
            };
        }
    }

    private final String channel = TestChannels.uniqueName("config");
    private final String dlt = TestChannels.uniqueName("config-dlt");

    private ApplicationContextRunner runner(Class<?> listener) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class,
                        JacksonAutoConfiguration.class, IpcAutoConfiguration.class))
                .withUserConfiguration(HandlerConfig.class)
                .withBean(listener)
                .withPropertyValues("test.channel=" + channel, "test.dlt=" + dlt,
                        "ipc.name-prefix=" + TestChannels.PREFIX,
                        "ipc.channels." + channel + ".mode=receiver",
                        "ipc.channels." + channel + ".receive-timeout=100ms");
    }

    @AfterEach
    void clear() {
        TestChannels.clear(channel);
        TestChannels.clear(dlt);
    }

    @Test
    void aPropertyOutOfRangeFailsAsItIsBoundNamingPropertyAndValue() {
        assertBindFails("ipc.listener.retry.max-attempts=0", "ipc.listener.retry.max-attempts", "0");
        assertBindFails("ipc.listener.retry.multiplier=0.5", "ipc.listener.retry.multiplier", "0.5");
        assertBindFails("ipc.listener.concurrency=-1", "ipc.listener.concurrency", "-1");
        assertBindFails("ipc.listener.queue-capacity=0", "ipc.listener.queue-capacity", "0");
        assertBindFails("ipc.listener.queue-full-policy=wait", "ipc.listener.queue-full-policy", "wait");
        assertBindFails("ipc.listener.batch.max-size=0", "ipc.listener.batch.max-size", "0");
    }

    @Test
    void aBadAttributeFailsNamingTheListenerTheAttributeAndTheValue() {
        assertFails(ZeroAttempts.class, "@IpcListener 'zero'", "retry.maxAttempts=0");
        assertFails(NotADuration.class, "@IpcListener 'soon'", "retry.initialInterval=soon");
        assertFails(BadPolicy.class, "@IpcListener 'policy'", "queueFullPolicy=wait");
    }

    @Test
    void aMaxIntervalBelowTheInitialIntervalFailsNamingBoth() {
        runner(Plain.class).withPropertyValues("ipc.listener.retry.max-attempts=3",
                        "ipc.listener.retry.initial-interval=2s", "ipc.listener.retry.max-interval=1s")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("@IpcListener 'plain'").hasMessageContaining("ipc.listener.retry.max-interval")
                        .hasMessageContaining("PT1S").hasMessageContaining("PT2S"));
    }

    @Test
    void aDeadLetterChannelMustBeAConfiguredSendingChannelWithEmbeddedHeaders() {
        assertFails(DeadLettering.class, "@IpcListener 'dlt'", "deadLetterChannel=" + dlt, "is not configured",
                "ipc.channels." + dlt);
        runner(DeadLettering.class).withPropertyValues("ipc.channels." + dlt + ".mode=receiver")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("deadLetterChannel=" + dlt).hasMessageContaining("does not send")
                        .hasMessageContaining("ipc.channels." + dlt + ".mode"));
        runner(DeadLettering.class).withPropertyValues("ipc.channels." + dlt + ".mode=sender")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("deadLetterChannel=" + dlt)
                        .hasMessageContaining("ipc.channels." + dlt + ".payload-format=embedded-headers"));
        // From the property, the message names the property.
        runner(Plain.class).withPropertyValues("ipc.listener.dead-letter-channel=" + dlt)
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("ipc.listener.dead-letter-channel=" + dlt).hasMessageContaining("is not configured"));
        runner(DeadLetteringWithHandler.class).withPropertyValues("ipc.channels." + dlt + ".mode=sender",
                        "ipc.channels." + dlt + ".payload-format=embedded-headers")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("errorHandler=handler").hasMessageContaining("deadLetterChannel=" + dlt));
        // A valid one starts.
        runner(DeadLettering.class).withPropertyValues("ipc.channels." + dlt + ".mode=sender",
                        "ipc.channels." + dlt + ".payload-format=embedded-headers")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aBatchListenerTakesOneListAndReturnsNothing() {
        assertFails(BatchOfOne.class, "@IpcListener 'notalist'", "batch=true", "one parameter, a List", "Tick");
        assertFails(BatchReturningAValue.class, "@IpcListener 'returns'", "batch=true", "returns nothing",
                "java.lang.String");
    }

    @Test
    void anExecutorThatIsNoBeanFailsNamingIt() {
        assertFails(UnknownExecutor.class, "@IpcListener 'exec'", "'noSuchExecutor'");
    }

    private void assertFails(Class<?> listener, String... fragments) {
        runner(listener).run(context -> {
            assertThat(context).hasFailed();
            Throwable root = context.getStartupFailure();
            while (root.getCause() != null) {
                root = root.getCause();
            }
            for (String fragment : fragments) {
                assertThat(root.getMessage()).as("start-up failure of %s", listener.getSimpleName()).contains(fragment);
            }
        });
    }

    private void assertBindFails(String property, String name, String value) {
        runner(Plain.class).withPropertyValues(property).run(context -> {
            assertThat(context).hasFailed();
            BindException bind = null;
            for (Throwable c = context.getStartupFailure(); c != null; c = c.getCause()) {
                if (c instanceof BindException b) {
                    bind = b;
                }
            }
            assertThat(bind).as("a BindException for %s", property).isNotNull();
            assertThat(bind.getProperty().getName().toString()).isEqualTo(name);
            assertThat(String.valueOf(bind.getProperty().getValue())).isEqualTo(value);
        });
    }
}
