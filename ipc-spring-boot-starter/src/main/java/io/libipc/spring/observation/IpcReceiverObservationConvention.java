package io.libipc.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The convention of the {@value IpcObservations#LISTENER} observation around each listener
 * invocation. A bean of this type replaces {@link DefaultIpcReceiverObservationConvention}.
 */
public interface IpcReceiverObservationConvention extends ObservationConvention<IpcReceiverContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof IpcReceiverContext;
    }
}
