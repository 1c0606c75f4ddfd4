package io.libipc.spring.listener;

import io.libipc.IpcChannel;
import io.libipc.spring.annotation.IpcListener;
import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static io.libipc.spring.listener.ListenerTestSupport.PATIENCE;
import static io.libipc.spring.listener.ListenerTestSupport.bytes;
import static io.libipc.spring.listener.ListenerTestSupport.sender;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Batch listeners in a real context on real shared memory: a batch holds what waited for the
 * listener when its thread came free, up to the batch's size (the batches' boundaries are made
 * exact by holding the listener in its first batch while the rest arrive); a positive batch wait
 * holds a lone message at least that long for company; payloads convert to the list's element
 * type, and a message that does not convert is left out of its batch and recovered on its own.
 */
@ExtendWith(NoLeftoverStorage.class)
@Timeout(120)
class BatchListenerTest {

    record Tick(String symbol, double price) {
    }

    /** Batches of at most 20 texts; held inside its first batch until released. */
    static final class Texts {
        final List<List<String>> batches = new CopyOnWriteArrayList<>();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @IpcListener(channel = "${test.channel}", id = "texts", batch = "true", batchMaxSize = "20")
        void onTexts(List<String> texts) throws InterruptedException {
            batches.add(List.copyOf(texts));
            entered.countDown();
            release.await(60, TimeUnit.SECONDS);
        }
    }

    /** Batches of JSON ticks, waiting up to 300 ms for more; failures to its error handler. */
    static final class Ticks {
        final List<List<Tick>> batches = new CopyOnWriteArrayList<>();
        final List<Long> deliveredNanos = new CopyOnWriteArrayList<>();
        final List<Message<?>> failed = new CopyOnWriteArrayList<>();

        @IpcListener(channel = "${test.channel}", id = "ticks", batch = "true", batchMaxWait = "300ms",
                errorHandler = "tickFailures")
        void onTicks(List<Tick> ticks) {
            deliveredNanos.add(System.nanoTime());
            batches.add(List.copyOf(ticks));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TextsConfig {
        @Bean
        Texts texts() {
            return new Texts();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TicksConfig {
        @Bean
        Ticks ticks() {
            return new Ticks();
        }

        @Bean
        IpcListenerErrorHandler tickFailures(Ticks ticks) {
            return (message, exception) -> {
                assertThat(exception.getCause()).isInstanceOf(MessageConversionException.class);
                ticks.failed.add(message);
            };
        }
    }

    private final String channel = TestChannels.uniqueName("batch");

    private ApplicationContextRunner runner(Class<?> config) {
        return ListenerTestSupport.receiving(channel, config);
    }

    @AfterEach
    void clear() {
        TestChannels.clear(channel);
    }

    @Test
    void aBatchIsWhatWaitedForTheListenerUpToItsMaxSize() {
        runner(TextsConfig.class).run(context -> {
            Texts listener = context.getBean(Texts.class);
            IpcListenerContainer container = context.getBean(IpcListenerEndpointRegistry.class).getListenerContainer("texts");
            try (IpcChannel sender = sender(channel)) {
                sender.send(bytes("m0"));
                assertThat(listener.entered.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
                for (int i = 1; i < 50; i++) {
                    sender.send(bytes("m" + i));
                }
                await().atMost(PATIENCE).until(() -> container.queuedCount() == 49);
                listener.release.countDown();
                await().atMost(PATIENCE).until(() -> listener.batches.size() == 4);
            }
            assertThat(listener.batches).containsExactly(List.of("m0"), texts(1, 21), texts(21, 41), texts(41, 50));
        });
    }

    @Test
    void aLoneMessageWaitsTheBatchWaitForCompanyAndOneThatDoesNotConvertIsRecoveredOnItsOwn() {
        runner(TicksConfig.class).run(context -> {
            Ticks listener = context.getBean(Ticks.class);
            try (IpcChannel sender = sender(channel)) {
                long sent = System.nanoTime();
                sender.send(bytes("{\"symbol\":\"ACME\",\"price\":1.5}"));
                await().atMost(PATIENCE).until(() -> listener.batches.size() == 1);
                assertThat(Duration.ofNanos(listener.deliveredNanos.get(0) - sent)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

                sender.send(bytes("not a tick"));
                sender.send(bytes("{\"symbol\":\"INK\",\"price\":2.0}"));
                await().atMost(PATIENCE).until(() -> listener.failed.size() == 1
                        && listener.batches.stream().mapToInt(List::size).sum() == 2);
            }
            assertThat(listener.batches.stream().flatMap(List::stream).toList())
                    .containsExactly(new Tick("ACME", 1.5), new Tick("INK", 2.0));
            assertThat(new String((byte[]) listener.failed.get(0).getPayload(), StandardCharsets.UTF_8)).isEqualTo("not a tick");
            IpcListenerStatistics stats = context.getBean(IpcListenerEndpointRegistry.class).getListenerContainer("ticks")
                    .statistics();
            assertThat(stats.failures()).isEqualTo(1);
        });
    }

    private static List<String> texts(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "m" + i).toList();
    }
}
