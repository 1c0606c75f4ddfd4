package io.libipc.spring.annotation;

import io.libipc.spring.listener.IpcListenerEndpoint;
import io.libipc.spring.listener.IpcListenerEndpointRegistry;
import io.libipc.spring.listener.IpcListenerSettings;
import io.libipc.spring.listener.IpcQueueFullPolicy;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Finds {@link IpcListener} methods on beans and makes an endpoint for each, resolving
 * {@code ${...}} placeholders in the attributes; a bad attribute fails the bean's creation, naming
 * the listener, the attribute and the value. Attributes left empty stay unset on the endpoint, for
 * {@code ipc.listener.*} to fill in. The endpoints are collected while beans are post-processed
 * and registered with the {@link IpcListenerEndpointRegistry} in
 * {@link #afterSingletonsInstantiated()}, as spring-kafka's
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
        String where = "@IpcListener '" + id + "' (" + method.getDeclaringClass().getSimpleName() + "."
                + method.getName() + ")";
        Boolean start = bool(where, "autoStartup", annotation.autoStartup());
        try {
            return new IpcListenerEndpoint(id, channel, bean, method, resolve(annotation.errorHandler()),
                    start == null || start, settings(where, annotation));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + ": " + e.getMessage());
        }
    }

    /** The attributes that were given; the others stay null, for {@code ipc.listener.*}. */
    private IpcListenerSettings settings(String where, IpcListener annotation) {
        IpcRetry retry = annotation.retry();
        return new IpcListenerSettings(
                parsed(where, "retry.maxAttempts", retry.maxAttempts(), v -> IpcListenerSettings.checkMaxAttempts(
                        "retry.maxAttempts", Integer.parseInt(v))),
                parsed(where, "retry.initialInterval", retry.initialInterval(), v -> IpcListenerSettings.checkInterval(
                        "retry.initialInterval", DurationStyle.detectAndParse(v))),
                parsed(where, "retry.multiplier", retry.multiplier(), v -> IpcListenerSettings.checkMultiplier(
                        "retry.multiplier", Double.parseDouble(v))),
                parsed(where, "retry.maxInterval", retry.maxInterval(), v -> IpcListenerSettings.checkInterval(
                        "retry.maxInterval", DurationStyle.detectAndParse(v))),
                resolve(annotation.deadLetterChannel()),
                parsed(where, "concurrency", annotation.concurrency(), v -> IpcListenerSettings.checkConcurrency(
                        "concurrency", Integer.parseInt(v))),
                resolve(annotation.executor()),
                parsed(where, "queueCapacity", annotation.queueCapacity(), v -> IpcListenerSettings.checkPositive(
                        "queueCapacity", Integer.parseInt(v))),
                parsed(where, "queueFullPolicy", annotation.queueFullPolicy(), IpcListenerAnnotationBeanPostProcessor::policy),
                bool(where, "batch", annotation.batch()),
                parsed(where, "batchMaxSize", annotation.batchMaxSize(), v -> IpcListenerSettings.checkPositive(
                        "batchMaxSize", Integer.parseInt(v))),
                parsed(where, "batchMaxWait", annotation.batchMaxWait(), v -> IpcListenerSettings.checkInterval(
                        "batchMaxWait", DurationStyle.detectAndParse(v))));
    }

    private static IpcQueueFullPolicy policy(String value) {
        for (IpcQueueFullPolicy policy : IpcQueueFullPolicy.values()) {
            if (policy.name().equalsIgnoreCase(value.trim())) {
                return policy;
            }
        }
        throw new IllegalArgumentException("queueFullPolicy must be block or drop: queueFullPolicy=" + value);
    }

    private Boolean bool(String where, String attribute, String raw) {
        String value = resolve(raw);
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalStateException(where + ": " + attribute + " must be true or false: " + attribute + "=" + value);
        }
        return Boolean.parseBoolean(value);
    }

    /**
     * An attribute parsed and checked, or null when empty; a value that does not parse or fails
     * its check fails the bean's creation naming the listener, the attribute and the value.
     */
    private <T> T parsed(String where, String attribute, String raw, Function<String, T> parse) {
        String value = resolve(raw);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return parse.apply(value.trim());
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            String reason = e instanceof NumberFormatException || !message.contains(attribute + "=")
                    ? "not a valid value: " + attribute + "=" + value + " (" + message + ")" : message;
            // No cause: its message is in ours, and the root cause is what start-up reports last.
            throw new IllegalStateException(where + ": " + reason);
        }
    }

    private String resolve(String value) {
        return value == null || value.isEmpty() ? value : beanFactory.resolveEmbeddedValue(value);
    }
}
