package io.libipc.spring.core;

import org.springframework.messaging.Message;

/**
 * The replier's method threw: carries the remote exception's class name and message, as
 * spring-amqp's {@code AmqpRemoteException} does (the exception itself stays in the other process).
 */
public class IpcRemoteException extends IpcRequestException {

    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** The class name of the exception the replier threw. */
    private final String remoteExceptionClass;
    /** Its message, possibly null. */
    private final String remoteMessage;

    /**
     * Creates the exception.
     *
     * @param channel the channel the request went to
     * @param request the request
     * @param remoteExceptionClass the class name of the exception the replier threw
     * @param remoteMessage its message, possibly null
     */
    public IpcRemoteException(String channel, Message<?> request, String remoteExceptionClass, String remoteMessage) {
        super(channel, request, "the replier on channel '" + channel + "' failed: " + remoteExceptionClass
                + (remoteMessage == null ? "" : ": " + remoteMessage));
        this.remoteExceptionClass = remoteExceptionClass;
        this.remoteMessage = remoteMessage;
    }

    /**
     * The class name of the exception the replier's method threw.
     *
     * @return e.g. {@code com.acme.OutOfStockException}
     */
    public String getRemoteExceptionClass() {
        return remoteExceptionClass;
    }

    /**
     * The message of the exception the replier's method threw.
     *
     * @return the message, possibly null
     */
    public String getRemoteMessage() {
        return remoteMessage;
    }
}
