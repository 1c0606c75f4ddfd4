package io.libipc.internal.storage;

import io.libipc.ChannelType;
import io.libipc.IpcException;
import io.libipc.IpcOptions;
import io.libipc.IpcStatus;
import io.libipc.internal.engine.ChannelNames;
import io.libipc.internal.memory.SharedMemory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static io.libipc.internal.storage.StorageDescriptor.*;

/**
 * Opens, shares and clears storage files. One {@link ChannelStorage} per file per JVM, counted by
 * reference: POSIX locks belong to the process, and closing any descriptor of a file drops them
 * all, so the file is opened once and closed when its last handle goes.
 *
 * <p>Creation, checking and clearing happen under a POSIX lock on
 * {@link StorageDescriptor#INIT_LOCK_POSITION} (between processes) and this class's monitor
 * (between threads). A new file is sized before it is mapped, and an existing one is checked
 * ({@link StorageFileCheck}) before it is used: mapping past the end of a file, then touching it,
 * kills the JVM with SIGBUS.
 */
public final class StorageRegistry {

    private static final Map<Path, ChannelStorage> OPEN = new HashMap<>();
    private static final int OPEN_ATTEMPTS = 5;

    private StorageRegistry() {
    }

    /**
     * The storage file of a channel: {@code <storageDirectory>/<namePrefix><name>}.
     *
     * @param name a channel name
     * @param options the options naming the directory and prefix
     * @return the path
     * @throws IpcException ERROR_INVALID_ARGUMENT for a bad name
     */
    public static Path path(String name, IpcOptions options) {
        return options.storageDirectory().resolve(options.namePrefix() + ChannelNames.validate(name));
    }

    /**
     * Opens (creating if needed) the storage of a channel and counts a reference to it.
     *
     * @param name the validated channel name, for messages
     * @param path the storage file
     * @param type the channel type the caller expects
     * @param options capacity, maximum message size and permissions for a new file
     * @return the shared storage; give it back with {@link #release}
     * @throws IpcException ERROR_CONNECTION_FAILED for foreign, broken or mismatched storage, ERROR_MEMORY when it cannot be created
     */
    public static ChannelStorage acquire(String name, Path path, ChannelType type, IpcOptions options) {
        synchronized (OPEN) {
            ChannelStorage storage = OPEN.get(path);
            if (storage != null && storage.isCleared()) {
                OPEN.remove(path);
                storage = null;
            }
            if (storage == null) {
                for (int attempt = 0; attempt < OPEN_ATTEMPTS && storage == null; attempt++) {
                    storage = openFile(path, type, options);
                }
                if (storage == null) {
                    throw new IpcException(IpcStatus.ERROR_CONNECTION_FAILED, "storage of channel '" + name
                            + "' was cleared again and again while opening it: file=" + path);
                }
                OPEN.put(path, storage);
            }
            if (storage.type() != type) {
                if (storage.references == 0) {
                    OPEN.remove(path);
                    storage.closeFile();
                }
                throw new IpcException(IpcStatus.ERROR_CONNECTION_FAILED, "channel '" + name + "' exists as "
                        + storage.type() + ", not " + type + ": file=" + path
                        + "; open it with type=" + storage.type() + " or clear it with clearChannelStorage");
            }
            storage.references++;
            return storage;
        }
    }

    /**
     * Gives back a reference; the last one closes the file (the mapping goes with the GC).
     *
     * @param storage the storage from {@link #acquire}
     */
    public static void release(ChannelStorage storage) {
        synchronized (OPEN) {
            if (--storage.references == 0) {
                OPEN.remove(storage.path(), storage);
                storage.closeFile();
            }
        }
    }

    /**
     * Marks a channel's storage cleared, wakes everybody waiting on it, and removes the file.
     * Handles still open on it, here or in other processes, fail their next call.
     *
     * @param path the storage file
     * @return whether a file was removed
     */
    public static boolean clear(Path path) {
        synchronized (OPEN) {
            ChannelStorage open = OPEN.remove(path);
            try {
                if (open != null && !open.isCleared()) {
                    // Through the shared descriptor: closing a second one would drop this JVM's locks.
                    try (FileLock ignored = open.file().lock(INIT_LOCK_POSITION, 1, false)) {
                        markClearedAndWake(open.memory());
                        return Files.deleteIfExists(path);
                    }
                }
                if (!Files.exists(path)) {
                    return false;
                }
                try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
                     FileLock ignored = file.lock(INIT_LOCK_POSITION, 1, false)) {
                    if (file.size() >= RING_OFFSET && readHeader(file).getLong(MAGIC_OFFSET) == MAGIC) {
                        markClearedAndWake(new SharedMemory(file.map(FileChannel.MapMode.READ_WRITE, 0, RING_OFFSET)));
                    }
                    return Files.deleteIfExists(path);
                }
            } catch (NoSuchFileException e) {
                return false;
            } catch (IOException e) {
                throw new IpcException(IpcStatus.ERROR_MEMORY, "cannot clear channel storage: file=" + path + ": " + e, e);
            }
        }
    }

    private static void markClearedAndWake(SharedMemory memory) {
        markCleared(memory);
        ChannelStorage.wakeEverybody(memory);
    }

    /** Returns null when the file was cleared under us and the caller should try again. */
    private static ChannelStorage openFile(Path path, ChannelType type, IpcOptions options) {
        FileChannel file = openChannel(path, options);
        boolean keep = false;
        try (FileLock ignored = file.lock(INIT_LOCK_POSITION, 1, false)) {
            if (!Files.exists(path)) {
                return null;
            }
            long size = file.size();
            ByteBuffer header = size >= RING_OFFSET ? readHeader(file) : null;
            boolean unfinished = header != null && header.getInt(VERSION_OFFSET) == 0
                    && (header.getLong(MAGIC_OFFSET) == MAGIC || header.getLong(MAGIC_OFFSET) == 0);
            ChannelStorage storage;
            if (size == 0 || unfinished) {
                storage = create(path, file, type, options, size);
            } else if (StorageFileCheck.checkHeader(path, size, header)) {
                SharedMemory memory = map(path, file, size);
                StorageFileCheck.checkPositions(path, memory);
                storage = new ChannelStorage(path, memory, new FileSlotLocks(file), file);
            } else {
                // Cleared by a clearer that died before removing it.
                Files.deleteIfExists(path);
                return null;
            }
            keep = true;
            return storage;
        } catch (IOException e) {
            throw new IpcException(IpcStatus.ERROR_MEMORY, "cannot open channel storage: file=" + path + ": " + e, e);
        } finally {
            if (!keep) {
                try {
                    file.close();
                } catch (IOException ignored) {
                    // Nothing more to release.
                }
            }
        }
    }

    private static FileChannel openChannel(Path path, IpcOptions options) {
        Set<StandardOpenOption> open = EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        boolean posix = path.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(options.filePermissions())}
                : new FileAttribute<?>[0];
        try {
            return FileChannel.open(path, open, attributes);
        } catch (AccessDeniedException e) {
            throw new IpcException(IpcStatus.ERROR_CONNECTION_FAILED, "permission denied on channel storage: file=" + path
                    + "; it belongs to another user or its permissions (filePermissions) exclude this one", e);
        } catch (IOException e) {
            throw new IpcException(IpcStatus.ERROR_MEMORY, "cannot create channel storage: file=" + path + ": " + e, e);
        }
    }

    private static ChannelStorage create(Path path, FileChannel file, ChannelType type, IpcOptions options, long oldSize)
            throws IOException {
        int capacity = options.capacity();
        long length = fileLength(capacity);
        if (oldSize != 0) {
            file.truncate(0);
        }
        if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            // The umask may have narrowed what FileChannel.open asked for.
            Files.setPosixFilePermissions(path, options.filePermissions());
        }
        // Size first, map second: touching a mapping beyond the end of the file is SIGBUS.
        file.write(ByteBuffer.allocate(1), length - 1);
        SharedMemory memory = map(path, file, length);
        StorageDescriptor.initialise(memory, type, capacity, options.maxMessageSize());
        return new ChannelStorage(path, memory, new FileSlotLocks(file), file);
    }

    private static ByteBuffer readHeader(FileChannel file) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(CACHE_LINE_LENGTH).order(ByteOrder.nativeOrder());
        while (header.hasRemaining() && file.read(header, header.position()) > 0) {
            // read until the first cache line is in
        }
        return header.clear();
    }

    private static SharedMemory map(Path path, FileChannel file, long length) {
        try {
            MappedByteBuffer mapping = file.map(FileChannel.MapMode.READ_WRITE, 0, length);
            return new SharedMemory(mapping);
        } catch (IOException | OutOfMemoryError e) {
            throw new IpcException(IpcStatus.ERROR_MEMORY, "cannot map channel storage: file=" + path
                    + ", length=" + length + ": " + e, e);
        }
    }
}
