package io.libipc.spring.annotation;

import io.libipc.spring.listener.IpcListenerEndpoint;
import io.libipc.spring.listener.IpcListenerEndpointRegistry;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds {@link IpcListener} methods on beans and makes an endpoint for each, resolving
 * {@code ${...}} placeholders in the attributes; a bad attribute fails the bean's creation. The
 * endpoints are collected while beans are post-processed and registered with the
 * {@link IpcListenerEndpointRegistry} in {@link #afterSingletonsInstantiated()}, as spring-kafka's
 * {@code KafkaListenerAnnotationBeanPostProcessor} does: the registry is looked up only then, when
 * the properties are bound and every channel is open, and before it starts with the context (so the
 * listeners still subscribe before the inbound adapters receive). An endpoint of a bean made later
 * (lazy, or by hand) is registered at once. Safe for beans post-processed on several threads.
 */
public class IpcListenerAnnotationBeanPostProcessor
        implements BeanPostProcessor, BeanFactoryAware, SmartInitializingSingleton {

    private final Set<Class<?>> classesWithoutListeners = ConcurrentHashMap.newKeySet();
    /** Guards the two fields below. */
    private final Object registrationLock = new Object();
    /** Endpoints found before all singletons were made, in the order they were found. */
    private final List<IpcListenerEndpoint> pending = new ArrayList<>();
    /** Whether {@link #afterSingletonsInstantiated()} ran: from then on endpoints are registered at once. */
    private boolean singletonsInstantiated;
    private ConfigurableBeanFactory beanFactory;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = (ConfigurableBeanFactory) beanFactory;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
        Class<?> targetClass = AopUtils.getTargetClass(bean);
        if (classesWithoutListeners.contains(targetClass)) {
            return bean;
        }
        Map<Method, IpcListener> methods = MethodIntrospector.selectMethods(targetClass,
                (MethodIntrospector.MetadataLookup<IpcListener>) m ->
                        AnnotatedElementUtils.findMergedAnnotation(m, IpcListener.class));
        if (methods.isEmpty()) {
            classesWithoutListeners.add(targetClass);
            return bean;
        }
        List<IpcListenerEndpoint> endpoints = new ArrayList<>();
        methods.forEach((method, annotation) -> endpoints.add(
                endpoint(bean, beanName, AopUtils.selectInvocableMethod(method, bean.getClass()), annotation)));
        synchronized (registrationLock) {
            if (!singletonsInstantiated) {
                pending.addAll(endpoints);
                return bean;
            }
        }
        register(endpoints);
        return bean;
    }

    /**
     * Registers the endpoints found so far with the {@link IpcListenerEndpointRegistry} bean, which
     * is looked up only when there is an endpoint (a context without listeners needs no registry).
     *
     * @throws IllegalStateException when two listeners have the same id
     */
    @Override
    public void afterSingletonsInstantiated() {
        List<IpcListenerEndpoint> found;
        synchronized (registrationLock) {
            singletonsInstantiated = true;
            found = List.copyOf(pending);
            pending.clear();
        }
        register(found);
    }

    private void register(List<IpcListenerEndpoint> endpoints) {
        if (endpoints.isEmpty()) {
            return;
        }
        // Looked up here, never while the singletons are still being made, so that a post-processor
        // created early cannot pull the registry (and its channels) into existence before the
        // properties are bound; and outside registrationLock, as getBean may create beans.
        IpcListenerEndpointRegistry registry = beanFactory.getBean(IpcListenerEndpointRegistry.class);
        endpoints.forEach(registry::registerEndpoint);
    }

    private IpcListenerEndpoint endpoint(Object bean, String beanName, Method method, IpcListener annotation) {
        String channel = resolve(annotation.channel());
        if (channel == null || channel.isBlank()) {
            throw new IllegalStateException("@IpcListener on " + method.getDeclaringClass().getSimpleName() + "."
                    + method.getName() + " has an empty channel (channel=\"" + annotation.channel() + "\")");
        }
        String id = resolve(annotation.id());
        if (id == null || id.isBlank()) {
            id = beanName + "." + method.getName();
        }
        String autoStartup = resolve(annotation.autoStartup());
        boolean start = true;
        if (autoStartup != null && !autoStartup.isBlank()) {
            if (!autoStartup.equalsIgnoreCase("true") && !autoStartup.equalsIgnoreCase("false")) {
                throw new IllegalStateException("@IpcListener '" + id + "': autoStartup must be true or false: autoStartup="
                        + autoStartup);
            }
            start = Boolean.parseBoolean(autoStartup);
        }
        return new IpcListenerEndpoint(id, channel, bean, method, resolve(annotation.errorHandler()), start);
    }

    private String resolve(String value) {
        return value == null || value.isEmpty() ? value : beanFactory.resolveEmbeddedValue(value);
    }
}
