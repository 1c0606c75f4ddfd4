package io.libipc.spring.autoconfigure;

import io.libipc.IpcBackend;
import io.libipc.IpcChannel;
import io.libipc.IpcOptions;
import io.libipc.IpcWaitStrategy;
import io.libipc.spring.core.IpcChannelSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

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
    private Map<String, IpcChannelProperties> channels = new LinkedHashMap<>();

    /** Health contributor settings. */
    private final Health health = new Health();

    /** What every @IpcListener does unless its own attributes say otherwise. */
    @NestedConfigurationProperty
    private final IpcListenerProperties listener = new IpcListenerProperties();

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
    public Map<String, IpcChannelProperties> getChannels() {
        return channels;
    }

    /** @param channels {@code ipc.channels} */
    public void setChannels(Map<String, IpcChannelProperties> channels) {
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

    /** {@return {@code ipc.listener}} */
    public IpcListenerProperties getListener() {
        return listener;
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
