package io.libipc.spring.metrics;

import io.libipc.IpcChannel;
import io.libipc.spring.core.IpcChannelBinding;
import io.libipc.spring.core.IpcChannelBindings;
import io.libipc.spring.core.IpcChannelStatistics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.Objects;

/**
 * Meters of libipc channels, each tagged {@code channel}:
 * <ul>
 *   <li>{@value #SENT}, {@value #RECEIVED}: messages through the template, the outbound handler,
 *       the inbound adapter and the listeners;</li>
 *   <li>{@value #TIMEOUTS} tagged {@code operation=send} (a trySend that found no room or no
 *       receiver in time) or {@code operation=receive} (a receive timeout of the inbound loop);</li>
 *   <li>{@value #LOST}: messages this application's receiver lost to eviction;</li>
 *   <li>{@value #RECEIVERS} (gauge): receivers connected now, dead ones excluded;</li>
 *   <li>{@value #BACKLOG} (gauge): bytes not yet read by the slowest receiver.</li>
 * </ul>
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

    private final IpcChannelBindings bindings;

    /**
     * Creates the binder.
     *
     * @param bindings the channels to meter
     */
    public IpcMetrics(IpcChannelBindings bindings) {
        this.bindings = Objects.requireNonNull(bindings, "bindings");
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
