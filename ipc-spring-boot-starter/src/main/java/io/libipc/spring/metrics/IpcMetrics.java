package io.libipc.spring.metrics;

import io.libipc.IpcChannel;
import io.libipc.spring.core.IpcChannelBinding;
import io.libipc.spring.core.IpcChannelBindings;
import io.libipc.spring.core.IpcChannelStatistics;
import io.libipc.spring.core.IpcChannelStatistics.RequestOutcome;
import io.libipc.spring.listener.IpcListenerContainer;
import io.libipc.spring.listener.IpcListenerEndpointRegistry;
import io.libipc.spring.listener.IpcListenerStatistics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Meters of libipc channels, each tagged {@code channel}:
 * <ul>
 *   <li>{@value #SENT}, {@value #RECEIVED}: messages through the template, the outbound handler,
 *       the inbound adapter and the listeners;</li>
 *   <li>{@value #TIMEOUTS} tagged {@code operation=send} (a trySend that found no room or no
 *       receiver in time) or {@code operation=receive} (a receive timeout of the inbound loop);</li>
 *   <li>{@value #LOST}: messages this application's receiver lost to eviction;</li>
 *   <li>{@value #RECEIVERS} (gauge): receivers connected now, dead ones excluded;</li>
 *   <li>{@value #BACKLOG} (gauge): bytes not yet read by the slowest receiver;</li>
 *   <li>{@value #REQUESTS} (function timer) tagged {@code outcome=success|timeout|error}: requests
 *       made with sendAndReceive on the channel, and how long they took;</li>
 *   <li>{@value #LATE_REPLIES}: replies to those that came after their caller gave up (or a second
 *       replier's on a broadcast), dropped;</li>
 *   <li>{@value #FAILED_REPLIES}: replies to requests received on the channel that could not be
 *       sent back (the requester is gone);</li>
 *   <li>{@value #DROPPED} tagged {@code listener}: messages that came while that listener was stopped
 *       (those its hand-off queue held when it stopped included);</li>
 *   <li>{@value #RETRIES}, {@value #FAILURES} tagged {@code listener}: attempts after the first, and
 *       messages whose last attempt failed;</li>
 *   <li>{@value #DEAD_LETTERS} tagged {@code listener} and {@code outcome=sent|failed}: those sent to
 *       the listener's dead-letter channel, and those the channel could not take (lost);</li>
 *   <li>{@value #REJECTED} tagged {@code listener}: messages its full hand-off queue dropped;</li>
 *   <li>{@value #QUEUED} (gauge) tagged {@code listener}: messages waiting in its hand-off queue
 *       (for listeners with hand-off only).</li>
 * </ul>
 * The lost counter and the backlog gauge exist only for channels whose backend counts them.
 * Counters read the binding's counts (function counters), so the send path touches no meter.
 */
public class IpcMetrics implements MeterBinder {

    /** Messages sent. */
    public static final String SENT = "ipc.messages.sent";
    /** Messages received. */
    public static final String RECEIVED = "ipc.messages.received";
    /** Timed-out sends and receives. */
    public static final String TIMEOUTS = "ipc.timeouts";
    /** Messages lost to eviction. */
    public static final String LOST = "ipc.messages.lost";
    /** Connected receivers. */
    public static final String RECEIVERS = "ipc.receivers";
    /** Ring backlog in bytes. */
    public static final String BACKLOG = "ipc.ring.backlog";
    /** Requests made with sendAndReceive, by outcome. */
    public static final String REQUESTS = "ipc.requests";
    /** Replies that came too late. */
    public static final String LATE_REPLIES = "ipc.replies.late";
    /** Replies that could not be sent. */
    public static final String FAILED_REPLIES = "ipc.replies.failed";
    /** Messages a stopped listener missed. */
    public static final String DROPPED = "ipc.messages.dropped";
    /** Listener attempts after the first. */
    public static final String RETRIES = "ipc.listener.retries";
    /** Messages whose last listener attempt failed. */
    public static final String FAILURES = "ipc.listener.failures";
    /** Failed messages sent to (or not taken by) the dead-letter channel. */
    public static final String DEAD_LETTERS = "ipc.listener.dead.letters";
    /** Messages a full hand-off queue dropped. */
    public static final String REJECTED = "ipc.listener.queue.rejected";
    /** Messages waiting in a hand-off queue. */
    public static final String QUEUED = "ipc.listener.queue";

    private final IpcChannelBindings bindings;
    private final IpcListenerEndpointRegistry listeners;

    /**
     * Creates the binder of the channels' meters.
     *
     * @param bindings the channels to meter
     */
    public IpcMetrics(IpcChannelBindings bindings) {
        this(bindings, null);
    }

    /**
     * Creates the binder of the channels' and the listeners' meters.
     *
     * @param bindings the channels to meter
     * @param listeners the listeners whose dropped messages are metered, or null
     */
    public IpcMetrics(IpcChannelBindings bindings, IpcListenerEndpointRegistry listeners) {
        this.bindings = Objects.requireNonNull(bindings, "bindings");
        this.listeners = listeners;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (IpcChannelBinding binding : bindings.all()) {
            String name = binding.name();
            IpcChannelStatistics stats = binding.statistics();
            IpcChannel channel = binding.channel();
            FunctionCounter.builder(SENT, stats, IpcChannelStatistics::sent)
                    .tag("channel", name).description("Messages sent").register(registry);
            FunctionCounter.builder(RECEIVED, stats, IpcChannelStatistics::received)
                    .tag("channel", name).description("Messages received").register(registry);
            FunctionCounter.builder(TIMEOUTS, stats, IpcChannelStatistics::sendTimeouts)
                    .tags("channel", name, "operation", "send").description("Sends that timed out").register(registry);
            FunctionCounter.builder(TIMEOUTS, stats, IpcChannelStatistics::receiveTimeouts)
                    .tags("channel", name, "operation", "receive").description("Receives that timed out").register(registry);
            Gauge.builder(RECEIVERS, channel, IpcMetrics::receiverCount)
                    .tag("channel", name).description("Receivers connected").register(registry);
            if (binding.countsLoss()) {
                FunctionCounter.builder(LOST, channel, IpcChannel::lostMessages)
                        .tag("channel", name).description("Messages this receiver lost to eviction").register(registry);
                Gauge.builder(BACKLOG, channel, IpcMetrics::backlog)
                        .tag("channel", name).baseUnit("bytes").description("Bytes not yet read by the slowest receiver")
                        .register(registry);
            }
            for (RequestOutcome outcome : RequestOutcome.values()) {
                FunctionTimer.builder(REQUESTS, stats, s -> s.requests(outcome), s -> s.requestNanos(outcome),
                                TimeUnit.NANOSECONDS)
                        .tags("channel", name, "outcome", outcome.name().toLowerCase(Locale.ROOT))
                        .description("Requests made with sendAndReceive").register(registry);
            }
            FunctionCounter.builder(LATE_REPLIES, stats, IpcChannelStatistics::lateReplies)
                    .tag("channel", name).description("Replies that came after their caller gave up").register(registry);
            FunctionCounter.builder(FAILED_REPLIES, stats, IpcChannelStatistics::failedReplies)
                    .tag("channel", name).description("Replies that could not be sent back").register(registry);
        }
        if (listeners != null) {
            // Containers are made when the listeners start, after the binders are bound: a callback.
            listeners.forEachContainer(container -> bindListener(registry, container));
        }
    }

    private static void bindListener(MeterRegistry registry, IpcListenerContainer container) {
        Tags tags = Tags.of("channel", container.getEndpoint().channel(), "listener", container.getEndpoint().id());
        IpcListenerStatistics stats = container.statistics();
        FunctionCounter.builder(DROPPED, stats, IpcListenerStatistics::dropped)
                .tags(tags).description("Messages that came while the listener was stopped").register(registry);
        FunctionCounter.builder(RETRIES, stats, IpcListenerStatistics::retries)
                .tags(tags).description("Listener attempts after the first").register(registry);
        FunctionCounter.builder(FAILURES, stats, IpcListenerStatistics::failures)
                .tags(tags).description("Messages whose last listener attempt failed").register(registry);
        FunctionCounter.builder(DEAD_LETTERS, stats, IpcListenerStatistics::deadLetters)
                .tags(tags.and("outcome", "sent")).description("Failed messages sent to the dead-letter channel")
                .register(registry);
        FunctionCounter.builder(DEAD_LETTERS, stats, IpcListenerStatistics::deadLetterFailures)
                .tags(tags.and("outcome", "failed")).description("Failed messages the dead-letter channel did not take")
                .register(registry);
        FunctionCounter.builder(REJECTED, stats, IpcListenerStatistics::rejected)
                .tags(tags).description("Messages the listener's full hand-off queue dropped").register(registry);
        if (container.getSettings().handsOff()) {
            Gauge.builder(QUEUED, container, IpcListenerContainer::queuedCount)
                    .tags(tags).description("Messages waiting in the listener's hand-off queue").register(registry);
        }
    }

    private static double receiverCount(IpcChannel channel) {
        try {
            return channel.receiverCount();
        } catch (RuntimeException e) {
            // Closed or cleared: no number is true any more.
            return Double.NaN;
        }
    }

    private static double backlog(IpcChannel channel) {
        try {
            return channel.backlogBytes();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
