package io.libipc.spring.listener;

import io.libipc.IpcChannel;
import io.libipc.spring.annotation.IpcListener;
import io.libipc.spring.autoconfigure.metrics.IpcMetricsAutoConfiguration;
import io.libipc.spring.metrics.IpcMetrics;
import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import java.util.Arrays;
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
 * Hand-off in a real context on real shared memory: a slow listener with a thread of its own beside
 * a fast one on the same channel. Proved by causality, not timing: the fast listener gets every
 * message while the slow one is still held inside the first, and the slow one then gets them all,
 * in order, on its own thread. A full queue under {@code drop} drops exactly what did not fit and
 * counts it; under {@code block} it holds the channel's receive thread (the messages wait in the
 * ring) and loses nothing. A stop drops and counts what the queue held; a listener naming an
 * executor runs on its threads.
 */
@ExtendWith(NoLeftoverStorage.class)
@Timeout(120)
class ListenerHandOffTest {

    /** Held inside its first message until released; on its own thread, queue as configured. */
    static final class Slow {
        final List<String> received = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @IpcListener(channel = "${test.channel}", id = "slow", concurrency = "1",
                queueCapacity = "${test.queue-capacity:1000}", queueFullPolicy = "${test.policy:block}")
        void onMessage(String text) throws InterruptedException {
            received.add(text);
            threads.add(Thread.currentThread().getName());
            entered.countDown();
            // Bounded, so that a failed test still lets its context close.
            release.await(60, TimeUnit.SECONDS);
        }
    }

    /** Takes each message at once, on the channel's receive thread. */
    static final class Fast {
        final List<String> received = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        @IpcListener(channel = "${test.channel}", id = "fast")
        void onMessage(String text) {
            received.add(text);
            threads.add(Thread.currentThread().getName());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class SlowConfig {
        @Bean
        Slow slow() {
            return new Slow();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import(SlowConfig.class)
    static class BothConfig {
        @Bean
        Fast fast() {
            return new Fast();
        }
    }

    /** Runs on two threads of the application's own executor. */
    static final class Pooled {
        final List<String> threads = new CopyOnWriteArrayList<>();

        @IpcListener(channel = "${test.channel}", id = "pooled", executor = "listenerPool", concurrency = "2")
        void onMessage(String text) {
            threads.add(Thread.currentThread().getName());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class PooledConfig {
        @Bean
        Pooled pooled() {
            return new Pooled();
        }

        @Bean
        ThreadPoolTaskExecutor listenerPool() {
            ThreadPoolTaskExecutor pool = new ThreadPoolTaskExecutor();
            pool.setCorePoolSize(2);
            pool.setThreadNamePrefix("app-pool-");
            return pool;
        }
    }

    private final String channel = TestChannels.uniqueName("handoff");

    private ApplicationContextRunner runner(String... properties) {
        return ListenerTestSupport.receiving(channel, BothConfig.class, IpcMetricsAutoConfiguration.class,
                MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class).withPropertyValues(properties);
    }

    @AfterEach
    void clear() {
        TestChannels.clear(channel);
    }

    @Test
    void aSlowListenerWithAThreadOfItsOwnDoesNotHoldUpTheFastOneAndGetsEveryMessageInOrder() {
        int n = 200;
        runner().run(context -> {
            Slow slow = context.getBean(Slow.class);
            Fast fast = context.getBean(Fast.class);
            List<String> expected = IntStream.range(0, n).mapToObj(i -> "m" + i).toList();
            try (IpcChannel sender = sender(channel)) {
                expected.forEach(text -> sender.send(bytes(text)));
                // Every message reaches the fast listener while the slow one is still inside the first.
                await().atMost(PATIENCE).until(() -> fast.received.size() == n);
                assertThat(slow.entered.getCount()).isZero();
                assertThat(slow.received).containsExactly("m0");
                slow.release.countDown();
                await().atMost(PATIENCE).until(() -> slow.received.size() == n);
                assertThat(context.getBean("ipc." + channel + ".channel", IpcChannel.class).lostMessages()).isZero();
            }
            assertThat(fast.received).containsExactlyElementsOf(expected);
            assertThat(slow.received).containsExactlyElementsOf(expected);
            assertThat(fast.threads).containsOnly("ipc-inbound-" + channel);
            assertThat(slow.threads).allSatisfy(t -> assertThat(t).startsWith("ipc-listener-slow-")).hasSize(n);
            IpcListenerStatistics stats = statistics(context, "slow");
            assertThat(stats.rejected()).isZero();
            assertThat(stats.dropped()).isZero();
        });
    }

    @Test
    void aFullQueueUnderDropDropsWhatDidNotFitAndCountsIt() {
        runner("test.queue-capacity=4", "test.policy=drop").run(context -> {
            Slow slow = context.getBean(Slow.class);
            Fast fast = context.getBean(Fast.class);
            try (IpcChannel sender = sender(channel)) {
                sender.send(bytes("m0"));
                assertThat(slow.entered.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
                for (int i = 1; i < 20; i++) {
                    sender.send(bytes("m" + i));
                }
                // The receive thread was never held: the fast listener got all; the queue took 4 of 19.
                await().atMost(PATIENCE).until(() -> fast.received.size() == 20);
                IpcListenerStatistics stats = statistics(context, "slow");
                // The slow listener may be called after the fast one for the last message.
                await().atMost(PATIENCE).until(() -> stats.rejected() == 15);
                assertThat(context.getBean(IpcListenerEndpointRegistry.class).getListenerContainer("slow").queuedCount())
                        .isEqualTo(4);
                assertThat(meter(context, IpcMetrics.REJECTED)).isEqualTo(15);
                assertThat(context.getBean(MeterRegistry.class).get(IpcMetrics.QUEUED).tag("listener", "slow").gauge()
                        .value()).isEqualTo(4);
                slow.release.countDown();
                await().atMost(PATIENCE).until(() -> slow.received.size() == 5);
            }
            assertThat(slow.received).containsExactly("m0", "m1", "m2", "m3", "m4");
        });
    }

    @Test
    void aFullQueueUnderBlockHoldsTheReceiveThreadWhileTheRingKeepsTheRestAndLosesNothing() {
        int n = 10;
        runner("test.queue-capacity=2", "test.policy=block").run(context -> {
            Slow slow = context.getBean(Slow.class);
            Fast fast = context.getBean(Fast.class);
            try (IpcChannel sender = sender(channel)) {
                sender.send(bytes("m0"));
                assertThat(slow.entered.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
                for (int i = 1; i < n; i++) {
                    sender.send(bytes("m" + i));
                }
                // m0 in hand, m1 and m2 queued, m3 held on the receive thread, which waits for room.
                IpcListenerContainer container = context.getBean(IpcListenerEndpointRegistry.class).getListenerContainer("slow");
                await().atMost(PATIENCE).until(() -> container.queuedCount() == 2 && receiveThreadWaitsForRoom());
                assertThat(fast.received.size()).isLessThanOrEqualTo(4);
                // What the receive thread has not taken waits in the ring.
                assertThat(sender.backlogBytes()).isPositive();
                slow.release.countDown();
                await().atMost(PATIENCE).until(() -> slow.received.size() == n && fast.received.size() == n);
                assertThat(context.getBean("ipc." + channel + ".channel", IpcChannel.class).lostMessages()).isZero();
            }
            List<String> expected = IntStream.range(0, n).mapToObj(i -> "m" + i).toList();
            assertThat(slow.received).containsExactlyElementsOf(expected);
            assertThat(fast.received).containsExactlyElementsOf(expected);
            assertThat(statistics(context, "slow").rejected()).isZero();
            assertThat(statistics(context, "slow").dropped()).isZero();
        });
    }

    @Test
    void stoppingAListenerWithHandOffDropsAndCountsWhatItsQueueHeld() {
        runner().run(context -> {
            Slow slow = context.getBean(Slow.class);
            Fast fast = context.getBean(Fast.class);
            IpcListenerContainer container = context.getBean(IpcListenerEndpointRegistry.class).getListenerContainer("slow");
            try (IpcChannel sender = sender(channel)) {
                sender.send(bytes("m0"));
                assertThat(slow.entered.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
                for (int i = 1; i < 6; i++) {
                    sender.send(bytes("m" + i));
                }
                await().atMost(PATIENCE).until(() -> fast.received.size() == 6 && container.queuedCount() == 5);
                container.stop();
                assertThat(container.queuedCount()).isZero();
                assertThat(container.droppedCount()).isEqualTo(5);
                sender.send(bytes("while stopped"));
                await().atMost(PATIENCE).until(() -> container.droppedCount() == 6);
                slow.release.countDown();
                container.start();
                sender.send(bytes("after"));
                await().atMost(PATIENCE).until(() -> slow.received.contains("after"));
            }
            // The message in hand finished; the queued ones never reached the listener.
            assertThat(slow.received).containsExactly("m0", "after");
            assertThat(meter(context, IpcMetrics.DROPPED)).isEqualTo(6);
        });
    }

    @Test
    void aListenerNamingAnExecutorRunsOnItsThreads() {
        ListenerTestSupport.receiving(channel, PooledConfig.class).run(context -> {
            Pooled pooled = context.getBean(Pooled.class);
            try (IpcChannel sender = sender(channel)) {
                for (int i = 0; i < 20; i++) {
                    sender.send(bytes("m" + i));
                }
                await().atMost(PATIENCE).until(() -> pooled.threads.size() == 20);
            }
            assertThat(pooled.threads).allSatisfy(t -> assertThat(t).startsWith("app-pool-"));
        });
    }

    private boolean receiveThreadWaitsForRoom() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().equals("ipc-inbound-" + channel))
                .anyMatch(e -> Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().equals(IpcListenerHandOff.class.getName())
                        && f.getMethodName().equals("offer")));
    }

    private static IpcListenerStatistics statistics(ApplicationContext context, String id) {
        return context.getBean(IpcListenerEndpointRegistry.class).getListenerContainer(id).statistics();
    }

    private static double meter(ApplicationContext context, String name) {
        return context.getBean(MeterRegistry.class).get(name).tag("listener", "slow").functionCounter().count();
    }
}
