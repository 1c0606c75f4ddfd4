package io.libipc.spring.event;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.spring.annotation.IpcListener;
import io.libipc.spring.autoconfigure.IpcAutoConfiguration;
import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link IpcMessagesLostEvent} in a real context on real shared memory: a listener holds the
 * channel's receive thread while a core sender fills a small ring and evicts the receiver; once
 * released, the receiver learns of the loss and the event says how many, in total and since the
 * last event, before the next message is passed on; a receiver that keeps up publishes none.
 */
@ExtendWith(NoLeftoverStorage.class)
@Timeout(120)
class IpcMessagesLostEventTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** Takes the first message and then blocks the receive thread until released. */
    static final class Blocking {
        final AtomicInteger received = new AtomicInteger();
        final CountDownLatch firstTaken = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> seen = new CopyOnWriteArrayList<>();
        final List<IpcMessagesLostEvent> events = new CopyOnWriteArrayList<>();

        @IpcListener(channel = "${test.channel}")
        void onMessage(byte[] payload) throws InterruptedException {
            seen.add("message");
            received.incrementAndGet();
            firstTaken.countDown();
            release.await(60, TimeUnit.SECONDS);
        }

        @EventListener
        void onLoss(IpcMessagesLostEvent event) {
            seen.add("lost");
            events.add(event);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Config {
        @Bean
        Blocking blocking() {
            return new Blocking();
        }
    }

    private final String channel = TestChannels.uniqueName("lost-event");

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class, IpcAutoConfiguration.class))
                .withUserConfiguration(Config.class)
                .withPropertyValues("test.channel=" + channel, "ipc.name-prefix=" + TestChannels.PREFIX,
                        "ipc.channels." + channel + ".mode=receiver", "ipc.channels." + channel + ".capacity=4KB",
                        "ipc.channels." + channel + ".receive-timeout=200ms");
    }

    @AfterEach
    void clear() {
        TestChannels.clear(channel);
    }

    @Test
    void anEvictedReceiverPublishesHowManyMessagesItLostBeforeTheNextMessage() {
        int n = 40;
        byte[] payload = new byte[500];
        runner().run(context -> {
            Blocking listener = context.getBean(Blocking.class);
            try (IpcChannel sender = new IpcChannel(ChannelType.CHANNEL, channel,
                    TestChannels.optionsBuilder().capacity(4096).sendTimeoutMs(20).build(), ConnMode.SENDER)) {
                assertThat(sender.waitForReceivers(1, PATIENCE.toMillis())).isTrue();
                sender.send(payload);
                assertThat(listener.firstTaken.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
                // 39 x 500 bytes into a 4 KiB ring nobody reads: each send waits 20 ms, then evicts.
                for (int i = 1; i < n; i++) {
                    sender.send(payload);
                }
                assertThat(listener.events).isEmpty();
            } finally {
                listener.release.countDown();
            }
            IpcChannel handle = context.getBean("ipc." + channel + ".channel", IpcChannel.class);
            await().atMost(PATIENCE).until(() -> listener.received.get() + handle.lostMessages() == n);
            long lost = handle.lostMessages();
            assertThat(lost).isPositive();
            await().atMost(PATIENCE).until(() -> listener.events.stream().mapToLong(IpcMessagesLostEvent::getCount).sum() == lost);
            IpcMessagesLostEvent last = listener.events.get(listener.events.size() - 1);
            assertThat(last.getChannel()).isEqualTo(channel);
            assertThat(last.getTotal()).isEqualTo(lost);
            // The first message came before any loss; each event came before the message after its gap.
            assertThat(listener.seen.get(0)).isEqualTo("message");
            assertThat(listener.seen.get(1)).isEqualTo("lost");
        });
    }

    @Test
    void aReceiverThatKeepsUpPublishesNone() {
        // A ring that holds all 20 messages: no send ever waits for room, so nobody is evicted.
        runner().withPropertyValues("ipc.channels." + channel + ".capacity=64KB").run(context -> {
            Blocking listener = context.getBean(Blocking.class);
            listener.release.countDown();
            try (IpcChannel sender = new IpcChannel(ChannelType.CHANNEL, channel, TestChannels.options(), ConnMode.SENDER)) {
                assertThat(sender.waitForReceivers(1, PATIENCE.toMillis())).isTrue();
                for (int i = 0; i < 20; i++) {
                    sender.send(new byte[100]);
                }
                await().atMost(PATIENCE).until(() -> listener.received.get() == 20);
            }
            assertThat(listener.events).isEmpty();
        });
    }
}
