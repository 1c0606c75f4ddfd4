package io.libipc.spring.listener;

import io.libipc.spring.core.IpcOperations;
import io.libipc.spring.support.IpcHeaders;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Sends a message a listener gave up on to its dead-letter channel, as spring-kafka's
 * {@code DeadLetterPublishingRecoverer} does for records: the payload and headers unchanged, plus
 * the channel it came on, the listener, the last attempt's exception (class and message) and the
 * number of attempts as {@code ipc_dlt*} headers ({@link IpcHeaders}). The dead-letter channel is an
 * embedded-headers sending channel of this application (checked at start-up), so any process,
 * core or Spring, reads the headers with the payload. Thread-safe.
 */
final class IpcDeadLetterPublisher {

    private static final Log logger = LogFactory.getLog(IpcDeadLetterPublisher.class);

    private final IpcOperations template;
    private final String deadLetterChannel;
    private final IpcListenerEndpoint endpoint;

    /**
     * A publisher for one listener.
     *
     * @param template sends the dead letters
     * @param deadLetterChannel where they go
     * @param endpoint the listener whose failures they are
     */
    IpcDeadLetterPublisher(IpcOperations template, String deadLetterChannel, IpcListenerEndpoint endpoint) {
        this.template = template;
        this.deadLetterChannel = deadLetterChannel;
        this.endpoint = endpoint;
    }

    /**
     * The dead-letter channel's name.
     *
     * @return the name
     */
    String channel() {
        return deadLetterChannel;
    }

    /**
     * Sends a dead letter with the channel's send (waits up to its send timeout for room, then
     * evicts receivers a whole ring behind); never throws.
     *
     * @param message the failed message
     * @param failure the last attempt's exception
     * @param attempts how many attempts were made
     * @return whether it was sent; when not, the failure is logged at ERROR with the message's
     *         headers, and the message is lost
     */
    boolean publish(Message<?> message, Throwable failure, int attempts) {
        MessageBuilder<?> deadLetter = MessageBuilder.withPayload(message.getPayload())
                .copyHeaders(message.getHeaders())
                .setHeader(IpcHeaders.DLT_ORIGINAL_CHANNEL, endpoint.channel())
                .setHeader(IpcHeaders.DLT_LISTENER, endpoint.id())
                .setHeader(IpcHeaders.DLT_EXCEPTION, failure.getClass().getName())
                .setHeader(IpcHeaders.DLT_ATTEMPTS, attempts);
        if (failure.getMessage() != null) {
            deadLetter.setHeader(IpcHeaders.DLT_EXCEPTION_MESSAGE, failure.getMessage());
        }
        try {
            template.send(deadLetterChannel, deadLetter.build());
            return true;
        } catch (RuntimeException e) {
            e.addSuppressed(failure);
            logger.error("listener '" + endpoint.id() + "' gave up on a message from channel '" + endpoint.channel()
                    + "' after " + attempts + " attempt(s), and its dead letter could not be sent to channel '"
                    + deadLetterChannel + "'; the message is lost (headers: " + message.getHeaders() + ")", e);
            return false;
        }
    }
}
