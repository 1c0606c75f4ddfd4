package io.libipc.spring.observation;

import io.micrometer.observation.transport.ReceiverContext;
import org.springframework.messaging.Message;

/**
 * The observation context of a listener invocation: propagation fields are read from the received
 * message's headers, so a trace started by the sending process continues here.
 */
public final class IpcReceiverContext extends ReceiverContext<Message<?>> {

    private final String channel;
    private final String listenerId;

    /**
     * Creates a context.
     *
     * @param channel the channel name
     * @param listenerId the listener's id
     * @param message the received message
     */
    public IpcReceiverContext(String channel, String listenerId, Message<?> message) {
        super((carrier, key) -> {
            Object value = carrier.getHeaders().get(key);
            return value == null ? null : value.toString();
        });
        this.channel = channel;
        this.listenerId = listenerId;
        setCarrier(message);
        setRemoteServiceName("libipc:" + channel);
    }

    /**
     * The channel name.
     *
     * @return the name
     */
    public String getChannel() {
        return channel;
    }

    /**
     * The listener's id.
     *
     * @return the id
     */
    public String getListenerId() {
        return listenerId;
    }
}
