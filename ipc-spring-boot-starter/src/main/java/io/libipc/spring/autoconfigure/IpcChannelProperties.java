package io.libipc.spring.autoconfigure;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcBackend;
import io.libipc.IpcOptions;
import io.libipc.spring.core.IpcChannelSettings;
import io.libipc.spring.support.IpcPayloadFormat;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One channel: {@code ipc.channels.<name>.*}, the values of {@link IpcProperties#getChannels()}.
 * Values are checked as they are bound, so a bad one fails start-up naming the property and the
 * value. (The processor cannot describe the values of a map: their help is hand-written in
 * {@code additional-spring-configuration-metadata.json}, which {@code ConfigurationMetadataTest}
 * checks against this class.)
 */
public class IpcChannelProperties {


    /** route: one sender, many receivers; channel: many senders, many receivers. Both broadcast. */
    private ChannelType type = ChannelType.CHANNEL;

    /** This application's role: sender, receiver or both. */
    private Mode mode = Mode.BOTH;

    /**
     * Ring size, rounded up to a power of two between 4KB and 1GB. The creator's value wins
     * when the channel exists already.
     */
    private DataSize capacity = DataSize.ofMegabytes(1);

    /** Largest message, up to 1GB; larger messages are refused. The creator's value wins. */
    private DataSize maxMessageSize = DataSize.ofMegabytes(16);

    /**
     * How long a send waits for room in a full ring before it evicts receivers a whole ring
     * behind (trySend gives up instead). At least 1ms.
     */
    private Duration sendTimeout = Duration.ofMillis(100);

    /**
     * How long the inbound receive loop waits for a message before it counts a receive timeout
     * (ipc.timeouts, operation=receive) and waits again; also bounds how long stopping it takes.
     * At least 1ms.
     */
    private Duration receiveTimeout = Duration.ofSeconds(1);

    /**
     * How messages travel: raw (payload bytes only; any peer reads them) or embedded-headers
     * (headers travel too; both ends must use it).
     */
    private IpcPayloadFormat payloadFormat = IpcPayloadFormat.RAW;

    /**
     * Spring Integration channel the inbound adapter sends to. Default: a publish-subscribe
     * channel named ipc.&lt;name&gt;.inbound.
     */
    private String inboundChannel;

    /**
     * Spring Integration channel whose messages the outbound handler sends. Default: a direct
     * channel named ipc.&lt;name&gt;.outbound.
     */
    private String outboundChannel;

    /** Whether the inbound adapter starts receiving with the context. */
    private boolean autoStartup = true;

    /** What keeps this channel's messages: native or libipc. Default: ipc.backend. */
    private IpcBackend backend;

    /** {@return {@code ipc.channels.<name>.type}} */
    public ChannelType getType() {
        return type;
    }

    /** @param type {@code ipc.channels.<name>.type} */
    public void setType(ChannelType type) {
        this.type = type;
    }

    /** {@return {@code ipc.channels.<name>.mode}} */
    public Mode getMode() {
        return mode;
    }

    /** @param mode {@code ipc.channels.<name>.mode} */
    public void setMode(Mode mode) {
        this.mode = mode;
    }

    /** {@return {@code ipc.channels.<name>.capacity}} */
    public DataSize getCapacity() {
        return capacity;
    }

    /** @param capacity {@code ipc.channels.<name>.capacity} */
    public void setCapacity(DataSize capacity) {
        IpcOptions.checkCapacity(Objects.requireNonNull(capacity, "capacity").toBytes());
        this.capacity = capacity;
    }

    /** {@return {@code ipc.channels.<name>.max-message-size}} */
    public DataSize getMaxMessageSize() {
        return maxMessageSize;
    }

    /** @param maxMessageSize {@code ipc.channels.<name>.max-message-size} */
    public void setMaxMessageSize(DataSize maxMessageSize) {
        IpcOptions.checkMaxMessageSize(Objects.requireNonNull(maxMessageSize, "max-message-size").toBytes());
        this.maxMessageSize = maxMessageSize;
    }

    /** {@return {@code ipc.channels.<name>.send-timeout}} */
    public Duration getSendTimeout() {
        return sendTimeout;
    }

    /** @param sendTimeout {@code ipc.channels.<name>.send-timeout} */
    public void setSendTimeout(Duration sendTimeout) {
        IpcOptions.checkSendTimeoutMs(Objects.requireNonNull(sendTimeout, "send-timeout").toMillis());
        this.sendTimeout = sendTimeout;
    }

    /** {@return {@code ipc.channels.<name>.receive-timeout}} */
    public Duration getReceiveTimeout() {
        return receiveTimeout;
    }

    /** @param receiveTimeout {@code ipc.channels.<name>.receive-timeout} */
    public void setReceiveTimeout(Duration receiveTimeout) {
        this.receiveTimeout = IpcChannelSettings.checkReceiveTimeout("receive-timeout", receiveTimeout);
    }

    /** {@return {@code ipc.channels.<name>.payload-format}} */
    public IpcPayloadFormat getPayloadFormat() {
        return payloadFormat;
    }

    /** @param payloadFormat {@code ipc.channels.<name>.payload-format} */
    public void setPayloadFormat(IpcPayloadFormat payloadFormat) {
        this.payloadFormat = payloadFormat;
    }

    /** {@return {@code ipc.channels.<name>.inbound-channel}} */
    public String getInboundChannel() {
        return inboundChannel;
    }

    /** @param inboundChannel {@code ipc.channels.<name>.inbound-channel} */
    public void setInboundChannel(String inboundChannel) {
        this.inboundChannel = inboundChannel;
    }

    /** {@return {@code ipc.channels.<name>.outbound-channel}} */
    public String getOutboundChannel() {
        return outboundChannel;
    }

    /** @param outboundChannel {@code ipc.channels.<name>.outbound-channel} */
    public void setOutboundChannel(String outboundChannel) {
        this.outboundChannel = outboundChannel;
    }

    /** {@return {@code ipc.channels.<name>.auto-startup}} */
    public boolean isAutoStartup() {
        return autoStartup;
    }

    /** @param autoStartup {@code ipc.channels.<name>.auto-startup} */
    public void setAutoStartup(boolean autoStartup) {
        this.autoStartup = autoStartup;
    }

    /** {@return {@code ipc.channels.<name>.backend}} */
    public IpcBackend getBackend() {
        return backend;
    }

    /** @param backend {@code ipc.channels.<name>.backend} */
    public void setBackend(IpcBackend backend) {
        this.backend = backend;
    }

    /** The role of this application on a channel. */
    public enum Mode {
        /** Sends only. */
        SENDER(EnumSet.of(ConnMode.SENDER)),
        /** Receives only. */
        RECEIVER(EnumSet.of(ConnMode.RECEIVER)),
        /** Sends and receives (never its own messages). */
        BOTH(EnumSet.of(ConnMode.SENDER, ConnMode.RECEIVER));

        private final Set<ConnMode> connModes;

        Mode(Set<ConnMode> connModes) {
            this.connModes = connModes;
        }

        /**
         * The core's modes for this role.
         *
         * @return the modes
         */
        public Set<ConnMode> connModes() {
            return EnumSet.copyOf(connModes);
        }
    }
}
