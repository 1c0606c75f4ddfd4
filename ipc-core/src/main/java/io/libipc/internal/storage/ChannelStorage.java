package io.libipc.internal.storage;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.libipc.ChannelType;
import io.libipc.internal.wait.Futex;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import static io.libipc.internal.storage.StorageDescriptor.*;

/**
 * One channel's storage file as this JVM sees it: the file channel, the mapping, atomic access to
 * the header words, and the per-slot liveness locks. Shared by every handle of the channel in
 * this JVM and reference-counted by {@link StorageRegistry}: POSIX locks belong to the process,
 * so closing a second descriptor of the file would drop every lock the JVM holds on it.
 *
 * <p>Thread-safe. The mapping is kept in a final field for as long as this object lives: once it
 * is unreachable the GC unmaps it, and the futex address taken from it would dangle.
 */
public final class ChannelStorage {

    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    /** Result of probing a participant's liveness lock. */
    public enum Probe {
        /** Held by a live handle in this JVM. */
        ALIVE_HERE,
        /** Held by another live process. */
        ALIVE_ELSEWHERE,
        /** Nobody holds it: its owner is gone; the lock returned by {@link #probe} is now ours. */
        DEAD
    }

    private final Path path;
    private final FileChannel file;
    private final MappedByteBuffer buffer;
    private final long address;
    private final ChannelType type;
    private final int capacity;
    private final int maxMessageSize;
    /** Bit i: receiver slot i is held by a handle of this JVM. */
    private final AtomicLong localReceivers = new AtomicLong();
    /** Bit i: sender slot i is held by a handle of this JVM. */
    private final AtomicLong localSenders = new AtomicLong();
    /** Guarded by StorageRegistry's lock. */
    int references;

    ChannelStorage(Path path, FileChannel file, MappedByteBuffer buffer, ChannelType type, int capacity, int maxMessageSize) {
        this.path = path;
        this.file = file;
        this.buffer = buffer;
        this.buffer.order(ByteOrder.nativeOrder());
        this.address = Futex.isAvailable() ? Pointer.nativeValue(Native.getDirectBufferPointer(buffer)) : 0;
        this.type = type;
        this.capacity = capacity;
        this.maxMessageSize = maxMessageSize;
    }

    /** @return the storage file */
    public Path path() {
        return path;
    }

    /** @return the mapping of the whole file, native byte order */
    public MappedByteBuffer buffer() {
        return buffer;
    }

    /** @return the native address of the mapping's first byte, 0 where futexes are unavailable */
    public long address() {
        return address;
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
        return getIntVolatile(CLEARED_OFFSET) != 0;
    }

    /**
     * Reads an int with volatile semantics.
     *
     * @param offset aligned offset in the file
     * @return the value
     */
    public int getIntVolatile(int offset) {
        return (int) INT.getVolatile(buffer, offset);
    }

    /**
     * Atomically adds to an int (a full fence).
     *
     * @param offset aligned offset in the file
     * @param delta the addend
     * @return the previous value
     */
    public int getAndAddInt(int offset, int delta) {
        return (int) INT.getAndAdd(buffer, offset, delta);
    }

    /**
     * Stores an int with volatile semantics.
     *
     * @param offset aligned offset
     * @param value the value
     */
    public void setIntVolatile(int offset, int value) {
        INT.setVolatile(buffer, offset, value);
    }

    /**
     * Stores an int with release semantics.
     *
     * @param offset aligned offset
     * @param value the value
     */
    public void setIntRelease(int offset, int value) {
        INT.setRelease(buffer, offset, value);
    }

    /**
     * Reads a long with volatile semantics.
     *
     * @param offset aligned offset
     * @return the value
     */
    public long getLongVolatile(int offset) {
        return (long) LONG.getVolatile(buffer, offset);
    }

    /**
     * Reads a long with acquire semantics.
     *
     * @param offset aligned offset
     * @return the value
     */
    public long getLongAcquire(int offset) {
        return (long) LONG.getAcquire(buffer, offset);
    }

    /**
     * Stores a long with volatile semantics (a full fence on x86).
     *
     * @param offset aligned offset
     * @param value the value
     */
    public void setLongVolatile(int offset, long value) {
        LONG.setVolatile(buffer, offset, value);
    }

    /**
     * Stores a long with release semantics.
     *
     * @param offset aligned offset
     * @param value the value
     */
    public void setLongRelease(int offset, long value) {
        LONG.setRelease(buffer, offset, value);
    }

    /**
     * Compares and sets a long.
     *
     * @param offset aligned offset
     * @param expected the expected value
     * @param value the new value
     * @return whether the value was set
     */
    public boolean compareAndSetLong(int offset, long expected, long value) {
        return LONG.compareAndSet(buffer, offset, expected, value);
    }

    /**
     * Atomically adds to a long.
     *
     * @param offset aligned offset
     * @param delta the addend
     * @return the previous value
     */
    public long getAndAddLong(int offset, long delta) {
        return (long) LONG.getAndAdd(buffer, offset, delta);
    }

    /**
     * Bumps a futex word and wakes everybody asleep on it, in any process. Where futexes do not
     * exist sleepers poll, so the bump alone is enough.
     *
     * @param futexOffset offset of the futex word
     */
    public void bumpAndWake(int futexOffset) {
        getAndAddInt(futexOffset, 1);
        if (address != 0) {
            Futex.wakeAll(address + futexOffset);
        }
    }

    /**
     * Wakes the sleepers of a futex word if any announced themselves, and takes their
     * announcements back: a sleeper announces once per sleep, so a stream of publications costs
     * one wake per sleep, not one per message. Costs one plain read when nobody sleeps.
     *
     * @param waitersOffset offset of the announcement counter
     * @param futexOffset offset of the futex word
     */
    public void wakeIfWaiting(int waitersOffset, int futexOffset) {
        if (getIntVolatile(waitersOffset) != 0 && (int) INT.getAndSet(buffer, waitersOffset, 0) != 0) {
            bumpAndWake(futexOffset);
        }
    }

    /** Wakes every sleeper of every futex word: the storage was cleared or a handle is going away. */
    public void wakeEverybody() {
        bumpAndWake(DATA_FUTEX_OFFSET);
        bumpAndWake(SPACE_FUTEX_OFFSET);
        bumpAndWake(MEMBERSHIP_FUTEX_OFFSET);
    }

    /**
     * Takes a sender or receiver slot's liveness lock if nobody holds it.
     *
     * @param receiver true for a receiver slot, false for a sender slot
     * @param slot the slot index
     * @return the lock, or null when a live participant holds it (here or elsewhere)
     * @throws IOException when the file cannot be locked at all
     */
    public FileLock tryClaim(boolean receiver, int slot) throws IOException {
        FileLock lock;
        try {
            lock = file.tryLock(lockPosition(receiver, slot), 1, false);
        } catch (OverlappingFileLockException e) {
            return null;
        }
        if (lock != null) {
            (receiver ? localReceivers : localSenders).getAndUpdate(m -> m | (1L << slot));
        }
        return lock;
    }

    /**
     * Gives back a slot this JVM claimed with {@link #tryClaim}.
     *
     * @param receiver true for a receiver slot
     * @param slot the slot index
     * @param lock the lock returned by tryClaim
     */
    public void releaseClaim(boolean receiver, int slot, FileLock lock) {
        (receiver ? localReceivers : localSenders).getAndUpdate(m -> m & ~(1L << slot));
        releaseQuietly(lock);
    }

    /**
     * Tells whether a slot's owner lives. When it does not, the returned lock is held by the
     * caller, who cleans the slot up and then releases it with {@link #releaseProbe}.
     *
     * @param receiver true for a receiver slot
     * @param slot the slot index
     * @param deadLock receives the lock when the owner is dead: an array of length 1
     * @return the probe result
     */
    public Probe probe(boolean receiver, int slot, FileLock[] deadLock) {
        if (((receiver ? localReceivers : localSenders).get() & (1L << slot)) != 0) {
            return Probe.ALIVE_HERE;
        }
        try {
            FileLock lock = file.tryLock(lockPosition(receiver, slot), 1, false);
            if (lock == null) {
                return Probe.ALIVE_ELSEWHERE;
            }
            deadLock[0] = lock;
            return Probe.DEAD;
        } catch (OverlappingFileLockException e) {
            // Another thread of this JVM holds it at this very moment: a claim in progress.
            return Probe.ALIVE_HERE;
        } catch (IOException e) {
            // Cannot tell: count it as alive rather than drop a live participant.
            return Probe.ALIVE_ELSEWHERE;
        }
    }

    /**
     * Releases a lock obtained through {@link #probe}.
     *
     * @param lock the lock
     */
    public void releaseProbe(FileLock lock) {
        releaseQuietly(lock);
    }

    FileChannel file() {
        return file;
    }

    void closeFile() {
        try {
            file.close();
        } catch (IOException ignored) {
            // Nothing to do: the descriptor is gone either way.
        }
    }

    private static long lockPosition(boolean receiver, int slot) {
        return (receiver ? RECEIVER_LOCK_BASE : SENDER_LOCK_BASE) + slot;
    }

    private static void releaseQuietly(FileLock lock) {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } catch (IOException ignored) {
            // The channel closed under us: the kernel dropped the lock already.
        }
    }

    @Override
    public String toString() {
        return "ChannelStorage[path=" + path + ", type=" + type + ", capacity=" + capacity + "]";
    }
}
