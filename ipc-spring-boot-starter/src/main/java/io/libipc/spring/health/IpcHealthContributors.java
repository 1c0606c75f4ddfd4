package io.libipc.spring.health;

import io.libipc.spring.core.IpcChannelBinding;
import io.libipc.spring.core.IpcChannelBindings;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the {@code ipc} health contributor: one indicator per channel, so that
 * {@code /actuator/health/ipc} shows every channel and {@code /actuator/health/ipc/<name>} one.
 */
public final class IpcHealthContributors {

    private IpcHealthContributors() {
    }

    /**
     * The composite contributor of all channels.
     *
     * @param bindings the channels
     * @param requireReceivers whether a sending channel without receivers is DOWN
     * @return the contributor
     */
    public static CompositeHealthContributor of(IpcChannelBindings bindings, boolean requireReceivers) {
        Map<String, HealthContributor> byChannel = new LinkedHashMap<>();
        for (IpcChannelBinding binding : bindings.all()) {
            byChannel.put(binding.name(), new IpcChannelHealthIndicator(binding, requireReceivers));
        }
        return CompositeHealthContributor.fromMap(byChannel);
    }
}
