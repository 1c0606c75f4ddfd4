package io.libipc;

import io.libipc.internal.engine.ChannelNames;
import io.libipc.internal.engine.Errors;
import io.libipc.internal.storage.StorageDescriptor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a user tunes on a channel, immutable; build one with {@link #builder()}.
 *
 * <p>{@link #capacity()} and {@link #maxMessageSize()} belong to the channel: the handle that
 * creates the storage file sets them, and handles opening an existing channel use the values stored
 * in it (whatever they asked for). Timeouts, the wait strategy and spinning are per handle.
 *
 * <table>
 *   <caption>Options and defaults</caption>
 *   <tr><th>option</th><th>default</th></tr>
 *   <tr><td>capacity</td><td>1 MiB (rounded up to a power of two, 4 KiB to 1 GiB)</td></tr>
 *   <tr><td>maxMessageSize</td><td>16 MiB (up to 1 GiB; may exceed the capacity)</td></tr>
 *   <tr><td>sendTimeoutMs</td><td>100 ms (libipc's)</td></tr>
 *   <tr><td>receiveTimeoutMs</td><td>0: wait without limit</td></tr>
 *   <tr><td>namePrefix</td><td>{@code libipc.}</td></tr>
 *   <tr><td>storageDirectory</td><td>{@code /dev/shm}, or {@code java.io.tmpdir} where it does not exist</td></tr>
 *   <tr><td>filePermissions</td><td>{@code rw-------} (0600)</td></tr>
 *   <tr><td>waitStrategy</td><td>{@link IpcWaitStrategy#AUTO}</td></tr>
 *   <tr><td>spinNanos</td><td>50 000 ns</td></tr>
 *   <tr><td>backend</td><td>{@link IpcBackend#NATIVE}</td></tr>
 * </table>
 */
public final class IpcOptions {

    /** Default ring capacity in bytes: 1 MiB. */
    public static final int DEFAULT_CAPACITY = 1 << 20;
    /** Smallest ring capacity in bytes. */
    public static final int MIN_CAPACITY = StorageDescriptor.MIN_CAPACITY;
    /** Largest ring capacity in bytes: 1 GiB. */
    public static final int MAX_CAPACITY = StorageDescriptor.MAX_CAPACITY;
    /** Default largest message in bytes: 16 MiB. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 16 << 20;
    /** Upper bound of {@link #maxMessageSize()}: 1 GiB. */
    public static final int MAX_MESSAGE_SIZE_LIMIT = StorageDescriptor.MAX_MESSAGE_SIZE_LIMIT;
    /** Default send timeout in milliseconds, as in libipc. */
    public static final long DEFAULT_SEND_TIMEOUT_MS = 100;
    /** Default name prefix of storage files. */
    public static final String DEFAULT_NAME_PREFIX = "libipc.";
    /** Default time a waiting thread spins before it sleeps, in nanoseconds. */
    public static final long DEFAULT_SPIN_NANOS = 50_000;
    /** Longest accepted name prefix. */
    public static final int MAX_PREFIX_LENGTH = ChannelNames.MAX_PREFIX_LENGTH;

    private static final IpcOptions DEFAULTS = builder().build();

    private final int capacity;
    private final int maxMessageSize;
    private final long sendTimeoutMs;
    private final long receiveTimeoutMs;
    private final String namePrefix;
    private final Path storageDirectory;
    private final Set<PosixFilePermission> filePermissions;
    private final IpcWaitStrategy waitStrategy;
    private final long spinNanos;
    private final IpcBackend backend;

    private IpcOptions(Builder b) {
        this.capacity = b.capacity;
        this.maxMessageSize = b.maxMessageSize;
        this.sendTimeoutMs = b.sendTimeoutMs;
        this.receiveTimeoutMs = b.receiveTimeoutMs;
        this.namePrefix = b.namePrefix;
        this.storageDirectory = b.storageDirectory != null ? b.storageDirectory : defaultStorageDirectory();
        this.filePermissions = Collections.unmodifiableSet(EnumSet.copyOf(b.filePermissions));
        this.waitStrategy = b.waitStrategy;
        this.spinNanos = b.spinNanos;
        this.backend = b.backend;
    }

    /**
     * The options every constructor without options uses.
     *
     * @return the defaults
     */
    public static IpcOptions defaults() {
        return DEFAULTS;
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a new builder holding these options' values */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.capacity = capacity;
        b.maxMessageSize = maxMessageSize;
        b.sendTimeoutMs = sendTimeoutMs;
        b.receiveTimeoutMs = receiveTimeoutMs;
        b.namePrefix = namePrefix;
        b.storageDirectory = storageDirectory;
        b.filePermissions = EnumSet.copyOf(filePermissions);
        b.waitStrategy = waitStrategy;
        b.spinNanos = spinNanos;
        b.backend = backend;
        return b;
    }

    /** @return the ring capacity in bytes, a power of two; used when this handle creates the channel */
    public int capacity() {
        return capacity;
    }

    /** @return the largest message in bytes; used when this handle creates the channel */
    public int maxMessageSize() {
        return maxMessageSize;
    }

    /** @return what {@code timeoutMs = 0} means for send and trySend, in milliseconds, positive */
    public long sendTimeoutMs() {
        return sendTimeoutMs;
    }

    /** @return what {@code timeoutMs = 0} means for receive, in milliseconds; 0 waits without limit */
    public long receiveTimeoutMs() {
        return receiveTimeoutMs;
    }

    /** @return the prefix of storage file names, a namespace for channel names; possibly empty */
    public String namePrefix() {
        return namePrefix;
    }

    /** @return the directory holding the storage files */
    public Path storageDirectory() {
        return storageDirectory;
    }

    /** @return the permissions of storage files this handle creates, unmodifiable */
    public Set<PosixFilePermission> filePermissions() {
        return filePermissions;
    }

    /** @return how waiting threads sleep */
    public IpcWaitStrategy waitStrategy() {
        return waitStrategy;
    }

    /** @return how long a waiting thread spins before it sleeps, in nanoseconds */
    public long spinNanos() {
        return spinNanos;
    }

    /** @return what keeps the channel's messages: our format, or libipc's */
    public IpcBackend backend() {
        return backend;
    }

    @Override
    public String toString() {
        return "IpcOptions[capacity=" + capacity + ", maxMessageSize=" + maxMessageSize
                + ", sendTimeoutMs=" + sendTimeoutMs + ", receiveTimeoutMs=" + receiveTimeoutMs
                + ", namePrefix=" + namePrefix + ", storageDirectory=" + storageDirectory
                + ", filePermissions=" + PosixFilePermissions.toString(filePermissions)
                + ", waitStrategy=" + waitStrategy + ", spinNanos=" + spinNanos + ", backend=" + backend + "]";
    }

    /**
     * The capacity rule, for configuration that wants to refuse a value before building options
     * (the Spring Boot starter checks its properties with it).
     *
     * @param bytes {@value #MIN_CAPACITY} to 1 GiB
     * @return the capacity a channel gets: the next power of two
     * @throws IpcException ERROR_INVALID_ARGUMENT naming the value and the range
     */
    public static int checkCapacity(long bytes) {
        return StorageDescriptor.checkCapacity(bytes);
    }

    /**
     * The largest-message rule, for configuration that wants to refuse a value early.
     *
     * @param bytes 1 to 1 GiB
     * @return the value
     * @throws IpcException ERROR_INVALID_ARGUMENT naming the value and the range
     */
    public static int checkMaxMessageSize(long bytes) {
        return StorageDescriptor.checkMaxMessageSize(bytes);
    }

    /**
     * The send-timeout rule, for configuration that wants to refuse a value early.
     *
     * @param millis positive
     * @return the value
     * @throws IpcException ERROR_INVALID_ARGUMENT naming the value
     */
    public static long checkSendTimeoutMs(long millis) {
        if (millis <= 0) {
            throw Errors.outOfRange("sendTimeoutMs", millis, "positive");
        }
        return millis;
    }

    private static Path defaultStorageDirectory() {
        Path shm = Paths.get("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return shm;
        }
        return Paths.get(System.getProperty("java.io.tmpdir"));
    }

    /** Builds {@link IpcOptions}; every setter checks its value at once and names it when it is wrong. */
    public static final class Builder {
        private int capacity = DEFAULT_CAPACITY;
        private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        private long sendTimeoutMs = DEFAULT_SEND_TIMEOUT_MS;
        private long receiveTimeoutMs = 0;
        private String namePrefix = DEFAULT_NAME_PREFIX;
        private Path storageDirectory;
        private Set<PosixFilePermission> filePermissions = PosixFilePermissions.fromString("rw-------");
        private IpcWaitStrategy waitStrategy = IpcWaitStrategy.AUTO;
        private long spinNanos = DEFAULT_SPIN_NANOS;
        private IpcBackend backend = IpcBackend.NATIVE;

        private Builder() {
        }

        /**
         * Ring capacity in bytes; rounded up to the next power of two.
         *
         * @param bytes {@value #MIN_CAPACITY} to 1 GiB
         * @return this builder
         */
        public Builder capacity(long bytes) {
            this.capacity = checkCapacity(bytes);
            return this;
        }

        /**
         * Largest message in bytes; may be larger than the capacity (such messages travel in fragments).
         *
         * @param bytes 1 to 1 GiB
         * @return this builder
         */
        public Builder maxMessageSize(long bytes) {
            this.maxMessageSize = checkMaxMessageSize(bytes);
            return this;
        }

        /**
         * Default timeout of send and trySend.
         *
         * @param millis positive
         * @return this builder
         */
        public Builder sendTimeoutMs(long millis) {
            this.sendTimeoutMs = checkSendTimeoutMs(millis);
            return this;
        }

        /**
         * Default timeout of receive.
         *
         * @param millis 0 for no limit, or positive
         * @return this builder
         */
        public Builder receiveTimeoutMs(long millis) {
            if (millis < 0) {
                throw Errors.outOfRange("receiveTimeoutMs", millis, "0 (no limit) or positive");
            }
            this.receiveTimeoutMs = millis;
            return this;
        }

        /**
         * Prefix of storage file names: a namespace that keeps applications apart.
         *
         * @param prefix up to {@value #MAX_PREFIX_LENGTH} characters of {@code [A-Za-z0-9._-]}, may be empty
         * @return this builder
         */
        public Builder namePrefix(String prefix) {
            this.namePrefix = ChannelNames.validatePrefix(prefix);
            return this;
        }

        /**
         * Directory of the storage files; all processes of a channel must use the same.
         *
         * @param directory an existing directory
         * @return this builder
         */
        public Builder storageDirectory(Path directory) {
            if (directory == null) {
                throw Errors.isNull("storageDirectory");
            }
            if (!Files.isDirectory(directory)) {
                throw Errors.invalid("storageDirectory is not a directory: storageDirectory=" + directory);
            }
            this.storageDirectory = directory;
            return this;
        }

        /**
         * Permissions of created storage files.
         *
         * @param permissions e.g. {@code "rw-rw----"}; must include owner read and write
         * @return this builder
         */
        public Builder filePermissions(String permissions) {
            Set<PosixFilePermission> perms;
            try {
                perms = PosixFilePermissions.fromString(Objects.requireNonNull(permissions, "filePermissions"));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw Errors.invalid("filePermissions must look like \"rw-------\": filePermissions=" + permissions);
            }
            return filePermissions(perms);
        }

        /**
         * Permissions of created storage files.
         *
         * @param permissions must include owner read and write
         * @return this builder
         */
        public Builder filePermissions(Set<PosixFilePermission> permissions) {
            if (permissions == null || !permissions.contains(PosixFilePermission.OWNER_READ)
                    || !permissions.contains(PosixFilePermission.OWNER_WRITE)) {
                throw Errors.invalid("filePermissions must include owner read and write: filePermissions="
                        + (permissions == null ? null : PosixFilePermissions.toString(permissions)));
            }
            this.filePermissions = EnumSet.copyOf(permissions);
            return this;
        }

        /**
         * How waiting threads sleep.
         *
         * @param strategy the strategy
         * @return this builder
         */
        public Builder waitStrategy(IpcWaitStrategy strategy) {
            if (strategy == null) {
                throw Errors.isNull("waitStrategy");
            }
            this.waitStrategy = strategy;
            return this;
        }

        /**
         * How long a waiting thread spins (10 us busy, 1 us for a receiver whose sender shares its
         * CPU, then yielding) before it dozes or sleeps; longer lowers latency, costs CPU. 0 sleeps at once.
         *
         * @param nanos 0 to 10 ms
         * @return this builder
         */
        public Builder spinNanos(long nanos) {
            if (nanos < 0 || nanos > 10_000_000) {
                throw Errors.outOfRange("spinNanos", nanos, "between 0 and 10000000");
            }
            this.spinNanos = nanos;
            return this;
        }

        /**
         * What keeps the channel's messages: {@link IpcBackend#NATIVE} (our format) or
         * {@link IpcBackend#LIBIPC} (libipc's, to talk to C++ and Python libipc processes).
         *
         * @param backend the backend
         * @return this builder
         */
        public Builder backend(IpcBackend backend) {
            if (backend == null) {
                throw Errors.isNull("backend");
            }
            this.backend = backend;
            return this;
        }

        /**
         * The options.
         *
         * @return immutable options
         */
        public IpcOptions build() {
            return new IpcOptions(this);
        }
    }
}
