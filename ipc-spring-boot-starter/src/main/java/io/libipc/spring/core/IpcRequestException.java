package io.libipc.spring.core;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;

/**
 * A request made with {@code sendAndReceive} that got no usable reply: the base of
 * {@link IpcReplyTimeoutException} and {@link IpcRemoteException}. Its message names the channel.
 */
public class IpcRequestException extends MessagingException {

    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** The channel the request went to. */
    private final String channel;

    /**
     * Creates the exception.
     *
     * @param channel the channel the request went to
     * @param request the request, as sent
     * @param description what went wrong, naming the channel
     */
    public IpcRequestException(String channel, Message<?> request, String description) {
        super(request, description);
        this.channel = channel;
    }

    /**
     * The channel the request went to.
     *
     * @return the name
     */
    public String getChannel() {
        return channel;
    }
}
