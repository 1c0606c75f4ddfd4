package io.libipc.spring.listener;

import io.libipc.spring.annotation.IpcListener;
import io.libipc.spring.annotation.IpcRetry;
import io.libipc.spring.autoconfigure.IpcAutoConfiguration;
import io.libipc.spring.autoconfigure.metrics.IpcMetricsAutoConfiguration;
import io.libipc.spring.core.IpcTemplate;
import io.libipc.spring.metrics.IpcMetrics;
import io.libipc.spring.support.IpcHeaders;
import io.libipc.support.ChildJvm;
import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import io.libipc.spring.support.IpcEmbeddedHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dead letters read by another process: a listener that always fails, retried once, sends each
 * message it gives up on to its dead-letter channel; a child JVM reads that channel with the core
 * API alone and prints the bytes, which are the embedded-headers format: the original payload and
 * headers, and the {@code ipc_dlt*} headers naming the channel, the listener, the exception's class
 * and message, and the attempts. A dead letter sent while nobody reads the dead-letter channel
 * fails, is counted ({@code ipc.listener.dead.letters}, outcome failed) and logged.
 */
@ExtendWith(NoLeftoverStorage.class)
@Timeout(120)
class DeadLettersAcrossProcessesTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    record Order(String item, int quantity) {
    }

    /** Refuses every order. */
    static final class Refusing {
        final List<Order> attempts = new CopyOnWriteArrayList<>();

        @IpcListener(channel = "${test.orders}", id = "refusing", deadLetterChannel = "${test.dlt}",
                retry = @IpcRetry(maxAttempts = "2", initialInterval = "10ms"))
        void onOrder(Order order) {
            attempts.add(order);
            throw new IllegalArgumentException("cannot take " + order.quantity() + " x " + order.item());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RefusingConfig {
        @Bean
        Refusing refusing() {
            return new Refusing();
        }
    }

    private final String orders = TestChannels.uniqueName("dlt-orders");
    private final String dlt = TestChannels.uniqueName("dlt");

    private ApplicationContextRunner app() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class, JacksonAutoConfiguration.class,
                        IpcAutoConfiguration.class, IpcMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
                        SimpleMetricsExportAutoConfiguration.class))
                .withPropertyValues("test.orders=" + orders, "test.dlt=" + dlt,
                        "ipc.name-prefix=" + TestChannels.PREFIX,
                        "ipc.channels." + orders + ".payload-format=embedded-headers",
                        "ipc.channels." + orders + ".receive-timeout=200ms");
    }

    @AfterEach
    void clear() {
        TestChannels.clear(orders);
        TestChannels.clear(dlt);
    }

    @Test
    void aMessageGivenUpOnReachesAnotherProcessWithItsHeadersAndTheException() {
        ApplicationContextRunner receiver = app().withUserConfiguration(RefusingConfig.class).withPropertyValues(
                "ipc.channels." + orders + ".mode=receiver",
                "ipc.channels." + dlt + ".mode=sender", "ipc.channels." + dlt + ".payload-format=embedded-headers");
        ApplicationContextRunner sender = app().withPropertyValues("ipc.channels." + orders + ".mode=sender");
        receiver.run(receiving -> sender.run(sending -> {
            IpcTemplate template = sending.getBean(IpcTemplate.class);
            assertThat(template.waitForReceivers(orders, 1, PATIENCE)).isTrue();
            IpcListenerStatistics stats = receiving.getBean(IpcListenerEndpointRegistry.class)
                    .getListenerContainer("refusing").statistics();

            // Nobody reads the dead-letter channel yet: the dead letter fails, counted.
            template.send(orders, MessageBuilder.withPayload(new Order("pen", 1)).setHeader("tenant", "acme").build());
            await().atMost(PATIENCE).until(() -> stats.deadLetterFailures() == 1);
            assertThat(deadLetters(receiving, "failed")).isEqualTo(1);

            try (ChildJvm reader = ChildJvm.start(DeadLetterReaderProcess.class, dlt)) {
                reader.awaitLine("READY", PATIENCE);
                assertThat(receiving.getBean(IpcTemplate.class).waitForReceivers(dlt, 1, PATIENCE)).isTrue();
                template.send(orders, MessageBuilder.withPayload(new Order("ink", 7)).setHeader("tenant", "acme").build());
                String line = reader.awaitLine("DEAD ", PATIENCE);

                Message<?> deadLetter = IpcEmbeddedHeaders.mapper()
                        .toMessage(Base64.getDecoder().decode(line.substring("DEAD ".length())));
                assertThat(new String((byte[]) deadLetter.getPayload(), StandardCharsets.UTF_8))
                        .isEqualTo("{\"item\":\"ink\",\"quantity\":7}");
                assertThat(deadLetter.getHeaders())
                        .containsEntry("tenant", "acme")
                        .containsEntry(IpcHeaders.DLT_ORIGINAL_CHANNEL, orders)
                        .containsEntry(IpcHeaders.DLT_LISTENER, "refusing")
                        .containsEntry(IpcHeaders.DLT_EXCEPTION, IllegalArgumentException.class.getName())
                        .containsEntry(IpcHeaders.DLT_EXCEPTION_MESSAGE, "cannot take 7 x ink")
                        .containsEntry(IpcHeaders.DLT_ATTEMPTS, 2)
                        // A dead letter is no request, and the receiving side's own headers stay behind.
                        .doesNotContainKeys(IpcHeaders.REPLY_CHANNEL, IpcHeaders.CHANNEL, IpcHeaders.RAW_SIZE);
            }
            Refusing listener = receiving.getBean(Refusing.class);
            assertThat(listener.attempts).containsExactly(new Order("pen", 1), new Order("pen", 1),
                    new Order("ink", 7), new Order("ink", 7));
            assertThat(stats.deadLetters()).isEqualTo(1);
            assertThat(stats.failures()).isEqualTo(2);
            assertThat(deadLetters(receiving, "sent")).isEqualTo(1);
        }));
    }

    private double deadLetters(ApplicationContext context, String outcome) {
        return context.getBean(MeterRegistry.class).get(IpcMetrics.DEAD_LETTERS)
                .tags("channel", orders, "listener", "refusing", "outcome", outcome).functionCounter().count();
    }
}
