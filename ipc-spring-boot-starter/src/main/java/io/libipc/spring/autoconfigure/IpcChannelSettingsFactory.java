package io.libipc.spring.autoconfigure;

import io.libipc.IpcBackend;
import io.libipc.IpcOptions;
import io.libipc.spring.core.IpcChannelSettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.util.List;

/**
 * Builds the settings of one channel from {@code ipc.*} and {@code ipc.channels.<name>.*}, then
 * lets the {@link IpcChannelCustomizer} beans change its options.
 */
final class IpcChannelSettingsFactory {

    private static final Log logger = LogFactory.getLog(IpcChannelSettingsFactory.class);

    private IpcChannelSettingsFactory() {
    }

    static IpcChannelSettings settings(IpcProperties properties, String name, IpcChannelProperties channel,
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
        IpcChannelSettings settings = new IpcChannelSettings(name, channel.getType(), channel.getMode().connModes(),
                options.build(), channel.getPayloadFormat(), channel.getReceiveTimeout());
        if (settings.options().backend() == IpcBackend.LIBIPC && channel.getMode() == IpcChannelProperties.Mode.BOTH) {
            // cpp-ipc keeps a sending and receiving handle's own messages for its own receiver: one
            // that is never read fills libipc's ring, and sends then wait their timeout.
            logger.warn("channel '" + name + "' uses backend libipc with mode both: cpp-ipc holds this"
                    + " application's own messages for its receiver too, so unless a listener or flow receives"
                    + " from it, set ipc.channels." + name + ".mode to sender (or receiver)");
        }
        return settings;
    }
}
