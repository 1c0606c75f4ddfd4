package io.libipc.spring.listener;

import java.lang.reflect.Method;
import java.util.Objects;

/**
 * One listener, as declared: which method of which bean receives which channel, with which error
 * handler, whether it starts with the context, and how it retries, hands off and batches. Made by
 * the annotation post-processor, or by hand and given to
 * {@link IpcListenerEndpointRegistry#registerEndpoint(IpcListenerEndpoint)}.
 *
 * @param id unique listener id
 * @param channel the channel name under {@code ipc.channels}
 * @param bean the bean whose method is called
 * @param method the method to call (invocable on {@code bean})
 * @param errorHandlerBeanName the bean name of an {@link IpcListenerErrorHandler}, or null
 * @param autoStartup whether it starts with the context
 * @param settings retry, dead letters, hand-off and batches; its null values come from {@code ipc.listener.*}
 */
public record IpcListenerEndpoint(String id, String channel, Object bean, Method method,
        String errorHandlerBeanName, boolean autoStartup, IpcListenerSettings settings) {

    /**
     * Checks that the required parts are there; a blank error handler name means none.
     *
     * @param id unique listener id
     * @param channel the channel name
     * @param bean the bean whose method is called
     * @param method the method to call
     * @param errorHandlerBeanName the error handler's bean name, or null
     * @param autoStartup whether it starts with the context
     * @param settings how it retries, hands off and batches; null means all from {@code ipc.listener.*}
     */
    public IpcListenerEndpoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(bean, "bean");
        Objects.requireNonNull(method, "method");
        if (errorHandlerBeanName != null && errorHandlerBeanName.isBlank()) {
            errorHandlerBeanName = null;
        }
        if (settings == null) {
            settings = IpcListenerSettings.NONE;
        }
    }

    /**
     * An endpoint whose retry, dead letters, hand-off and batches all come from {@code ipc.listener.*}.
     *
     * @param id unique listener id
     * @param channel the channel name
     * @param bean the bean whose method is called
     * @param method the method to call
     * @param errorHandlerBeanName the error handler's bean name, or null
     * @param autoStartup whether it starts with the context
     */
    public IpcListenerEndpoint(String id, String channel, Object bean, Method method, String errorHandlerBeanName,
            boolean autoStartup) {
        this(id, channel, bean, method, errorHandlerBeanName, autoStartup, IpcListenerSettings.NONE);
    }

    /**
     * A readable name of the method, for messages.
     *
     * @return e.g. {@code OrderListeners.onOrder}
     */
    public String describeMethod() {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName();
    }
}
