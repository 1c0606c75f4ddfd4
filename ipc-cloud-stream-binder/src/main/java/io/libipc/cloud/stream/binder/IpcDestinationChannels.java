package io.libipc.cloud.stream.binder;

import io.libipc.ConnMode;
import io.libipc.IpcOptions;
import io.libipc.cloud.stream.binder.properties.IpcChannelProperties;
import io.libipc.cloud.stream.binder.properties.IpcConsumerProperties;
import io.libipc.cloud.stream.binder.properties.IpcProducerProperties;
import io.libipc.spring.autoconfigure.IpcProperties;
import io.libipc.spring.core.IpcChannelBinding;
import io.libipc.spring.core.IpcChannelSettings;
import io.libipc.spring.support.IpcMessageMapper;
import io.libipc.spring.support.IpcPayloadConverter;
import io.libipc.spring.support.IpcPayloadFormat;
import org.springframework.integration.mapping.BytesMessageMapper;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Opens the libipc channels of the binder's bindings with the starter's {@link IpcChannelBinding}:
 * where channels live and how processes wait come from {@code ipc.*} (name prefix, storage
 * directory, file permissions, wait strategy, spin, backend), as for the starter's own channels;
 * what a binding says about its channel from {@code spring.cloud.stream.libipc.bindings.<binding>.*}.
 * Safe for use from many threads.
 */
final class IpcDestinationChannels {

    private final IpcProperties ipcProperties;
    private final IpcPayloadConverter payloadConverter;
    private final BytesMessageMapper headersMapper;

    /**
     * Channels for the binder.
     *
     * @param ipcProperties the {@code ipc.*} properties
     * @param payloadConverter turns payloads that are not bytes yet into bytes (native encoding)
     * @param headersMapper the embedded-headers mapper
     */
    IpcDestinationChannels(IpcProperties ipcProperties, IpcPayloadConverter payloadConverter,
            BytesMessageMapper headersMapper) {
        this.ipcProperties = Objects.requireNonNull(ipcProperties, "ipcProperties");
        this.payloadConverter = Objects.requireNonNull(payloadConverter, "payloadConverter");
        this.headersMapper = Objects.requireNonNull(headersMapper, "headersMapper");
    }

    /**
     * Where channels live and how processes wait, without any one channel's sizes.
     *
     * @return a builder holding the {@code ipc.*} values
     */
    IpcOptions.Builder baseOptions() {
        return ipcProperties.baseOptions().backend(ipcProperties.getBackend());
    }

    /**
     * Opens a consumer binding's channel as a receiver: messages sent from now on reach it.
     *
     * @param channel the channel name
     * @param properties the binding's libipc consumer properties
     * @return the open binding
     */
    IpcChannelBinding openReceiver(String channel, IpcConsumerProperties properties) {
        return open(channel, properties, EnumSet.of(ConnMode.RECEIVER), options(properties), properties.getReceiveTimeout());
    }

    /**
     * Opens a producer binding's channel as a sender.
     *
     * @param channel the channel name
     * @param properties the binding's libipc producer properties
     * @return the open binding
     */
    IpcChannelBinding openSender(String channel, IpcProducerProperties properties) {
        return open(channel, properties, EnumSet.of(ConnMode.SENDER),
                options(properties).sendTimeoutMs(properties.getSendTimeout().toMillis()),
                IpcChannelSettings.DEFAULT_RECEIVE_TIMEOUT);
    }

    private IpcOptions.Builder options(IpcChannelProperties properties) {
        return baseOptions().capacity(properties.getCapacity().toBytes())
                .maxMessageSize(properties.getMaxMessageSize().toBytes());
    }

    private IpcChannelBinding open(String channel, IpcChannelProperties properties, Set<ConnMode> modes,
            IpcOptions.Builder options, Duration receiveTimeout) {
        IpcPayloadFormat format = properties.getPayloadFormat();
        IpcChannelSettings settings = new IpcChannelSettings(channel, properties.getChannelType(), modes, options.build(),
                format, receiveTimeout);
        return new IpcChannelBinding(settings, new IpcMessageMapper(format, payloadConverter, headersMapper));
    }
}
