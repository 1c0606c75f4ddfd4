package io.libipc.spring.observation;

import io.micrometer.observation.transport.SenderContext;

import java.util.Map;

/**
 * The observation context of a send: its carrier is the mutable header map of the message being
 * sent, so a tracing handler's propagation headers travel with the message when the channel's
 * payload format embeds headers.
 */
public final class IpcSenderContext extends SenderContext<Map<String, Object>> {

    private final String channel;

    /**
     * Creates a context.
     *
     * @param channel the channel name
     * @param headers the headers about to be sent; propagation fields are put into this map
     */
    public IpcSenderContext(String channel, Map<String, Object> headers) {
        super((carrier, key, value) -> {
            if (carrier != null) {
                carrier.put(key, value);
            }
        });
        this.channel = channel;
        setCarrier(headers);
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
}
