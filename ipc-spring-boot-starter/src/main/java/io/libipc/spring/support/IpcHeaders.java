package io.libipc.spring.support;

/**
 * Names of the message headers the starter sets and reads, all with the prefix {@value #PREFIX}.
 * Headers that arrive from the sending process (when the channel's payload format embeds them)
 * keep their own names. {@link #CHANNEL}, {@link #LOST_MESSAGES} and {@link #RAW_SIZE} are added by
 * the receiving side and never travel; the request/reply headers and the dead-letter headers
 * travel (they need the embedded-headers payload format).
 */
public final class IpcHeaders {

    /** The prefix of every header defined here. */
    public static final String PREFIX = "ipc_";

    /** The libipc channel a message arrived on ({@code String}). */
    public static final String CHANNEL = PREFIX + "channel";

    /**
     * How many messages the receiving handle has lost to eviction so far ({@code Long}): a
     * receiver a whole ring behind a sender is evicted rather than block it; this counter says so.
     * Absent on channels whose backend does not count them ({@code backend: libipc}).
     */
    public static final String LOST_MESSAGES = PREFIX + "lostMessages";

    /** The number of bytes the message had on the channel ({@code Integer}). */
    public static final String RAW_SIZE = PREFIX + "rawSize";

    /**
     * The id that ties a reply to its request ({@code String}): set by {@code sendAndReceive} on the
     * request, copied onto the reply by the replier.
     */
    public static final String CORRELATION_ID = PREFIX + "correlationId";

    /**
     * The channel a request's reply goes to ({@code String}): the requesting application's own. It
     * makes a message a request, so it travels only on requests made with {@code sendAndReceive}
     * (or an outbound gateway): a received request sent on with {@code send}, the outbound adapter,
     * {@code @SendTo} or as a reply leaves it behind, and its new receivers do not answer the
     * first requester.
     */
    public static final String REPLY_CHANNEL = PREFIX + "replyChannel";

    /** On a reply: the channel its request arrived on ({@code String}), for the requester's meters. */
    public static final String REQUEST_CHANNEL = PREFIX + "requestChannel";

    /** On a reply: the class name of the exception the replier's method threw ({@code String}). */
    public static final String REMOTE_EXCEPTION = PREFIX + "remoteException";

    /** On a reply: the message of the exception the replier's method threw ({@code String}). */
    public static final String REMOTE_EXCEPTION_MESSAGE = PREFIX + "remoteExceptionMessage";

    /** On a reply: true when the replier's method returned null ({@code Boolean}). */
    public static final String NULL_REPLY = PREFIX + "nullReply";

    /**
     * On a dead letter: the channel the failed message arrived on ({@code String}). A dead letter
     * carries the failed message's payload and headers unchanged, plus the {@code ipc_dlt*} headers.
     */
    public static final String DLT_ORIGINAL_CHANNEL = PREFIX + "dltOriginalChannel";

    /** On a dead letter: the id of the listener that failed ({@code String}). */
    public static final String DLT_LISTENER = PREFIX + "dltListener";

    /** On a dead letter: the class name of the exception of the last attempt ({@code String}). */
    public static final String DLT_EXCEPTION = PREFIX + "dltException";

    /** On a dead letter: the message of the exception of the last attempt ({@code String}, absent when it had none). */
    public static final String DLT_EXCEPTION_MESSAGE = PREFIX + "dltExceptionMessage";

    /** On a dead letter: how many attempts were made ({@code Integer}). */
    public static final String DLT_ATTEMPTS = PREFIX + "dltAttempts";

    private IpcHeaders() {
    }
}
