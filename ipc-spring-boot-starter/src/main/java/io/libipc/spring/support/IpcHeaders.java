package io.libipc.spring.support;

/**
 * Names of the message headers the starter sets and reads, all with the prefix {@value #PREFIX}.
 * Headers that arrive from the sending process (when the channel's payload format embeds them)
 * keep their own names; these are added by the receiving side.
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

    private IpcHeaders() {
    }
}
