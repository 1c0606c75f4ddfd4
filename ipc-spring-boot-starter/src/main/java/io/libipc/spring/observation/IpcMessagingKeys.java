package io.libipc.spring.observation;

/**
 * The key names of the starter's observations: OpenTelemetry's messaging semantic conventions
 * ({@code messaging.*}), plus the listener's id.
 */
public final class IpcMessagingKeys {

    /** The messaging system: always {@value #SYSTEM_VALUE}. */
    public static final String SYSTEM = "messaging.system";
    /** The value of {@link #SYSTEM}. */
    public static final String SYSTEM_VALUE = "libipc";
    /** The channel name. */
    public static final String DESTINATION_NAME = "messaging.destination.name";
    /** {@code publish} for a send, {@code process} for a listener invocation. */
    public static final String OPERATION = "messaging.operation";
    /** The correlation id of a request or a reply (high cardinality). */
    public static final String CONVERSATION_ID = "messaging.message.conversation_id";
    /** The id of the listener invoked. */
    public static final String LISTENER_ID = "ipc.listener.id";

    private IpcMessagingKeys() {
    }
}
