package io.libipc.spring.listener;

import org.springframework.messaging.Message;

/**
 * Called when an {@code @IpcListener} method throws. Name the bean in
 * {@link io.libipc.spring.annotation.IpcListener#errorHandler()}. The message counts as handled
 * afterwards: the next one is delivered whatever this does; an exception thrown from here is logged.
 */
@FunctionalInterface
public interface IpcListenerErrorHandler {

    /**
     * Handles a listener failure.
     *
     * @param message the message the listener got
     * @param exception the failure, naming the listener; its cause is what the method threw
     */
    void handleError(Message<?> message, IpcListenerExecutionFailedException exception);
}
