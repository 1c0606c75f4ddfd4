package io.libipc.spring.autoconfigure;

import io.libipc.spring.core.IpcChannelSettings;

/**
 * Builds the settings of one channel from {@code ipc.*} and {@code ipc.channels.<name>.*}.
 */
final class IpcChannelSettingsFactory {

    private IpcChannelSettingsFactory() {
    }

    static IpcChannelSettings settings(IpcProperties properties, String name, IpcProperties.Channel channel) {
        return new IpcChannelSettings(name, channel.getType(), channel.getMode().connModes(),
                properties.baseOptions()
                        .capacity(channel.getCapacity().toBytes())
                        .maxMessageSize(channel.getMaxMessageSize().toBytes())
                        .sendTimeoutMs(channel.getSendTimeout().toMillis())
                        .build(),
                channel.getPayloadFormat(), channel.getReceiveTimeout());
    }
}
