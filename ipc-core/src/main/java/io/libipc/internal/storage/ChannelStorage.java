package io.libipc.internal.storage;

import io.libipc.ChannelType;
import io.libipc.internal.memory.SharedMemory;
import io.libipc.internal.wait.Wakeups;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

import static io.libipc.internal.storage.StorageDescriptor.*;

/**
 * One channel's storage as this process sees it: its memory, the values its header was created
 * with, and the liveness locks of its slots. A storage file's is shared by every handle of the
 * channel in this JVM and counted by {@link StorageRegistry}; the ring tests build one over a plain
 * direct buffer with {@link #ChannelStorage(Path, SharedMemory, SlotLocks)}.
 *
 * <p>Thread-safe.
 */
public final class ChannelStorage {

    private final Path path;
    private final SharedMemory memory;
    private final SlotLocks locks;
    /** The file's one descriptor in this JVM, or null for storage without a file. */
    private final FileChannel file;
    private final ChannelType type;
    private final int capacity;
    private final int maxMessageSize;
    /** Guarded by StorageRegistry's lock. */
    int references;

    /**
     * Storage over memory holding a complete header ({@link StorageDescriptor#initialise}), without a
     * file: what the ring tests use.
     *
     * @param path a name for messages
     * @param memory the memory, header and ring
     * @param locks the slots' liveness locks
     */
    public ChannelStorage(Path path, SharedMemory memory, SlotLocks locks) {
        this(path, memory, locks, null);
    }

    ChannelStorage(Path path, SharedMemory memory, SlotLocks locks, FileChannel file) {
        this.path = path;
        this.memory = memory;
        this.locks = locks;
        this.file = file;
        this.type = memory.getInt(CHANNEL_TYPE_OFFSET) == ChannelType.ROUTE.code() ? ChannelType.ROUTE : ChannelType.CHANNEL;
        this.capacity = memory.getInt(CAPACITY_OFFSET);
        this.maxMessageSize = memory.getInt(MAX_MESSAGE_SIZE_OFFSET);
    }

    /** @return the storage file */
    public Path path() {
        return path;
    }

    /** @return the memory of the whole file */
    public SharedMemory memory() {
        return memory;
    }

    /** @return the liveness locks of the slots */
    public SlotLocks locks() {
        return locks;
    }

    /** @return the channel type stored in the header */
    public ChannelType type() {
        return type;
    }

    /** @return ring capacity in bytes, from the header */
    public int capacity() {
        return capacity;
    }

    /** @return the largest message in bytes, from the header */
    public int maxMessageSize() {
        return maxMessageSize;
    }

    /** @return whether clearChannelStorage marked this storage cleared */
    public boolean isCleared() {
        return StorageDescriptor.isCleared(memory);
    }

    /** Wakes every sleeper of every futex word: the storage was cleared or a handle is going away. */
    public void wakeEverybody() {
        wakeEverybody(memory);
    }

    static void wakeEverybody(SharedMemory memory) {
        Wakeups.bumpAndWake(memory, DATA_FUTEX_OFFSET);
        Wakeups.bumpAndWake(memory, SPACE_FUTEX_OFFSET);
        Wakeups.bumpAndWake(memory, MEMBERSHIP_FUTEX_OFFSET);
    }

    FileChannel file() {
        return file;
    }

    void closeFile() {
        if (file == null) {
            return;
        }
        try {
            file.close();
        } catch (IOException ignored) {
            // Nothing to do: the descriptor is gone either way.
        }
    }

    @Override
    public String toString() {
        return "ChannelStorage[path=" + path + ", type=" + type + ", capacity=" + capacity + "]";
    }
}
