package io.libipc.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.messaging.Message;

import java.util.Map;

/**
 * The starter's observations: {@value #SEND} around each send, {@value #LISTENER} around each
 * listener invocation, named and keyed by their conventions ({@link DefaultIpcSenderObservationConvention},
 * {@link DefaultIpcReceiverObservationConvention}, or the application's own beans).
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
     * @param convention the application's convention, or null for the default
     * @param channel the channel name
     * @param headers the headers to send; propagation fields are added to them
     * @return the observation
     */
    public static Observation send(ObservationRegistry registry, IpcSenderObservationConvention convention,
            String channel, Map<String, Object> headers) {
        return Observation.createNotStarted(convention, DefaultIpcSenderObservationConvention.INSTANCE,
                () -> new IpcSenderContext(channel, headers), registry);
    }

    /**
     * An observation of a listener invocation, not started.
     *
     * @param registry the registry
     * @param convention the application's convention, or null for the default
     * @param channel the channel name
     * @param listenerId the listener's id
     * @param message the message handed to the listener
     * @return the observation
     */
    public static Observation listener(ObservationRegistry registry, IpcReceiverObservationConvention convention,
            String channel, String listenerId, Message<?> message) {
        return Observation.createNotStarted(convention, DefaultIpcReceiverObservationConvention.INSTANCE,
                () -> new IpcReceiverContext(channel, listenerId, message), registry);
    }
}
