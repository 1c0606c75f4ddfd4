package io.libipc.spring.autoconfigure;

import io.libipc.ChannelType;
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

    /** Whether libipc channels, the template and the listeners are set up. */
    private boolean enabled = true;

    /**
     * Prefix of the storage file names: a channel lives in {@code <storage-directory>/<name-prefix><name>}.
     * Processes that talk must use the same prefix.
     */
    private String namePrefix = "libipc.";

    /** Directory of the storage files. Default: /dev/shm, else the temporary directory. */
    private String storageDirectory;

    /** Permissions of storage files this application creates, e.g. rw-rw---- to share with a group. */
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

    /** The channels, by name (1-200 characters of [A-Za-z0-9._-]; use [a.b] for names with dots). */
    private Map<String, Channel> channels = new LinkedHashMap<>();

    /** Health contributor settings. */
    private final Health health = new Health();

    /**
     * Whether libipc is set up.
     *
     * @return the flag
     */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Sets whether libipc is set up.
     *
     * @param enabled the flag
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * The storage file name prefix.
     *
     * @return the prefix
     */
    public String getNamePrefix() {
        return namePrefix;
    }

    /**
     * Sets the storage file name prefix; checked by the core's rules.
     *
     * @param namePrefix the prefix
     */
    public void setNamePrefix(String namePrefix) {
        // The core's own check, run while binding so that a failure names the property and value.
        IpcOptions.builder().namePrefix(namePrefix);
        this.namePrefix = namePrefix;
    }

    /**
     * The storage directory.
     *
     * @return the directory, or null for the default
     */
    public String getStorageDirectory() {
        return storageDirectory;
    }

    /**
     * Sets the storage directory.
     *
     * @param storageDirectory the directory
     */
    public void setStorageDirectory(String storageDirectory) {
        this.storageDirectory = storageDirectory;
    }

    /**
     * The permissions of created storage files.
     *
     * @return e.g. rw-------
     */
    public String getFilePermissions() {
        return filePermissions;
    }

    /**
     * Sets the permissions of created storage files; must include owner read and write.
     *
     * @param filePermissions e.g. rw-rw----
     */
    public void setFilePermissions(String filePermissions) {
        IpcOptions.builder().filePermissions(filePermissions);
        this.filePermissions = filePermissions;
    }

    /**
     * The wait strategy.
     *
     * @return the strategy
     */
    public IpcWaitStrategy getWaitStrategy() {
        return waitStrategy;
    }

    /**
     * Sets the wait strategy.
     *
     * @param waitStrategy the strategy
     */
    public void setWaitStrategy(IpcWaitStrategy waitStrategy) {
        this.waitStrategy = waitStrategy;
    }

    /**
     * The spin time before sleeping.
     *
     * @return the duration
     */
    public Duration getSpin() {
        return spin;
    }

    /**
     * Sets the spin time before sleeping; zero or more.
     *
     * @param spin the duration
     */
    public void setSpin(Duration spin) {
        if (spin == null || spin.isNegative()) {
            throw new IllegalArgumentException("spin must be zero or positive: spin=" + spin);
        }
        this.spin = spin;
    }

    /**
     * The channels by name.
     *
     * @return the channels
     */
    public Map<String, Channel> getChannels() {
        return channels;
    }

    /**
     * Sets the channels by name.
     *
     * @param channels the channels
     */
    public void setChannels(Map<String, Channel> channels) {
        this.channels = channels;
    }

    /**
     * The health contributor settings.
     *
     * @return the settings
     */
    public Health getHealth() {
        return health;
    }

    // Defaults are literals, not IpcOptions constants, so that the configuration processor can
    // put them in the metadata; IpcAutoConfigurationTest.propertyDefaultsAreTheCoresDefaults
    // checks they equal the core's.

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
         * behind (trySend gives up instead).
         */
        private Duration sendTimeout = Duration.ofMillis(100);

        /**
         * How long the inbound receive loop waits for a message before it counts a receive timeout
         * (ipc.timeouts, operation=receive) and waits again; also bounds how long stopping it takes.
         */
        // IpcChannelSettings.DEFAULT_RECEIVE_TIMEOUT, as a literal for the configuration processor.
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

        /**
         * The channel type.
         *
         * @return route or channel
         */
        public ChannelType getType() {
            return type;
        }

        /**
         * Sets the channel type.
         *
         * @param type route or channel
         */
        public void setType(ChannelType type) {
            this.type = type;
        }

        /**
         * This application's role.
         *
         * @return the mode
         */
        public Mode getMode() {
            return mode;
        }

        /**
         * Sets this application's role.
         *
         * @param mode sender, receiver or both
         */
        public void setMode(Mode mode) {
            this.mode = mode;
        }

        /**
         * The ring size.
         *
         * @return the size
         */
        public DataSize getCapacity() {
            return capacity;
        }

        /**
         * Sets the ring size.
         *
         * @param capacity between 4KB and 1GB
         */
        public void setCapacity(DataSize capacity) {
            IpcOptions.builder().capacity(Objects.requireNonNull(capacity, "capacity").toBytes());
            this.capacity = capacity;
        }

        /**
         * The largest message.
         *
         * @return the size
         */
        public DataSize getMaxMessageSize() {
            return maxMessageSize;
        }

        /**
         * Sets the largest message.
         *
         * @param maxMessageSize between 1B and 1GB
         */
        public void setMaxMessageSize(DataSize maxMessageSize) {
            IpcOptions.builder().maxMessageSize(Objects.requireNonNull(maxMessageSize, "max-message-size").toBytes());
            this.maxMessageSize = maxMessageSize;
        }

        /**
         * The send timeout.
         *
         * @return the timeout
         */
        public Duration getSendTimeout() {
            return sendTimeout;
        }

        /**
         * Sets the send timeout.
         *
         * @param sendTimeout positive, at least 1ms
         */
        public void setSendTimeout(Duration sendTimeout) {
            IpcOptions.builder().sendTimeoutMs(Objects.requireNonNull(sendTimeout, "send-timeout").toMillis());
            this.sendTimeout = sendTimeout;
        }

        /**
         * The inbound loop's receive timeout.
         *
         * @return the timeout
         */
        public Duration getReceiveTimeout() {
            return receiveTimeout;
        }

        /**
         * Sets the inbound loop's receive timeout.
         *
         * @param receiveTimeout positive, at least 1ms
         */
        public void setReceiveTimeout(Duration receiveTimeout) {
            this.receiveTimeout = IpcChannelSettings.checkReceiveTimeout("receive-timeout", receiveTimeout);
        }

        /**
         * The payload format.
         *
         * @return raw or embedded-headers
         */
        public IpcPayloadFormat getPayloadFormat() {
            return payloadFormat;
        }

        /**
         * Sets the payload format.
         *
         * @param payloadFormat raw or embedded-headers
         */
        public void setPayloadFormat(IpcPayloadFormat payloadFormat) {
            this.payloadFormat = payloadFormat;
        }

        /**
         * The Spring Integration channel the inbound adapter sends to.
         *
         * @return the name, or null for the default
         */
        public String getInboundChannel() {
            return inboundChannel;
        }

        /**
         * Sets the Spring Integration channel the inbound adapter sends to.
         *
         * @param inboundChannel a message channel bean name
         */
        public void setInboundChannel(String inboundChannel) {
            this.inboundChannel = inboundChannel;
        }

        /**
         * The Spring Integration channel the outbound handler consumes.
         *
         * @return the name, or null for the default
         */
        public String getOutboundChannel() {
            return outboundChannel;
        }

        /**
         * Sets the Spring Integration channel the outbound handler consumes.
         *
         * @param outboundChannel a message channel bean name
         */
        public void setOutboundChannel(String outboundChannel) {
            this.outboundChannel = outboundChannel;
        }

        /**
         * Whether the inbound adapter starts with the context.
         *
         * @return the flag
         */
        public boolean isAutoStartup() {
            return autoStartup;
        }

        /**
         * Sets whether the inbound adapter starts with the context.
         *
         * @param autoStartup the flag
         */
        public void setAutoStartup(boolean autoStartup) {
            this.autoStartup = autoStartup;
        }
    }

    /** The health contributor: {@code ipc.health.*} (switched off with management.health.ipc.enabled=false). */
    public static class Health {

        /**
         * Whether a channel that sends but has no receiver connected is reported DOWN (else UP,
         * with receivers=0 in its details).
         */
        private boolean requireReceivers = false;

        /**
         * Whether a sending channel without receivers is DOWN.
         *
         * @return the flag
         */
        public boolean isRequireReceivers() {
            return requireReceivers;
        }

        /**
         * Sets whether a sending channel without receivers is DOWN.
         *
         * @param requireReceivers the flag
         */
        public void setRequireReceivers(boolean requireReceivers) {
            this.requireReceivers = requireReceivers;
        }
    }
}
