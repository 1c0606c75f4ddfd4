package io.libipc.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The convention of the {@value IpcObservations#SEND} observation around each send: its name,
 * contextual name and key values. A bean of this type replaces {@link DefaultIpcSenderObservationConvention}.
 */
public interface IpcSenderObservationConvention extends ObservationConvention<IpcSenderContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof IpcSenderContext;
    }
}
