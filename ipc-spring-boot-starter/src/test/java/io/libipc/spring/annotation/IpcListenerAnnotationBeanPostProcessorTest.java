package io.libipc.spring.annotation;

import io.libipc.spring.autoconfigure.IpcAutoConfiguration;
import io.libipc.spring.core.IpcChannelBindings;
import io.libipc.spring.integration.inbound.IpcInboundChannelAdapter;
import io.libipc.spring.listener.IpcListenerEndpointRegistry;
import io.libipc.spring.support.IpcPayloadConverter;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When {@link IpcListenerAnnotationBeanPostProcessor} hands its endpoints to the registry: not
 * while beans are post-processed, but once every singleton exists ({@code afterSingletonsInstantiated},
 * as spring-kafka does), and at once for a bean made after that.
 */
class IpcListenerAnnotationBeanPostProcessorTest {

    static final class Listener {
        @IpcListener(channel = "orders")
        void on(String text) {
        }
    }

    static final class SameIdListener {
        @IpcListener(channel = "orders", id = "same")
        void on(String text) {
        }
    }

    private static IpcListenerEndpointRegistry registry(DefaultListableBeanFactory beanFactory) {
        return new IpcListenerEndpointRegistry(beanFactory, beanFactory.getBeanProvider(IpcInboundChannelAdapter.class),
                new IpcChannelBindings(List.of(), s -> null), new IpcPayloadConverter(null),
                beanFactory.getBeanProvider(ObservationRegistry.class));
    }

    @Test
    void endpointsFoundWhileBeansAreMadeAreRegisteredOnceEverySingletonExists() {
        DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
        IpcListenerAnnotationBeanPostProcessor postProcessor = new IpcListenerAnnotationBeanPostProcessor();
        postProcessor.setBeanFactory(beanFactory);

        // No registry bean yet: post-processing must not look for one.
        postProcessor.postProcessAfterInitialization(new Listener(), "listener");

        IpcListenerEndpointRegistry registry = registry(beanFactory);
        beanFactory.registerSingleton("ipcListenerEndpointRegistry", registry);
        assertThat(registry.getListenerIds()).isEmpty();
        postProcessor.afterSingletonsInstantiated();
        assertThat(registry.getListenerIds()).containsExactly("listener.on");
    }

    @Test
    void aListenerBeanMadeAfterTheSingletonsIsRegisteredAtOnce() {
        DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
        IpcListenerEndpointRegistry registry = registry(beanFactory);
        beanFactory.registerSingleton("ipcListenerEndpointRegistry", registry);
        IpcListenerAnnotationBeanPostProcessor postProcessor = new IpcListenerAnnotationBeanPostProcessor();
        postProcessor.setBeanFactory(beanFactory);
        postProcessor.afterSingletonsInstantiated();

        postProcessor.postProcessAfterInitialization(new Listener(), "lazyListener");
        assertThat(registry.getListenerIds()).containsExactly("lazyListener.on");
    }

    @Test
    void aContextWithoutListenersNeedsNoRegistry() {
        DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
        IpcListenerAnnotationBeanPostProcessor postProcessor = new IpcListenerAnnotationBeanPostProcessor();
        postProcessor.setBeanFactory(beanFactory);
        postProcessor.postProcessAfterInitialization(new Object(), "plain");
        postProcessor.afterSingletonsInstantiated();
        assertThat(beanFactory.getBeanNamesForType(IpcListenerEndpointRegistry.class)).isEmpty();
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoListenersWithOneId {
        @Bean
        SameIdListener first() {
            return new SameIdListener();
        }

        @Bean
        SameIdListener second() {
            return new SameIdListener();
        }
    }

    @Test
    void twoListenersWithOneIdFailStartUpNamingTheId() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class, IpcAutoConfiguration.class))
                .withUserConfiguration(TwoListenersWithOneId.class)
                .run(context -> assertThat(context).getFailure()
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("two @IpcListener methods have the id 'same'")
                        .hasMessageContaining("SameIdListener.on"));
    }
}
