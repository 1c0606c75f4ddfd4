package io.libipc.spring.listener;

import io.libipc.spring.observation.IpcObservations;
import io.libipc.spring.observation.IpcReceiverObservationConvention;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.SubscribableChannel;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;

import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs one listener: subscribed to its channel's inbound message channel, it calls the listener
 * method for each message, on the channel's receive thread, and hands the return value to
 * {@link IpcListenerResults} (a reply, {@code @SendTo}, or a warning). Failures go to the error
 * handler (or the log) and never reach the receive loop, so the other listeners of the channel and
 * the next message are not affected.
 *
 * <p>Stopped, it stays subscribed and counts each message it misses ({@link #droppedCount()},
 * meter {@code ipc.messages.dropped}), logging the first of each stop: a stopped listener never
 * loses messages silently. (Messages do not wait for it: the channel's other listeners go on, and
 * libipc keeps nothing for a receiver that does not read.)
 */
public final class IpcListenerContainer implements MessageHandler {

    private static final Log logger = LogFactory.getLog(IpcListenerContainer.class);

    private final IpcListenerEndpoint endpoint;
    private final InvocableHandlerMethod handlerMethod;
    private final SubscribableChannel source;
    private final IpcListenerErrorHandler errorHandler;
    private final ObservationRegistry observationRegistry;
    private final IpcReceiverObservationConvention observationConvention;
    private final IpcListenerResults results;
    private final Object lifecycleLock = new Object();
    private final LongAdder dropped = new LongAdder();
    private boolean subscribed;
    private volatile boolean running;
    private volatile boolean droppedLogged;

    /**
     * Creates a container, not started.
     *
     * @param endpoint the listener
     * @param handlerMethod the method with its argument resolvers
     * @param source the channel's inbound message channel (a publish-subscribe channel, so that
     *               every listener gets every message)
     * @param errorHandler the error handler, or null to log failures
     * @param observationRegistry observes each invocation
     * @param observationConvention the invocations' observation convention, or null for the default
     * @param results where return values go
     */
    IpcListenerContainer(IpcListenerEndpoint endpoint, InvocableHandlerMethod handlerMethod,
            SubscribableChannel source, IpcListenerErrorHandler errorHandler, ObservationRegistry observationRegistry,
            IpcReceiverObservationConvention observationConvention, IpcListenerResults results) {
        this.endpoint = endpoint;
        this.handlerMethod = handlerMethod;
        this.source = source;
        this.errorHandler = errorHandler;
        this.observationRegistry = observationRegistry == null ? ObservationRegistry.NOOP : observationRegistry;
        this.observationConvention = observationConvention;
        this.results = results;
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
     * Starts calling the listener (subscribing it the first time); idempotent.
     */
    public void start() {
        synchronized (lifecycleLock) {
            if (!subscribed) {
                source.subscribe(this);
                subscribed = true;
            }
            droppedLogged = false;
            running = true;
        }
    }

    /**
     * Stops calling the listener; idempotent. A message being handled finishes; the messages that
     * come meanwhile are counted as dropped.
     */
    public void stop() {
        synchronized (lifecycleLock) {
            running = false;
        }
    }

    /**
     * Unsubscribes for good: the application is closing, or the registry drops this container.
     */
    void shutdown() {
        synchronized (lifecycleLock) {
            running = false;
            if (subscribed) {
                source.unsubscribe(this);
                subscribed = false;
            }
        }
    }

    /**
     * Messages that came while this listener was stopped.
     *
     * @return the count so far
     */
    public long droppedCount() {
        return dropped.sum();
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
        if (!running) {
            dropped.increment();
            if (!droppedLogged) {
                droppedLogged = true;
                logger.warn("listener '" + endpoint.id() + "' is stopped: messages on channel '" + endpoint.channel()
                        + "' are dropped for it until it starts again, counted in ipc.messages.dropped (logged once per stop)");
            }
            return;
        }
        if (observationRegistry.isNoop()) {
            invoke(message, null);
            return;
        }
        Observation observation = IpcObservations.listener(observationRegistry, observationConvention,
                endpoint.channel(), endpoint.id(), message).start();
        // The reply (or @SendTo) is sent inside the listener's scope: its send observation is a
        // child of this one, so a request, its handling and its reply make one trace.
        try (Observation.Scope scope = observation.openScope()) {
            invoke(message, observation);
        } finally {
            observation.stop();
        }
    }

    private void invoke(Message<?> message, Observation observation) {
        Object result;
        try {
            result = handlerMethod.invoke(message);
        } catch (Throwable e) {
            Throwable cause = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
            if (observation != null) {
                observation.error(cause);
            }
            handleFailure(message, cause);
            return;
        }
        try {
            results.onResult(message, result);
        } catch (RuntimeException e) {
            // Never into the receive loop: the channel's other listeners still get this message.
            logger.error("listener '" + endpoint.id() + "': its result could not be handled", e);
        }
    }

    private void handleFailure(Message<?> message, Throwable cause) {
        results.onFailure(message, cause);
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
