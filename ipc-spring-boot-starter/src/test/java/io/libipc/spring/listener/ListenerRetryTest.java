package io.libipc.spring.listener;

import io.libipc.IpcChannel;
import io.libipc.spring.annotation.IpcListener;
import io.libipc.spring.annotation.IpcRetry;
import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import org.springframework.messaging.converter.MessageConversionException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.libipc.spring.listener.ListenerTestSupport.PATIENCE;
import static io.libipc.spring.listener.ListenerTestSupport.bytes;
import static io.libipc.spring.listener.ListenerTestSupport.sender;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retries of a failing {@code @IpcListener} with Spring's {@code RetryTemplate}, in a real context
 * receiving from a core sender on real shared memory: the number of attempts, the waits between
 * them (each at least its back-off, growing by the multiplier, capped by the maximum: lower bounds,
 * which a loaded machine cannot break, and one generous upper bound that only an uncapped wait
 * would pass), the order kept for the next message, the error handler called once after the last
 * attempt, a message that cannot be converted not retried, and one observation per attempt.
 */
@ExtendWith(NoLeftoverStorage.class)
@Timeout(120)
class ListenerRetryTest {

    record Tick(String symbol, double price) {
    }

    /** Fails the first three attempts at "flaky", succeeds at the fourth; takes the rest at once. */
    static final class Flaky {
        final List<String> attempts = new CopyOnWriteArrayList<>();
        final List<Long> attemptNanos = new CopyOnWriteArrayList<>();
        final List<String> done = new CopyOnWriteArrayList<>();
        final List<String> observations = new CopyOnWriteArrayList<>();

        // Waits 40 ms, then 40 x 10 = 400 capped to 100, then 100 (4 s uncapped).
        @IpcListener(channel = "${test.channel}", id = "flaky",
                retry = @IpcRetry(maxAttempts = "4", initialInterval = "40ms", multiplier = "10", maxInterval = "100ms"))
        void onMessage(String text) {
            attempts.add(text);
            if (text.equals("flaky")) {
                attemptNanos.add(System.nanoTime());
                if (attemptNanos.size() < 4) {
                    throw new IllegalStateException("attempt " + attemptNanos.size() + " fails");
                }
            }
            done.add(text);
        }
    }

    /** Always fails; retried as ipc.listener.retry.* says; its error handler collects. */
    static final class Failing {
        final List<String> attempts = new CopyOnWriteArrayList<>();
        final List<Throwable> handled = new CopyOnWriteArrayList<>();
        final List<Message<?>> handledMessages = new CopyOnWriteArrayList<>();

        @IpcListener(channel = "${test.channel}", id = "failing", errorHandler = "collectingHandler")
        void onMessage(String text) {
            attempts.add(text);
            throw new IllegalArgumentException("no good: " + text);
        }
    }

    /** Takes JSON ticks; a payload that is not a tick cannot be converted. */
    static final class Ticks {
        final List<Tick> ticks = new CopyOnWriteArrayList<>();
        final List<Throwable> handled = new CopyOnWriteArrayList<>();

        @IpcListener(channel = "${test.channel}", id = "ticks", errorHandler = "ticksHandler",
                retry = @IpcRetry(maxAttempts = "5", initialInterval = "10ms"))
        void onTick(Tick tick) {
            ticks.add(tick);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class FlakyConfig {
        @Bean
        Flaky flaky() {
            return new Flaky();
        }

        @Bean
        ObservationRegistry observationRegistry(Flaky flaky) {
            ObservationRegistry registry = ObservationRegistry.create();
            registry.observationConfig().observationHandler(new ObservationHandler<>() {
                @Override
                public void onStop(Observation.Context context) {
                    flaky.observations.add(context.getName() + (context.getError() != null ? " error" : ""));
                }

                @Override
                public boolean supportsContext(Observation.Context context) {
                    return true;
                }
            });
            return registry;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class FailingConfig {
        @Bean
        Failing failing() {
            return new Failing();
        }

        @Bean
        IpcListenerErrorHandler collectingHandler(Failing failing) {
            return (message, exception) -> {
                failing.handledMessages.add(message);
                failing.handled.add(exception);
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TicksConfig {
        @Bean
        Ticks ticks() {
            return new Ticks();
        }

        @Bean
        IpcListenerErrorHandler ticksHandler(Ticks ticks) {
            return (message, exception) -> ticks.handled.add(exception);
        }
    }

    private final String channel = TestChannels.uniqueName("retry");

    private ApplicationContextRunner runner(Class<?> config) {
        return ListenerTestSupport.receiving(channel, config);
    }

    @AfterEach
    void clear() {
        TestChannels.clear(channel);
    }

    @Test
    void aFailingListenerIsRetriedWithGrowingCappedWaitsAndTheNextMessageWaitsForItsSuccess() {
        runner(FlakyConfig.class).withPropertyValues("ipc.observation.listener-enabled=true").run(context -> {
            Flaky listener = context.getBean(Flaky.class);
            try (IpcChannel sender = sender(channel)) {
                sender.send(bytes("flaky"));
                sender.send(bytes("next"));
                await().atMost(PATIENCE).until(() -> listener.done.size() == 2);
            }
            // Four attempts of the first message, then the second: its retries held the receive thread.
            assertThat(listener.attempts).containsExactly("flaky", "flaky", "flaky", "flaky", "next");
            assertThat(listener.done).containsExactly("flaky", "next");
            List<Long> t = listener.attemptNanos;
            assertThat(Duration.ofNanos(t.get(1) - t.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(40));
            assertThat(Duration.ofNanos(t.get(2) - t.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(100));
            // Uncapped, the third wait would be 4 s; capped it is 100 ms (3 s is a loaded machine's margin).
            assertThat(Duration.ofNanos(t.get(3) - t.get(2))).isGreaterThanOrEqualTo(Duration.ofMillis(100))
                    .isLessThan(Duration.ofSeconds(3));

            IpcListenerStatistics stats = context.getBean(IpcListenerEndpointRegistry.class)
                    .getListenerContainer("flaky").statistics();
            assertThat(stats.retries()).isEqualTo(3);
            assertThat(stats.failures()).isZero();
            // One ipc.listener observation per attempt: three failed, then two that succeeded.
            await().atMost(PATIENCE).until(() -> listener.observations.size() == 5);
            assertThat(listener.observations).containsExactly("ipc.listener error", "ipc.listener error",
                    "ipc.listener error", "ipc.listener", "ipc.listener");
        });
    }

    @Test
    void afterTheLastAttemptConfiguredByPropertiesTheErrorHandlerGetsTheMessageOnce() {
        runner(FailingConfig.class).withPropertyValues("ipc.listener.retry.max-attempts=3",
                "ipc.listener.retry.initial-interval=10ms").run(context -> {
            Failing listener = context.getBean(Failing.class);
            try (IpcChannel sender = sender(channel)) {
                sender.send(bytes("one"));
                sender.send(bytes("two"));
                await().atMost(PATIENCE).until(() -> listener.handled.size() == 2);
            }
            assertThat(listener.attempts).containsExactly("one", "one", "one", "two", "two", "two");
            assertThat(listener.handled).allSatisfy(e -> assertThat(e)
                    .isInstanceOf(IpcListenerExecutionFailedException.class)
                    .hasRootCauseInstanceOf(IllegalArgumentException.class));
            assertThat(listener.handled.get(0).getCause()).hasMessage("no good: one");
            assertThat(listener.handledMessages).extracting(m -> new String((byte[]) m.getPayload(), StandardCharsets.UTF_8))
                    .containsExactly("one", "two");
            IpcListenerStatistics stats = context.getBean(IpcListenerEndpointRegistry.class)
                    .getListenerContainer("failing").statistics();
            assertThat(stats.retries()).isEqualTo(4);
            assertThat(stats.failures()).isEqualTo(2);
            assertThat(stats.deadLetters()).isZero();
        });
    }

    @Test
    void aMessageThatCannotBeConvertedIsNotRetried() {
        runner(TicksConfig.class).run(context -> {
            Ticks listener = context.getBean(Ticks.class);
            try (IpcChannel sender = sender(channel)) {
                sender.send(bytes("not json"));
                sender.send(bytes("{\"symbol\":\"ACME\",\"price\":1.5}"));
                await().atMost(PATIENCE).until(() -> listener.ticks.size() == 1);
            }
            assertThat(listener.handled).singleElement()
                    .satisfies(e -> assertThat(e.getCause()).isInstanceOf(MessageConversionException.class));
            assertThat(context.getBean(IpcListenerEndpointRegistry.class).getListenerContainer("ticks")
                    .statistics().retries()).isZero();
            assertThat(listener.ticks).containsExactly(new Tick("ACME", 1.5));
        });
    }
}
