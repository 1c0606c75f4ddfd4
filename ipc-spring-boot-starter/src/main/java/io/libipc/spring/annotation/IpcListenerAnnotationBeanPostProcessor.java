package io.libipc.spring.annotation;

import io.libipc.spring.listener.IpcListenerEndpoint;
import io.libipc.spring.listener.IpcListenerEndpointRegistry;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds {@link IpcListener} methods on beans and registers an endpoint for each with the
 * {@link IpcListenerEndpointRegistry}, resolving {@code ${...}} placeholders in the attributes.
 */
public class IpcListenerAnnotationBeanPostProcessor implements BeanPostProcessor, BeanFactoryAware {

    private final Set<Class<?>> classesWithoutListeners = ConcurrentHashMap.newKeySet();
    private ConfigurableBeanFactory beanFactory;
    private volatile IpcListenerEndpointRegistry registry;

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
        methods.forEach((method, annotation) -> registry().registerEndpoint(
                endpoint(bean, beanName, AopUtils.selectInvocableMethod(method, bean.getClass()), annotation)));
        return bean;
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

    private IpcListenerEndpointRegistry registry() {
        // Looked up lazily: a post-processor created early must not pull the registry (and its
        // channels) into existence before the properties are bound.
        IpcListenerEndpointRegistry r = registry;
        if (r == null) {
            r = beanFactory.getBean(IpcListenerEndpointRegistry.class);
            registry = r;
        }
        return r;
    }
}
