package io.libipc.spring.listener;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.spring.annotation.IpcListener;
import io.libipc.spring.support.IpcHeaders;
import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Header;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @IpcListener} methods in a real context receiving from a core sender on real shared
 * memory in the same JVM: conversion to each parameter type, headers, several listeners on one
 * channel, a failing listener and its error handler.
 */
@ExtendWith(NoLeftoverStorage.class)
class IpcListenerInProcessTest {

    record Tick(String symbol, double price) {
    }

    static final class Listeners {
        final List<Object> received = new CopyOnWriteArrayList<>();
        final List<String> channels = new CopyOnWriteArrayList<>();
        final List<Message<?>> failed = new CopyOnWriteArrayList<>();

        @IpcListener(channel = "${test.channel}", id = "text")
        void text(String text, @Header(IpcHeaders.CHANNEL) String channel) {
            received.add("text:" + text);
            channels.add(channel);
        }

        @IpcListener(channel = "${test.channel}", id = "bytes")
        void bytes(byte[] bytes) {
            received.add("bytes:" + bytes.length);
        }

        @IpcListener(channel = "${test.channel}", id = "failing", errorHandler = "collectingErrorHandler")
        void failing(Message<byte[]> message) {
            if (new String(message.getPayload(), StandardCharsets.UTF_8).contains("boom")) {
                throw new IllegalStateException("boom");
            }
            received.add("message:" + message.getPayload().length);
        }
    }

    static final class TickListener {
        final List<Tick> ticks = new CopyOnWriteArrayList<>();

        @IpcListener(channel = "${test.channel}")
        void tick(Tick tick) {
            ticks.add(tick);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ListenerConfig {
        @Bean
        Listeners listeners() {
            return new Listeners();
        }

        @Bean
        IpcListenerErrorHandler collectingErrorHandler(Listeners listeners) {
            return (message, exception) -> listeners.failed.add(message);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TickConfig {
        @Bean
        TickListener tickListener() {
            return new TickListener();
        }
    }

    private final String channel = TestChannels.uniqueName("listener");

    private ApplicationContextRunner runner(Class<?> config) {
        return ListenerTestSupport.receiving(channel, config);
    }

    @AfterEach
    void clear() {
        TestChannels.clear(channel);
    }

    @Test
    void everyListenerOfAChannelReceivesEveryMessageConvertedToItsParameterType() {
        runner(ListenerConfig.class).run(context -> {
            Listeners listeners = context.getBean(Listeners.class);
            try (IpcChannel sender = new IpcChannel(ChannelType.CHANNEL, channel, TestChannels.options(), ConnMode.SENDER)) {
                assertThat(sender.waitForReceivers(1, 10_000)).isTrue();
                sender.send("hello".getBytes(StandardCharsets.UTF_8));
                sender.send("boom".getBytes(StandardCharsets.UTF_8));
                sender.send("after".getBytes(StandardCharsets.UTF_8));
                await().atMost(Duration.ofSeconds(10)).until(() -> listeners.received.size() == 8);
            }
            // Each listener sees the messages in order; the listeners of one message run in turn.
            assertThat(listeners.received).filteredOn(s -> s.toString().startsWith("text:"))
                    .containsExactly("text:hello", "text:boom", "text:after");
            assertThat(listeners.received).filteredOn(s -> s.toString().startsWith("bytes:"))
                    .containsExactly("bytes:5", "bytes:4", "bytes:5");
            assertThat(listeners.received).filteredOn(s -> s.toString().startsWith("message:"))
                    .containsExactly("message:5", "message:5");
            assertThat(listeners.failed).singleElement()
                    .satisfies(m -> assertThat(new String((byte[]) m.getPayload(), StandardCharsets.UTF_8)).isEqualTo("boom"));
            assertThat(listeners.channels).containsOnly(channel);
        });
    }

    @Test
    void aJsonPayloadBecomesTheListenersRecord() {
        runner(TickConfig.class).run(context -> {
            TickListener listener = context.getBean(TickListener.class);
            try (IpcChannel sender = new IpcChannel(ChannelType.CHANNEL, channel, TestChannels.options(), ConnMode.SENDER)) {
                assertThat(sender.waitForReceivers(1, 10_000)).isTrue();
                sender.send("{\"symbol\":\"ACME\",\"price\":12.5}".getBytes(StandardCharsets.UTF_8));
                await().atMost(Duration.ofSeconds(10)).until(() -> listener.ticks.size() == 1);
            }
            assertThat(listener.ticks).containsExactly(new Tick("ACME", 12.5));
        });
    }
}
