package io.libipc.spring.health;

import io.libipc.IpcChannel;
import io.libipc.IpcException;
import io.libipc.spring.core.IpcChannelBinding;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.util.Objects;

/**
 * The health of one channel. DOWN, with the reason, when the channel is closed, disconnected or
 * its storage is unusable (cleared, removed); DOWN when it sends, nobody receives and receivers
 * are required. Details: type, modes, receivers, capacity, backlog (bytes not yet read by the
 * slowest receiver) and fill (backlog / capacity), lost messages, storage file.
 */
public class IpcChannelHealthIndicator implements HealthIndicator {

    private final IpcChannelBinding binding;
    private final boolean requireReceivers;

    /**
     * Creates the indicator.
     *
     * @param binding the channel
     * @param requireReceivers whether a sending channel without receivers is DOWN
     */
    public IpcChannelHealthIndicator(IpcChannelBinding binding, boolean requireReceivers) {
        this.binding = Objects.requireNonNull(binding, "binding");
        this.requireReceivers = requireReceivers;
    }

    @Override
    public Health health() {
        IpcChannel channel = binding.channel();
        Health.Builder builder = Health.unknown()
                .withDetail("type", channel.type().name())
                .withDetail("backend", channel.options().backend().name())
                .withDetail("modes", binding.settings().modes().toString())
                .withDetail("storage", channel.storagePath().toString());
        if (channel.isClosed()) {
            return builder.down().withDetail("reason", "channel is closed").build();
        }
        if (!channel.isConnected()) {
            return builder.down().withDetail("reason", "channel is disconnected").build();
        }
        int receivers;
        long backlog;
        try {
            receivers = channel.receiverCount();
            backlog = binding.countsLoss() ? channel.backlogBytes() : -1;
        } catch (IpcException e) {
            return builder.down().withDetail("reason", e.getMessage()).withDetail("status", e.status().name()).build();
        }
        int capacity = channel.capacity();
        builder.withDetail("receivers", receivers)
                .withDetail("capacity", capacity)
                .withDetail("maxMessageSize", channel.maxMessageSize());
        if (backlog >= 0) {
            // libipc tells neither: its channels show no backlog, fill or lost count.
            builder.withDetail("backlogBytes", backlog)
                    .withDetail("fill", Math.round(1000.0 * backlog / capacity) / 1000.0)
                    .withDetail("lostMessages", channel.lostMessages());
        }
        if (receivers == 0 && binding.settings().sends() && requireReceivers) {
            return builder.down().withDetail("reason", "no receiver is connected (ipc.health.require-receivers=true)").build();
        }
        return builder.up().build();
    }
}
