package io.libipc.spring.core;

import org.springframework.messaging.Message;

import java.time.Duration;

/**
 * No reply came within the request's timeout. A reply that comes later is dropped and counted
 * ({@code ipc.replies.late}), never given to another caller.
 */
public class IpcReplyTimeoutException extends IpcRequestException {

    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** How long the caller waited. */
    private final Duration timeout;

    /**
     * Creates the exception.
     *
     * @param channel the channel the request went to
     * @param request the request
     * @param timeout how long the caller waited
     * @param correlationId the request's correlation id
     */
    public IpcReplyTimeoutException(String channel, Message<?> request, Duration timeout, String correlationId) {
        super(channel, request, "no reply on channel '" + channel + "' within timeout=" + timeout
                + " (correlationId=" + correlationId + "); a reply that comes later is dropped");
        this.timeout = timeout;
    }

    /**
     * How long the caller waited.
     *
     * @return the timeout
     */
    public Duration getTimeout() {
        return timeout;
    }
}
