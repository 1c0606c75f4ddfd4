package io.libipc.spring.observation;

import io.libipc.spring.support.IpcHeaders;
import io.micrometer.common.KeyValues;

/**
 * The default convention of a send: name {@value IpcObservations#SEND}, contextual name
 * {@code "<channel> publish"}, low-cardinality {@code messaging.system=libipc},
 * {@code messaging.destination.name=<channel>}, {@code messaging.operation=publish}; high-cardinality
 * {@code messaging.message.conversation_id} on requests and replies.
 */
public class DefaultIpcSenderObservationConvention implements IpcSenderObservationConvention {

    /** The shared instance. */
    public static final DefaultIpcSenderObservationConvention INSTANCE = new DefaultIpcSenderObservationConvention();

    /** Creates the convention; subclass to add key values. */
    public DefaultIpcSenderObservationConvention() {
    }

    @Override
    public String getName() {
        return IpcObservations.SEND;
    }

    @Override
    public String getContextualName(IpcSenderContext context) {
        return context.getChannel() + " publish";
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(IpcSenderContext context) {
        return KeyValues.of(IpcMessagingKeys.SYSTEM, IpcMessagingKeys.SYSTEM_VALUE,
                IpcMessagingKeys.DESTINATION_NAME, context.getChannel(),
                IpcMessagingKeys.OPERATION, "publish");
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(IpcSenderContext context) {
        Object id = context.getCarrier() == null ? null : context.getCarrier().get(IpcHeaders.CORRELATION_ID);
        return id == null ? KeyValues.empty() : KeyValues.of(IpcMessagingKeys.CONVERSATION_ID, id.toString());
    }
}
