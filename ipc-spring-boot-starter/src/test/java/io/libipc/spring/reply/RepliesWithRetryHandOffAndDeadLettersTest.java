package io.libipc.spring.reply;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.spring.annotation.IpcListener;
import io.libipc.spring.annotation.IpcRetry;
import io.libipc.spring.autoconfigure.IpcAutoConfiguration;
import io.libipc.spring.core.IpcRemoteException;
import io.libipc.spring.core.IpcTemplate;
import io.libipc.spring.support.IpcHeaders;
import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import io.libipc.spring.support.IpcEmbeddedHeaders;
import org.springframework.messaging.Message;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Request/reply with the listener features, between two real contexts on real shared memory: a
 * retried listener's reply comes from its successful attempt; a listener with threads of its own
 * still answers each requester (from those threads); a request dead-lettered after its last
 * attempt fails its caller with {@link IpcRemoteException} naming the exception, as an unretried
 * failure does, while its dead letter (no request any more) waits on the dead-letter channel.
 */
@ExtendWith(NoLeftoverStorage.class)
@Timeout(120)
class RepliesWithRetryHandOffAndDeadLettersTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    record Order(String item, int quantity) {
    }

    record Invoice(String item, int total) {
    }

    static final class Desk {
        final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        @IpcListener(channel = "${test.flaky}", id = "flaky", retry = @IpcRetry(maxAttempts = "3", initialInterval = "10ms"))
        Invoice flaky(Order order) {
            int attempt = attempts.computeIfAbsent(order.item(), k -> new AtomicInteger()).incrementAndGet();
            if (attempt < 3) {
                throw new IllegalStateException("attempt " + attempt + " of " + order.item());
            }
            return new Invoice(order.item() + " after " + attempt, order.quantity() * 10);
        }

        @IpcListener(channel = "${test.pooled}", id = "pooled", concurrency = "2")
        Invoice pooled(Order order) {
            threads.add(Thread.currentThread().getName());
            return new Invoice(order.item(), order.quantity() * 10);
        }

        @IpcListener(channel = "${test.refused}", id = "refused", deadLetterChannel = "${test.dlt}",
                retry = @IpcRetry(maxAttempts = "2", initialInterval = "10ms"))
        Invoice refused(Order order) {
            throw new IllegalArgumentException("no stock of " + order.item());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class DeskConfig {
        @Bean
        Desk desk() {
            return new Desk();
        }
    }

    private final String flaky = TestChannels.uniqueName("rr-flaky");
    private final String pooled = TestChannels.uniqueName("rr-pooled");
    private final String refused = TestChannels.uniqueName("rr-refused");
    private final String dlt = TestChannels.uniqueName("rr-dlt");
    private final String replies = TestChannels.uniqueName("rr-replies");

    private ApplicationContextRunner app(String requestMode) {
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class,
                        JacksonAutoConfiguration.class, IpcAutoConfiguration.class))
                .withPropertyValues("test.flaky=" + flaky, "test.pooled=" + pooled, "test.refused=" + refused,
                        "test.dlt=" + dlt, "ipc.name-prefix=" + TestChannels.PREFIX);
        for (String channel : List.of(flaky, pooled, refused)) {
            runner = runner.withPropertyValues("ipc.channels." + channel + ".payload-format=embedded-headers",
                    "ipc.channels." + channel + ".receive-timeout=200ms", "ipc.channels." + channel + ".mode=" + requestMode);
        }
        return runner;
    }

    @AfterEach
    void clear() {
        for (String name : List.of(flaky, pooled, refused, dlt, replies)) {
            TestChannels.clear(name);
        }
    }

    @Test
    void repliesComeFromTheSuccessfulAttemptFromTheListenersOwnThreadsAndAFailureAfterDeadLettering() {
        ApplicationContextRunner replier = app("receiver").withUserConfiguration(DeskConfig.class).withPropertyValues(
                "ipc.channels." + dlt + ".mode=sender", "ipc.channels." + dlt + ".payload-format=embedded-headers");
        ApplicationContextRunner requester = app("sender").withPropertyValues("ipc.reply-channel=" + replies,
                "ipc.reply-timeout=10s");
        replier.run(replierContext -> requester.run(context -> {
            IpcTemplate ipc = context.getBean(IpcTemplate.class);
            Desk desk = replierContext.getBean(Desk.class);
            for (String channel : List.of(flaky, pooled, refused)) {
                assertThat(ipc.waitForReceivers(channel, 1, PATIENCE)).isTrue();
            }

            // Retried: two failed attempts, then the reply of the third.
            assertThat(ipc.sendAndReceive(flaky, new Order("pen", 3), Invoice.class)).isEqualTo(new Invoice("pen after 3", 30));

            // Handed off: 40 requests from 4 threads, each answered with its own reply.
            ExecutorService callers = Executors.newFixedThreadPool(4);
            try {
                List<CompletableFuture<Invoice>> calls = IntStream.range(0, 40).mapToObj(i -> CompletableFuture.supplyAsync(
                        () -> ipc.sendAndReceive(pooled, new Order("item" + i, i), Invoice.class), callers)).toList();
                for (int i = 0; i < calls.size(); i++) {
                    assertThat(calls.get(i).get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new Invoice("item" + i, i * 10));
                }
            } finally {
                callers.shutdownNow();
            }
            assertThat(desk.threads).hasSize(40).allSatisfy(t -> assertThat(t).startsWith("ipc-listener-pooled-"));

            // Dead-lettered: the caller gets the failure, the dead letter waits for its reader.
            try (IpcChannel deadLetters = new IpcChannel(ChannelType.CHANNEL, dlt, TestChannels.options(), ConnMode.RECEIVER)) {
                assertThatThrownBy(() -> ipc.sendAndReceive(refused, new Order("ink", 1), Invoice.class))
                        .isInstanceOfSatisfying(IpcRemoteException.class, e -> {
                            assertThat(e.getRemoteExceptionClass()).isEqualTo(IllegalArgumentException.class.getName());
                            assertThat(e.getRemoteMessage()).isEqualTo("no stock of ink");
                        });
                Message<?> deadLetter = IpcEmbeddedHeaders.mapper().toMessage(deadLetters.receive(PATIENCE.toMillis()));
                assertThat(deadLetter.getHeaders()).containsEntry(IpcHeaders.DLT_ATTEMPTS, 2)
                        .containsEntry(IpcHeaders.DLT_EXCEPTION_MESSAGE, "no stock of ink")
                        .containsKey(IpcHeaders.CORRELATION_ID)
                        .doesNotContainKey(IpcHeaders.REPLY_CHANNEL);
            }
        }));
    }
}
