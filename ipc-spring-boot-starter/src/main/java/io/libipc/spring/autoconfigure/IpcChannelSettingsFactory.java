package io.libipc.spring.autoconfigure;

import io.libipc.IpcOptions;
import io.libipc.spring.core.IpcChannelSettings;

import java.util.List;

/**
 * Builds the settings of one channel from {@code ipc.*} and {@code ipc.channels.<name>.*}, then
 * lets the {@link IpcChannelCustomizer} beans change its options.
 */
final class IpcChannelSettingsFactory {

    private IpcChannelSettingsFactory() {
    }

    static IpcChannelSettings settings(IpcProperties properties, String name, IpcProperties.Channel channel,
            List<IpcChannelCustomizer> customizers) {
        IpcOptions.Builder options = properties.baseOptions()
                .capacity(channel.getCapacity().toBytes())
                .maxMessageSize(channel.getMaxMessageSize().toBytes())
                .sendTimeoutMs(channel.getSendTimeout().toMillis())
                .backend(channel.getBackend() != null ? channel.getBackend() : properties.getBackend());
        for (IpcChannelCustomizer customizer : customizers) {
            try {
                customizer.customize(name, options);
            } catch (RuntimeException e) {
                // The builder's own message names the option, not the channel nor whose code set it.
                throw new IllegalStateException("cannot customize channel '" + name + "' (customizer="
                        + customizer.getClass().getName() + "): " + e.getMessage(), e);
            }
        }
        return new IpcChannelSettings(name, channel.getType(), channel.getMode().connModes(), options.build(),
                channel.getPayloadFormat(), channel.getReceiveTimeout());
    }
}
