package io.libipc;

/**
 * The two kinds of channel, as in libipc. Both broadcast: every connected receiver gets every
 * message sent after it connected.
 */
public enum ChannelType {
    /** One live sender, many receivers. A second live sender is refused; a dead one's place is taken back at once. */
    ROUTE(0),
    /** Many senders, many receivers; all receivers see one global order, FIFO per sender. */
    CHANNEL(1);

    private final int code;

    ChannelType(int code) {
        this.code = code;
    }

    /**
     * The numeric code used by libipc and the Python wrapper.
     *
     * @return 0 for {@link #ROUTE}, 1 for {@link #CHANNEL}
     */
    public int code() {
        return code;
    }
}
