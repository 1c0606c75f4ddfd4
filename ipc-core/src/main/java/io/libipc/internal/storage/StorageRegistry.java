package io.libipc.internal.storage;

import io.libipc.ChannelType;
import io.libipc.IpcException;
import io.libipc.IpcOptions;
import io.libipc.IpcStatus;

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
 * <p>Creation, validation and clearing happen under a POSIX lock on {@link StorageDescriptor#INIT_LOCK}
 * (between processes) and this class's monitor (between threads). The file is sized before it is
 * mapped and its size is checked against its header before it is mapped: mapping past the end of
 * a file, then touching it, kills the JVM with SIGBUS.
 */
public final class StorageRegistry {

    private static final Map<Path, ChannelStorage> OPEN = new HashMap<>();
    private static final int OPEN_ATTEMPTS = 5;

    private StorageRegistry() {
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
                    try (FileLock ignored = open.file().lock(INIT_LOCK, 1, false)) {
                        markCleared(open);
                        return Files.deleteIfExists(path);
                    }
                }
                if (!Files.exists(path)) {
                    return false;
                }
                try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
                     FileLock ignored = file.lock(INIT_LOCK, 1, false)) {
                    if (file.size() >= RING_OFFSET && readHeader(file).getLong(MAGIC_OFFSET) == MAGIC) {
                        MappedByteBuffer header = file.map(FileChannel.MapMode.READ_WRITE, 0, RING_OFFSET);
                        ChannelStorage view = new ChannelStorage(path, file, header, ChannelType.CHANNEL, 0, 0);
                        markCleared(view);
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

    private static void markCleared(ChannelStorage storage) {
        storage.setIntVolatile(CLEARED_OFFSET, 1);
        storage.wakeEverybody();
    }

    /** Returns null when the file was cleared under us and the caller should try again. */
    private static ChannelStorage openFile(Path path, ChannelType type, IpcOptions options) {
        FileChannel file = openChannel(path, options);
        boolean keep = false;
        try (FileLock ignored = file.lock(INIT_LOCK, 1, false)) {
            if (!Files.exists(path)) {
                return null;
            }
            long size = file.size();
            ByteBuffer header = size >= RING_OFFSET ? readHeader(file) : null;
            boolean unfinished = header != null && header.getInt(VERSION_OFFSET) == 0
                    && (header.getLong(MAGIC_OFFSET) == MAGIC || header.getLong(MAGIC_OFFSET) == 0);
            if (size == 0 || unfinished) {
                ChannelStorage created = create(path, file, type, options, size);
                keep = true;
                return created;
            }
            ChannelStorage existing = validateAndMap(path, file, size, header);
            if (existing == null) {
                Files.deleteIfExists(path);
                return null;
            }
            keep = true;
            return existing;
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
        MappedByteBuffer buffer = map(path, file, length);
        ChannelStorage storage = new ChannelStorage(path, file, buffer, type, capacity, options.maxMessageSize());
        buffer.order(ByteOrder.nativeOrder());
        buffer.putLong(MAGIC_OFFSET, MAGIC);
        buffer.putInt(CHANNEL_TYPE_OFFSET, type.code());
        buffer.putInt(CAPACITY_OFFSET, capacity);
        buffer.putInt(MAX_MESSAGE_SIZE_OFFSET, options.maxMessageSize());
        buffer.putInt(MAX_RECEIVERS_OFFSET, MAX_RECEIVERS);
        buffer.putInt(CREATOR_PID_OFFSET, (int) ProcessHandle.current().pid());
        // Version last, with a release store: non-zero means the header is complete.
        storage.setIntRelease(VERSION_OFFSET, LAYOUT_VERSION);
        return storage;
    }

    /** Returns null when the file was marked cleared by a clearer that died before removing it. */
    private static ChannelStorage validateAndMap(Path path, FileChannel file, long size, ByteBuffer header) throws IOException {
        if (header == null) {
            throw broken(path, "it is truncated: size=" + size + " bytes, smaller than the header (" + RING_OFFSET + " bytes)");
        }
        long magic = header.getLong(MAGIC_OFFSET);
        if (magic != MAGIC) {
            throw broken(path, "it is not a libipc channel file (magic=0x" + Long.toHexString(magic)
                    + ", expected 0x" + Long.toHexString(MAGIC) + ")");
        }
        int version = header.getInt(VERSION_OFFSET);
        if (version != LAYOUT_VERSION) {
            String who = version > LAYOUT_VERSION ? "a newer" : "an older";
            throw broken(path, "it has layout version " + version + ", written by " + who
                    + " libipc; this library reads version " + LAYOUT_VERSION
                    + " (use the same libipc version in every process)");
        }
        if (header.getInt(CLEARED_OFFSET) != 0) {
            return null;
        }
        int typeCode = header.getInt(CHANNEL_TYPE_OFFSET);
        int capacity = header.getInt(CAPACITY_OFFSET);
        int maxMessageSize = header.getInt(MAX_MESSAGE_SIZE_OFFSET);
        if (typeCode != 0 && typeCode != 1 || capacity < IpcOptions.MIN_CAPACITY || Integer.bitCount(capacity) != 1
                || maxMessageSize < 1 || header.getInt(MAX_RECEIVERS_OFFSET) != MAX_RECEIVERS) {
            throw broken(path, "its header is corrupt (type=" + typeCode + ", capacity=" + capacity
                    + ", maxMessageSize=" + maxMessageSize + ")");
        }
        if (size != fileLength(capacity)) {
            throw broken(path, "it is truncated or resized: size=" + size + " bytes, its header says "
                    + fileLength(capacity));
        }
        ChannelType type = typeCode == 0 ? ChannelType.ROUTE : ChannelType.CHANNEL;
        return new ChannelStorage(path, file, map(path, file, size), type, capacity, maxMessageSize);
    }

    private static ByteBuffer readHeader(FileChannel file) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
        while (header.hasRemaining() && file.read(header, header.position()) > 0) {
            // read until the first cache line is in
        }
        return header.clear();
    }

    private static MappedByteBuffer map(Path path, FileChannel file, long length) {
        try {
            return file.map(FileChannel.MapMode.READ_WRITE, 0, length);
        } catch (IOException | OutOfMemoryError e) {
            throw new IpcException(IpcStatus.ERROR_MEMORY, "cannot map channel storage: file=" + path
                    + ", length=" + length + ": " + e, e);
        }
    }

    private static IpcException broken(Path path, String why) {
        return new IpcException(IpcStatus.ERROR_CONNECTION_FAILED, "cannot use channel storage file " + path
                + ": " + why + ". Remove it with IpcChannel.clearChannelStorage(name) (or delete the file) if no process uses it.");
    }
}
