package io.libipc.spring.listener;

import io.libipc.spring.observation.IpcObservations;
import io.libipc.spring.observation.IpcReceiverObservationConvention;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import org.springframework.messaging.support.GenericMessage;

import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.function.Consumer;

/**
 * Calls a listener for one message (or one batch) until an attempt succeeds or the retry policy
 * gives up, then recovers: the failed message goes to the dead-letter channel, else to the error
 * handler, else to the log, and a requester gets the failure. Never throws, so that neither the
 * receive loop nor a hand-off worker is affected by what the listener does.
 *
 * <p>Each attempt is one {@code ipc.listener} observation (its error recorded when it fails); the
 * return value is handled inside the successful attempt's observation, so a reply or
 * {@code @SendTo} send joins its trace. Retries wait on the calling thread (Spring's
 * {@link RetryTemplate}): the channel's receive thread for a listener without hand-off.
 */
final class IpcListenerInvoker {

    private static final Log logger = LogFactory.getLog(IpcListenerInvoker.class);

    private final IpcListenerEndpoint endpoint;
    private final InvocableHandlerMethod handlerMethod;
    private final IpcListenerResults results;
    private final IpcListenerErrorHandler errorHandler;
    private final IpcDeadLetterPublisher deadLetters;
    private final IpcBatchPayloads batchPayloads;
    private final RetryTemplate retryTemplate;
    private final ObservationRegistry observationRegistry;
    private final IpcReceiverObservationConvention observationConvention;
    private final IpcListenerStatistics statistics;

    /**
     * An invoker; see {@link IpcListenerContainerFactory} for how its parts are made.
     *
     * @param endpoint the listener
     * @param handlerMethod the method with its argument resolvers
     * @param results where return values and failures of requests go
     * @param errorHandler the recoverer bean, or null
     * @param deadLetters the dead-letter channel's publisher, or null (then errorHandler, or the log)
     * @param batchPayloads the batch argument of a batch listener, or null
     * @param retryTemplate retries failed attempts, or null for one attempt
     * @param observationRegistry observes each attempt
     * @param observationConvention the attempts' observation convention, or null for the default
     * @param statistics counts retries, failures and dead letters
     */
    IpcListenerInvoker(IpcListenerEndpoint endpoint, InvocableHandlerMethod handlerMethod, IpcListenerResults results,
            IpcListenerErrorHandler errorHandler, IpcDeadLetterPublisher deadLetters, IpcBatchPayloads batchPayloads,
            RetryTemplate retryTemplate, ObservationRegistry observationRegistry,
            IpcReceiverObservationConvention observationConvention, IpcListenerStatistics statistics) {
        this.endpoint = endpoint;
        this.handlerMethod = handlerMethod;
        this.results = results;
        this.errorHandler = errorHandler;
        this.deadLetters = deadLetters;
        this.batchPayloads = batchPayloads;
        this.retryTemplate = retryTemplate;
        this.observationRegistry = observationRegistry == null ? ObservationRegistry.NOOP : observationRegistry;
        this.observationConvention = observationConvention;
        this.statistics = statistics;
    }

    /**
     * Handles one message.
     *
     * @param message a message from the channel
     */
    void invoke(Message<?> message) {
        run(List.of(message), () -> attempt(message, () -> handlerMethod.invoke(message),
                result -> results.onResult(message, result)));
    }

    /**
     * Handles one batch: the messages that convert go to the listener together (retried and
     * recovered together); each one that does not is recovered on its own at once.
     *
     * @param messages the batch, in the order received
     */
    void invokeBatch(List<Message<?>> messages) {
        IpcBatchPayloads.Converted batch = batchPayloads.convert(messages);
        for (IpcBatchPayloads.Failure failure : batch.failed()) {
            recover(List.of(failure.message()), failure.exception(), 1);
        }
        if (batch.messages().isEmpty()) {
            return;
        }
        Message<?> first = batch.messages().get(0);
        // The list is given as the argument; the message only carries it to the argument resolvers.
        Message<List<Object>> carrier = new GenericMessage<>(batch.payloads());
        run(batch.messages(), () -> attempt(first, () -> handlerMethod.invoke(carrier, batch.payloads()),
                result -> batch.messages().forEach(m -> results.onResult(m, null))));
    }

    private void run(List<Message<?>> messages, Attempt attempt) {
        if (retryTemplate == null) {
            try {
                attempt.run();
            } catch (Throwable e) {
                recover(messages, e, 1);
            }
            return;
        }
        try {
            retryTemplate.execute(() -> {
                attempt.run();
                return null;
            });
        } catch (RetryException e) {
            // Exhausted, not retryable, or interrupted in a back-off: the attempts made all failed.
            Throwable last = e.getLastException() != null ? e.getLastException() : e;
            recover(messages, last, Math.max(1, e.getExceptions().size()));
        }
    }

    /**
     * One attempt, observed: the listener's exception (unwrapped) is rethrown for the retry policy.
     *
     * @param carrier the message whose headers continue a trace
     * @param call the invocation
     * @param onResult handles the return value, inside the observation
     */
    private void attempt(Message<?> carrier, Call call, Consumer<Object> onResult) throws Throwable {
        if (observationRegistry.isNoop()) {
            handle(call.call(), onResult);
            return;
        }
        Observation observation = IpcObservations.listener(observationRegistry, observationConvention,
                endpoint.channel(), endpoint.id(), carrier).start();
        // The reply (or @SendTo) is sent inside the listener's scope: its send observation is a
        // child of this one, so a request, its handling and its reply make one trace.
        try (Observation.Scope scope = observation.openScope()) {
            handle(call.call(), onResult);
        } catch (Throwable e) {
            observation.error(e);
            throw e;
        } finally {
            observation.stop();
        }
    }

    private void handle(Object result, Consumer<Object> onResult) {
        try {
            onResult.accept(result);
        } catch (RuntimeException e) {
            // Never retried nor into the receive loop: the method did succeed.
            logger.error("listener '" + endpoint.id() + "': its result could not be handled", e);
        }
    }

    private void recover(List<Message<?>> messages, Throwable failure, int attempts) {
        for (Message<?> message : messages) {
            statistics.recordFailure();
            results.onFailure(message, failure);
            if (deadLetters != null) {
                statistics.recordDeadLetter(deadLetters.publish(message, failure, attempts));
            } else if (errorHandler != null) {
                handleError(message, failure);
            }
        }
        if (deadLetters == null && errorHandler == null) {
            logger.error("listener '" + endpoint.id() + "' (" + endpoint.describeMethod() + ") failed on "
                    + (messages.size() == 1 ? "a message" : "a batch of " + messages.size() + " messages")
                    + " from channel '" + endpoint.channel() + "' after " + attempts + " attempt(s); "
                    + (messages.size() == 1 ? "the message is" : "they are") + " dropped", failure);
        }
    }

    private void handleError(Message<?> message, Throwable failure) {
        IpcListenerExecutionFailedException exception = new IpcListenerExecutionFailedException(message, endpoint.id(),
                failure);
        try {
            errorHandler.handleError(message, exception);
        } catch (RuntimeException e) {
            e.addSuppressed(exception);
            logger.error("the error handler '" + endpoint.errorHandlerBeanName() + "' of listener '" + endpoint.id()
                    + "' threw; the message is dropped", e);
        }
    }

    /** One attempt of the listener. */
    @FunctionalInterface
    private interface Attempt {
        void run() throws Throwable;
    }

    /** The listener method's call, its exception unwrapped. */
    @FunctionalInterface
    private interface Call {
        Object invoke() throws Exception;

        default Object call() throws Throwable {
            try {
                return invoke();
            } catch (InvocationTargetException e) {
                throw e.getCause() != null ? e.getCause() : e;
            }
        }
    }
}
