package io.libipc.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.messaging.Message;

import java.util.Map;

/**
 * The starter's observations: {@value #SEND} around each send, {@value #LISTENER} around each
 * listener invocation, both with the low-cardinality key {@code channel}.
 */
public final class IpcObservations {

    /** Name of the observation around a send. */
    public static final String SEND = "ipc.send";

    /** Name of the observation around a listener invocation. */
    public static final String LISTENER = "ipc.listener";

    private IpcObservations() {
    }

    /**
     * An observation of a send, not started.
     *
     * @param registry the registry
     * @param channel the channel name
     * @param headers the headers to send; propagation fields are added to them
     * @return the observation
     */
    public static Observation send(ObservationRegistry registry, String channel, Map<String, Object> headers) {
        return Observation.createNotStarted(SEND, () -> new IpcSenderContext(channel, headers), registry)
                .contextualName(channel + " send")
                .lowCardinalityKeyValue("channel", channel);
    }

    /**
     * An observation of a listener invocation, not started.
     *
     * @param registry the registry
     * @param channel the channel name
     * @param listenerId the listener's id
     * @param message the message handed to the listener
     * @return the observation
     */
    public static Observation listener(ObservationRegistry registry, String channel, String listenerId,
            Message<?> message) {
        return Observation.createNotStarted(LISTENER, () -> new IpcReceiverContext(channel, listenerId, message), registry)
                .contextualName(channel + " receive")
                .lowCardinalityKeyValue("channel", channel)
                .lowCardinalityKeyValue("listener", listenerId);
    }
}
