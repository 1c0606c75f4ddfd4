package io.libipc.spring.listener;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;

/**
 * A listener method threw, or its arguments could not be resolved from the message.
 */
public class IpcListenerExecutionFailedException extends MessagingException {

    private static final long serialVersionUID = 1L;

    /** The listener's id. */
    private final String listenerId;

    /**
     * Creates the exception.
     *
     * @param message the message the listener got
     * @param listenerId the listener's id
     * @param cause what failed
     */
    public IpcListenerExecutionFailedException(Message<?> message, String listenerId, Throwable cause) {
        super(message, "listener '" + listenerId + "' failed: " + cause, cause);
        this.listenerId = listenerId;
    }

    /**
     * The id of the listener that failed.
     *
     * @return the id
     */
    public String getListenerId() {
        return listenerId;
    }
}
