package io.libipc.spring.reply;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.IpcException;
import io.libipc.IpcStatus;
import io.libipc.spring.annotation.IpcListener;
import io.libipc.spring.autoconfigure.IpcAutoConfiguration;
import io.libipc.spring.core.IpcChannelBindings;
import io.libipc.spring.core.IpcChannelStatistics.RequestOutcome;
import io.libipc.spring.core.IpcRemoteException;
import io.libipc.spring.core.IpcReplyTimeoutException;
import io.libipc.spring.core.IpcRequester;
import io.libipc.spring.core.IpcTemplate;
import io.libipc.spring.listener.IpcListenerEndpointRegistry;
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
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.messaging.support.MessageBuilder;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Request/reply between two real Spring contexts in one JVM, over real shared memory (the
 * cross-process tests prove the same between JVMs): listener return values as replies, the
 * replier's exception reaching the caller, a late reply dropped and counted, no replier failing at
 * once, {@code @SendTo} for messages that asked for no reply, a raw channel refused, a stopped
 * listener's messages counted.
 */
@ExtendWith(NoLeftoverStorage.class)
class RequestReplyInProcessTest {

    record Order(String item, int quantity) {
    }

    record Invoice(String item, int total) {
    }

    static final class Billing {
        final List<Order> audited = new CopyOnWriteArrayList<>();
        final CountDownLatch release = new CountDownLatch(1);

        @IpcListener(channel = "${test.billing}", id = "bill")
        Invoice bill(Order order) throws InterruptedException {
            if (order.item().equals("slow")) {
                release.await(10, TimeUnit.SECONDS);
            }
            if (order.item().equals("none")) {
                throw new IllegalArgumentException("no such item: " + order.item());
            }
            return order.item().equals("null") ? null : new Invoice(order.item(), order.quantity() * 10);
        }

        @IpcListener(channel = "${test.orders}", id = "audit")
        @SendTo("${test.audit}")
        String audit(Order order) {
            return "audited " + order.item();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ReplierConfig {
        @Bean
        Billing billing() {
            return new Billing();
        }
    }

    private final String billing = TestChannels.uniqueName("billing");
    private final String orders = TestChannels.uniqueName("orders");
    private final String audit = TestChannels.uniqueName("audit");
    private final String raw = TestChannels.uniqueName("raw");
    private final String replies = TestChannels.uniqueName("replies");

    private ApplicationContextRunner app() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class,
                        JacksonAutoConfiguration.class, IpcAutoConfiguration.class))
                .withPropertyValues("test.billing=" + billing, "test.orders=" + orders, "test.audit=" + audit,
                        "ipc.name-prefix=" + TestChannels.PREFIX,
                        "ipc.channels." + billing + ".payload-format=embedded-headers",
                        "ipc.channels." + billing + ".receive-timeout=200ms",
                        "ipc.channels." + orders + ".payload-format=embedded-headers",
                        "ipc.channels." + orders + ".receive-timeout=200ms",
                        "ipc.channels." + audit + ".receive-timeout=200ms",
                        "ipc.channels." + raw + ".receive-timeout=200ms");
    }

    private ApplicationContextRunner replier() {
        return app().withUserConfiguration(ReplierConfig.class)
                .withPropertyValues("ipc.channels." + billing + ".mode=receiver", "ipc.channels." + orders + ".mode=receiver",
                        "ipc.channels." + raw + ".mode=receiver", "ipc.channels." + audit + ".mode=sender");
    }

    private ApplicationContextRunner requester() {
        return app().withPropertyValues("ipc.channels." + billing + ".mode=sender", "ipc.channels." + orders + ".mode=sender",
                "ipc.channels." + audit + ".mode=sender", "ipc.channels." + raw + ".mode=sender",
                "ipc.reply-channel=" + replies, "ipc.reply-timeout=2s");
    }

    @AfterEach
    void clear() {
        for (String name : List.of(billing, orders, audit, raw, replies)) {
            TestChannels.clear(name);
        }
    }

    @Test
    void aListenersReturnValueIsTheReplyAndTheRepliersExceptionReachesTheCaller() {
        replier().run(replierContext -> requester().run(context -> {
            IpcTemplate ipc = context.getBean(IpcTemplate.class);
            assertThat(ipc.waitForReceivers(billing, 1, Duration.ofSeconds(10))).isTrue();

            assertThat(ipc.sendAndReceive(billing, new Order("pen", 3), Invoice.class)).isEqualTo(new Invoice("pen", 30));
            assertThat(ipc.sendAndReceiveAsync(billing, new Order("ink", 2), Invoice.class, Duration.ofSeconds(2))
                    .get(5, TimeUnit.SECONDS)).isEqualTo(new Invoice("ink", 20));
            Message<?> reply = ipc.sendAndReceive(billing, MessageBuilder.withPayload(new Order("cap", 1)).build(),
                    Duration.ofSeconds(2));
            assertThat(new String((byte[]) reply.getPayload())).contains("\"total\":10");
            assertThat(ipc.sendAndReceive(billing, new Order("null", 1), Invoice.class)).isNull();
            assertThatThrownBy(() -> ipc.sendAndReceive(billing, new Order("none", 1), Invoice.class))
                    .isInstanceOfSatisfying(IpcRemoteException.class, e -> {
                        assertThat(e.getRemoteExceptionClass()).isEqualTo(IllegalArgumentException.class.getName());
                        assertThat(e.getRemoteMessage()).isEqualTo("no such item: none");
                        assertThat(e.getMessage()).contains(billing);
                    });
            var stats = context.getBean(IpcChannelBindings.class).get(billing).statistics();
            assertThat(stats.requests(RequestOutcome.SUCCESS)).isEqualTo(4);
            assertThat(stats.requests(RequestOutcome.ERROR)).isEqualTo(1);
        }));
    }

    @Test
    void blockingAndAsynchronousCallersAtOnceEachGetTheirOwnReplies() throws Exception {
        // Blocking callers take turns receiving the replies themselves, asynchronous ones rely on
        // the background thread: every reply must still reach its own caller, whoever received it.
        replier().run(replierContext -> requester().run(context -> {
            IpcTemplate ipc = context.getBean(IpcTemplate.class);
            assertThat(ipc.waitForReceivers(billing, 1, Duration.ofSeconds(10))).isTrue();
            int threads = 4;
            int calls = 200;
            List<String> wrong = new CopyOnWriteArrayList<>();
            List<Thread> callers = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                boolean async = t % 2 == 1;
                String item = (async ? "async-" : "sync-") + t;
                Thread caller = new Thread(() -> {
                    for (int i = 1; i <= calls; i++) {
                        Order order = new Order(item, i);
                        Invoice expected = new Invoice(item, i * 10);
                        try {
                            Invoice got = async
                                    ? ipc.sendAndReceiveAsync(billing, order, Invoice.class, Duration.ofSeconds(10))
                                            .get(20, TimeUnit.SECONDS)
                                    : ipc.sendAndReceive(billing, order, Invoice.class, Duration.ofSeconds(10));
                            if (!expected.equals(got)) {
                                wrong.add(order + " -> " + got);
                            }
                        } catch (Exception e) {
                            wrong.add(order + " -> " + e);
                        }
                    }
                }, "caller-" + t);
                caller.start();
                callers.add(caller);
            }
            for (Thread caller : callers) {
                caller.join(TimeUnit.SECONDS.toMillis(60));
                assertThat(caller.isAlive()).as("%s ended", caller.getName()).isFalse();
            }
            assertThat(wrong).isEmpty();
            var stats = context.getBean(IpcChannelBindings.class).get(billing).statistics();
            assertThat(stats.requests(RequestOutcome.SUCCESS)).isEqualTo(threads * calls);
            assertThat(stats.lateReplies()).isZero();
        }));
    }

    @Test
    void anInterruptedCallerStopsWaitingAndTheNextCallsAreAnswered() {
        replier().run(replierContext -> requester().run(context -> {
            IpcTemplate ipc = context.getBean(IpcTemplate.class);
            assertThat(ipc.waitForReceivers(billing, 1, Duration.ofSeconds(10))).isTrue();
            java.util.concurrent.atomic.AtomicReference<Throwable> outcome = new java.util.concurrent.atomic.AtomicReference<>();
            java.util.concurrent.atomic.AtomicBoolean stillInterrupted = new java.util.concurrent.atomic.AtomicBoolean();
            Thread caller = new Thread(() -> {
                try {
                    ipc.sendAndReceive(billing, new Order("slow", 1), Invoice.class, Duration.ofSeconds(30));
                } catch (RuntimeException e) {
                    outcome.set(e);
                    stillInterrupted.set(Thread.currentThread().isInterrupted());
                }
            }, "interrupted-caller");
            caller.start();
            // Interrupted while it waits: its request is out (it receives on the reply channel itself).
            IpcRequester requester = context.getBean(IpcRequester.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> requester.pendingCount() == 1);
            caller.interrupt();
            caller.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(caller.isAlive()).as("the interrupted caller returned").isFalse();
            assertThat(outcome.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("interrupted")
                    .hasMessageContaining(billing);
            assertThat(stillInterrupted).isTrue();
            replierContext.getBean(Billing.class).release.countDown();
            // The requester still works: the next caller takes the turn and gets its own reply.
            assertThat(ipc.sendAndReceive(billing, new Order("pen", 2), Invoice.class)).isEqualTo(new Invoice("pen", 20));
        }));
    }

    @Test
    void aSlowReplierTimesTheCallerOutAndItsLateReplyIsCountedNotDelivered() {
        replier().run(replierContext -> requester().run(context -> {
            IpcTemplate ipc = context.getBean(IpcTemplate.class);
            assertThat(ipc.waitForReceivers(billing, 1, Duration.ofSeconds(10))).isTrue();
            long start = System.nanoTime();

            assertThatThrownBy(() -> ipc.sendAndReceive(billing, new Order("slow", 1), Invoice.class, Duration.ofMillis(300)))
                    .isInstanceOfSatisfying(IpcReplyTimeoutException.class, e -> {
                        assertThat(e.getMessage()).contains(billing, "PT0.3S");
                        assertThat(e.getTimeout()).isEqualTo(Duration.ofMillis(300));
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            replierContext.getBean(Billing.class).release.countDown();
            var stats = context.getBean(IpcChannelBindings.class).get(billing).statistics();
            await().atMost(Duration.ofSeconds(10)).until(() -> stats.lateReplies() == 1);
            // The next caller gets its own reply, not the late one.
            assertThat(ipc.sendAndReceive(billing, new Order("pen", 1), Invoice.class)).isEqualTo(new Invoice("pen", 10));
            assertThat(stats.requests(RequestOutcome.TIMEOUT)).isEqualTo(1);
        }));
    }

    @Test
    void withoutAReplierARequestFailsAtOnceAsASendDoes() {
        requester().run(context -> {
            IpcTemplate ipc = context.getBean(IpcTemplate.class);
            assertThatThrownBy(() -> ipc.sendAndReceive(billing, new Order("pen", 1), Invoice.class))
                    .isInstanceOfSatisfying(IpcException.class, e -> {
                        assertThat(e.status()).isEqualTo(IpcStatus.ERROR_SEND_FAILED);
                        assertThat(e.getMessage()).contains(billing);
                    });
        });
    }

    @Test
    void aRawChannelCannotCarryARequestAndSaysWhatToSet() {
        replier().run(replierContext -> requester().run(context -> {
            IpcTemplate ipc = context.getBean(IpcTemplate.class);
            assertThatThrownBy(() -> ipc.sendAndReceive(raw, "ping", String.class))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("ipc.channels." + raw + ".payload-format=embedded-headers");
        }));
    }

    @Test
    void sendToCarriesAReturnValueWhenNoReplyWasAskedFor() {
        replier().run(replierContext -> requester().run(context -> {
            IpcTemplate ipc = context.getBean(IpcTemplate.class);
            try (IpcChannel auditReader = new IpcChannel(ChannelType.CHANNEL, audit, TestChannels.options(),
                    ConnMode.RECEIVER)) {
                assertThat(ipc.waitForReceivers(orders, 1, Duration.ofSeconds(10))).isTrue();
                ipc.send(orders, new Order("pen", 1));
                assertThat(new String(auditReader.receive(10_000))).isEqualTo("audited pen");
            }
        }));
    }

    @Test
    void aStoppedListenerCountsWhatItMisses() {
        replier().run(replierContext -> requester().run(context -> {
            IpcTemplate ipc = context.getBean(IpcTemplate.class);
            assertThat(ipc.waitForReceivers(orders, 1, Duration.ofSeconds(10))).isTrue();
            var registry = replierContext.getBean(IpcListenerEndpointRegistry.class);
            var container = registry.getListenerContainer("audit");
            container.stop();
            ipc.send(orders, new Order("pen", 1));
            ipc.send(orders, new Order("ink", 1));
            await().atMost(Duration.ofSeconds(10)).until(() -> container.droppedCount() == 2);
            container.start();
        }));
    }
}
