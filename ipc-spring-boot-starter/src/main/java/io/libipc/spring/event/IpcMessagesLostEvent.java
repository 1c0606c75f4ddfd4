package io.libipc.spring.event;

import org.springframework.context.ApplicationEvent;

/**
 * This application's receiver on a channel learned that it lost messages: a sender found it a
 * whole ring behind and evicted it, so the messages in between never reach its listeners or flows.
 * Published on the channel's receive thread (its inbound adapter's) as soon as the receiver learns
 * it, before the first message after the gap is passed on; keep listeners of the event quick, or
 * make them {@code @Async}. The same loss shows in the meter {@code ipc.messages.lost} and the
 * header {@code ipc_lostMessages}.
 *
 * <p>Channels whose backend does not count lost messages ({@code backend: libipc}) never publish
 * it: cpp-ipc drops a lagging receiver's messages without telling it.
 */
public class IpcMessagesLostEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    /** The channel's name. */
    private final String channel;
    /** Messages lost since the receiver last learned of a loss. */
    private final long count;
    /** Messages lost by the receiver since it opened. */
    private final long total;

    /**
     * Creates the event.
     *
     * @param source the component that received (the inbound adapter)
     * @param channel the channel's name
     * @param count messages lost since the last such event
     * @param total messages lost since the receiver opened
     */
    public IpcMessagesLostEvent(Object source, String channel, long count, long total) {
        super(source);
        this.channel = channel;
        this.count = count;
        this.total = total;
    }

    /**
     * The channel that lost messages.
     *
     * @return its name under {@code ipc.channels}
     */
    public String getChannel() {
        return channel;
    }

    /**
     * Messages lost since the receiver last learned of a loss (since it opened, for the first event).
     *
     * @return the count, positive
     */
    public long getCount() {
        return count;
    }

    /**
     * Messages the receiver lost since it opened, this loss included.
     *
     * @return the total
     */
    public long getTotal() {
        return total;
    }

    @Override
    public String toString() {
        return "IpcMessagesLostEvent{channel=" + channel + ", count=" + count + ", total=" + total + "}";
    }
}
