package io.libipc.spring.lifecycle;

import io.libipc.spring.annotation.IpcListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A listener on {@code ${test.channel}} that records what the channel delivered, for the
 * lifecycle tests.
 */
final class Collector {

    final List<String> received = new CopyOnWriteArrayList<>();

    @IpcListener(channel = "${test.channel}")
    void onMessage(String text) {
        received.add(text);
    }

    /** Declares the collector. */
    @Configuration(proxyBeanMethods = false)
    static class CollectorConfig {
        @Bean
        Collector collector() {
            return new Collector();
        }
    }
}
