package io.libipc.spring.autoconfigure;

import io.libipc.ChannelType;
import io.libipc.IpcBackend;
import io.libipc.IpcChannel;
import io.libipc.ConnMode;
import io.libipc.IpcOptions;
import io.libipc.IpcWaitStrategy;
import io.libipc.spring.core.IpcChannelSettings;
import io.libipc.spring.support.IpcPayloadFormat;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Configuration of libipc channels: {@code ipc.*}. Values are checked as they are bound, so a bad
 * one fails start-up with a message naming the property and the value.
 */
@ConfigurationProperties(prefix = "ipc")
public class IpcProperties {

    // Javadoc on the fields only: the configuration processor makes it the IDE help (the per-channel
    // keys' help is hand-written in additional-spring-configuration-metadata.json). Accessors get
    // only the one line that javadoc -Xdoclint:all asks for. Defaults are literals, not IpcOptions
    // or IpcChannelSettings constants, so that the processor can put them in the metadata;
    // IpcAutoConfigurationTest checks they equal those constants.

    /** Whether libipc channels, the template and the listeners are set up. */
    private boolean enabled = true;

    /**
     * Prefix of the storage file names: a channel lives in {@code <storage-directory>/<name-prefix><name>}.
     * Processes that talk must use the same prefix.
     */
    private String namePrefix = "libipc.";

    /** Directory of the storage files. Default: /dev/shm, else the temporary directory. */
    private String storageDirectory;

    /**
     * Permissions of storage files this application creates, e.g. rw-rw---- to share with a group;
     * the owner must keep read and write.
     */
    private String filePermissions = "rw-------";

    /**
     * How a receiver waits for messages: auto (futex where available, else portable), futex, or
     * portable (spin, then park; for platforms without futex).
     */
    private IpcWaitStrategy waitStrategy = IpcWaitStrategy.AUTO;

    /**
     * How long a waiting receiver or sender spins before it sleeps: more trades CPU for latency.
     */
    private Duration spin = Duration.ofNanos(50000);

    /**
     * What keeps every channel's messages unless the channel says otherwise: native (this library's
     * own format) or libipc (libipc's format, through cpp-ipc, to talk to C++ and Python libipc
     * processes; needs the io.libipc:ipc-libipc module and its libipc_c library).
     */
    private IpcBackend backend = IpcBackend.NATIVE;

    /**
     * How long sendAndReceive waits for a reply when the call names no timeout; a reply that comes
     * later is dropped and counted (ipc.replies.late).
     */
    private Duration replyTimeout = Duration.ofSeconds(5);

    /**
     * This application's reply channel, created at its first request and removed when it stops.
     * Default: &lt;spring.application.name&gt;.replies (application.replies without a name). Two
     * requesting applications on one host need different ones.
     */
    private String replyChannel;

    /** The channels, by name (1-200 characters of [A-Za-z0-9._-]; use [a.b] for names with dots). */
    private Map<String, Channel> channels = new LinkedHashMap<>();

    /** Health contributor settings. */
    private final Health health = new Health();

    /** Observation settings. */
    private final Observation observation = new Observation();

    /** {@return {@code ipc.enabled}} */
    public boolean isEnabled() {
        return enabled;
    }

    /** @param enabled {@code ipc.enabled} */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** {@return {@code ipc.name-prefix}} */
    public String getNamePrefix() {
        return namePrefix;
    }

    /** @param namePrefix {@code ipc.name-prefix} */
    public void setNamePrefix(String namePrefix) {
        // The core's own check, run while binding so that a failure names the property and value.
        IpcOptions.builder().namePrefix(namePrefix);
        this.namePrefix = namePrefix;
    }

    /** {@return {@code ipc.storage-directory}} */
    public String getStorageDirectory() {
        return storageDirectory;
    }

    /** @param storageDirectory {@code ipc.storage-directory} */
    public void setStorageDirectory(String storageDirectory) {
        this.storageDirectory = storageDirectory;
    }

    /** {@return {@code ipc.file-permissions}} */
    public String getFilePermissions() {
        return filePermissions;
    }

    /** @param filePermissions {@code ipc.file-permissions} */
    public void setFilePermissions(String filePermissions) {
        IpcOptions.builder().filePermissions(filePermissions);
        this.filePermissions = filePermissions;
    }

    /** {@return {@code ipc.wait-strategy}} */
    public IpcWaitStrategy getWaitStrategy() {
        return waitStrategy;
    }

    /** @param waitStrategy {@code ipc.wait-strategy} */
    public void setWaitStrategy(IpcWaitStrategy waitStrategy) {
        this.waitStrategy = waitStrategy;
    }

    /** {@return {@code ipc.spin}} */
    public Duration getSpin() {
        return spin;
    }

    /** @param spin {@code ipc.spin} */
    public void setSpin(Duration spin) {
        if (spin == null || spin.isNegative()) {
            throw new IllegalArgumentException("spin must be zero or positive: spin=" + spin);
        }
        this.spin = spin;
    }

    /** {@return {@code ipc.channels}} */
    public Map<String, Channel> getChannels() {
        return channels;
    }

    /** @param channels {@code ipc.channels} */
    public void setChannels(Map<String, Channel> channels) {
        this.channels = channels;
    }

    /** {@return {@code ipc.backend}} */
    public IpcBackend getBackend() {
        return backend;
    }

    /** @param backend {@code ipc.backend} */
    public void setBackend(IpcBackend backend) {
        this.backend = Objects.requireNonNull(backend, "backend");
    }

    /** {@return {@code ipc.reply-timeout}} */
    public Duration getReplyTimeout() {
        return replyTimeout;
    }

    /** @param replyTimeout {@code ipc.reply-timeout} */
    public void setReplyTimeout(Duration replyTimeout) {
        // The same rule as a receive timeout: whole milliseconds, at least one.
        this.replyTimeout = IpcChannelSettings.checkReceiveTimeout("reply-timeout", replyTimeout);
    }

    /** {@return {@code ipc.reply-channel}} */
    public String getReplyChannel() {
        return replyChannel;
    }

    /** @param replyChannel {@code ipc.reply-channel} */
    public void setReplyChannel(String replyChannel) {
        this.replyChannel = replyChannel == null || replyChannel.isBlank() ? null : IpcChannel.validateName(replyChannel);
    }

    /** {@return {@code ipc.observation}} */
    public Observation getObservation() {
        return observation;
    }

    /** {@return {@code ipc.health}} */
    public Health getHealth() {
        return health;
    }

    /**
     * The core options every channel starts from (before its own capacity, sizes and timeouts).
     *
     * @return the options
     */
    public IpcOptions.Builder baseOptions() {
        IpcOptions.Builder builder = IpcOptions.builder()
                .namePrefix(namePrefix)
                .filePermissions(filePermissions)
                .waitStrategy(waitStrategy)
                .spinNanos(spin.toNanos());
        if (storageDirectory != null && !storageDirectory.isBlank()) {
            builder.storageDirectory(java.nio.file.Path.of(storageDirectory));
        }
        return builder;
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

    /** One channel: {@code ipc.channels.<name>.*}. */
    public static class Channel {

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
    }

    /** Micrometer observations: {@code ipc.observation.*}. */
    public static class Observation {

        /**
         * Whether sends are observed (ipc.send), when the application has an ObservationRegistry.
         * Off by default: an observation costs microseconds and kilobytes per message.
         */
        private boolean senderEnabled;

        /**
         * Whether listener invocations are observed (ipc.listener), when the application has an
         * ObservationRegistry. Off by default, as sends.
         */
        private boolean listenerEnabled;

        /** {@return {@code ipc.observation.sender-enabled}} */
        public boolean isSenderEnabled() {
            return senderEnabled;
        }

        /** @param senderEnabled {@code ipc.observation.sender-enabled} */
        public void setSenderEnabled(boolean senderEnabled) {
            this.senderEnabled = senderEnabled;
        }

        /** {@return {@code ipc.observation.listener-enabled}} */
        public boolean isListenerEnabled() {
            return listenerEnabled;
        }

        /** @param listenerEnabled {@code ipc.observation.listener-enabled} */
        public void setListenerEnabled(boolean listenerEnabled) {
            this.listenerEnabled = listenerEnabled;
        }
    }

    /** The health contributor: {@code ipc.health.*} (switched off with management.health.ipc.enabled=false). */
    public static class Health {

        /**
         * Whether a channel that sends but has no receiver connected is reported DOWN (else UP,
         * with receivers=0 in its details).
         */
        private boolean requireReceivers = false;

        /** {@return {@code ipc.health.require-receivers}} */
        public boolean isRequireReceivers() {
            return requireReceivers;
        }

        /** @param requireReceivers {@code ipc.health.require-receivers} */
        public void setRequireReceivers(boolean requireReceivers) {
            this.requireReceivers = requireReceivers;
        }
    }
}
