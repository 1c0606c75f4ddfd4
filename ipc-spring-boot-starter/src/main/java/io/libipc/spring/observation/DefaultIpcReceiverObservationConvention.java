package io.libipc.spring.observation;

import io.libipc.spring.support.IpcHeaders;
import io.micrometer.common.KeyValues;

/**
 * The default convention of a listener invocation: name {@value IpcObservations#LISTENER},
 * contextual name {@code "<channel> process"}, low-cardinality {@code messaging.system=libipc},
 * {@code messaging.destination.name=<channel>}, {@code messaging.operation=process},
 * {@code ipc.listener.id}; high-cardinality {@code messaging.message.conversation_id} on requests.
 */
public class DefaultIpcReceiverObservationConvention implements IpcReceiverObservationConvention {

    /** The shared instance. */
    public static final DefaultIpcReceiverObservationConvention INSTANCE = new DefaultIpcReceiverObservationConvention();

    /** Creates the convention; subclass to add key values. */
    public DefaultIpcReceiverObservationConvention() {
    }

    @Override
    public String getName() {
        return IpcObservations.LISTENER;
    }

    @Override
    public String getContextualName(IpcReceiverContext context) {
        return context.getChannel() + " process";
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(IpcReceiverContext context) {
        return KeyValues.of(IpcMessagingKeys.SYSTEM, IpcMessagingKeys.SYSTEM_VALUE,
                IpcMessagingKeys.DESTINATION_NAME, context.getChannel(),
                IpcMessagingKeys.OPERATION, "process",
                IpcMessagingKeys.LISTENER_ID, context.getListenerId());
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(IpcReceiverContext context) {
        Object id = context.getCarrier() == null ? null : context.getCarrier().getHeaders().get(IpcHeaders.CORRELATION_ID);
        return id == null ? KeyValues.empty() : KeyValues.of(IpcMessagingKeys.CONVERSATION_ID, id.toString());
    }
}
