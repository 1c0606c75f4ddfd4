package io.libipc.spring.listener;

import io.libipc.spring.observation.IpcObservations;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.SubscribableChannel;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;

import java.lang.reflect.InvocationTargetException;

/**
 * Runs one listener: while started it is subscribed to its channel's inbound message channel and
 * calls the listener method for each message, on the channel's receive thread. Failures go to the
 * error handler (or the log) and never reach the receive loop, so the other listeners of the
 * channel and the next message are not affected.
 */
public final class IpcListenerContainer implements MessageHandler {

    private static final Log logger = LogFactory.getLog(IpcListenerContainer.class);

    private final IpcListenerEndpoint endpoint;
    private final InvocableHandlerMethod handlerMethod;
    private final SubscribableChannel source;
    private final IpcListenerErrorHandler errorHandler;
    private final ObservationRegistry observationRegistry;
    private final Object lifecycleLock = new Object();
    private volatile boolean running;

    /**
     * Creates a container, not started.
     *
     * @param endpoint the listener
     * @param handlerMethod the method with its argument resolvers
     * @param source the channel's inbound message channel (a publish-subscribe channel, so that
     *               every listener gets every message)
     * @param errorHandler the error handler, or null to log failures
     * @param observationRegistry observes each invocation
     */
    public IpcListenerContainer(IpcListenerEndpoint endpoint, InvocableHandlerMethod handlerMethod,
            SubscribableChannel source, IpcListenerErrorHandler errorHandler, ObservationRegistry observationRegistry) {
        this.endpoint = endpoint;
        this.handlerMethod = handlerMethod;
        this.source = source;
        this.errorHandler = errorHandler;
        this.observationRegistry = observationRegistry == null ? ObservationRegistry.NOOP : observationRegistry;
    }

    /**
     * The listener this container runs.
     *
     * @return the endpoint
     */
    public IpcListenerEndpoint getEndpoint() {
        return endpoint;
    }

    /**
     * Subscribes the listener; idempotent.
     */
    public void start() {
        synchronized (lifecycleLock) {
            if (!running) {
                source.subscribe(this);
                running = true;
            }
        }
    }

    /**
     * Unsubscribes the listener; idempotent. A message being handled finishes.
     */
    public void stop() {
        synchronized (lifecycleLock) {
            if (running) {
                source.unsubscribe(this);
                running = false;
            }
        }
    }

    /**
     * Whether the listener is subscribed.
     *
     * @return true when started
     */
    public boolean isRunning() {
        return running;
    }

    /**
     * Calls the listener method; never throws.
     *
     * @param message a message from the channel
     */
    @Override
    public void handleMessage(Message<?> message) {
        try {
            if (observationRegistry.isNoop()) {
                handlerMethod.invoke(message);
            } else {
                IpcObservations.listener(observationRegistry, endpoint.channel(), endpoint.id(), message)
                        .observeChecked(() -> handlerMethod.invoke(message));
            }
        } catch (Throwable e) {
            handleFailure(message, e instanceof InvocationTargetException ite && ite.getCause() != null
                    ? ite.getCause() : e);
        }
    }

    private void handleFailure(Message<?> message, Throwable cause) {
        IpcListenerExecutionFailedException failure =
                new IpcListenerExecutionFailedException(message, endpoint.id(), cause);
        if (errorHandler == null) {
            logger.error("listener '" + endpoint.id() + "' (" + endpoint.describeMethod() + ") failed on a message from channel '"
                    + endpoint.channel() + "'; the message is dropped", cause);
            return;
        }
        try {
            errorHandler.handleError(message, failure);
        } catch (RuntimeException e) {
            e.addSuppressed(failure);
            logger.error("the error handler '" + endpoint.errorHandlerBeanName() + "' of listener '" + endpoint.id()
                    + "' threw; the message is dropped", e);
        }
    }

    @Override
    public String toString() {
        return "IpcListenerContainer{id=" + endpoint.id() + ", channel=" + endpoint.channel() + ", running=" + running + "}";
    }
}
