package io.libipc.internal.storage;

import io.libipc.ChannelType;
import io.libipc.internal.engine.Errors;
import io.libipc.internal.memory.SharedMemory;

/**
 * Layout of a channel's storage file, its rules, and typed access to its header: one file per
 * channel, memory-mapped by every process that uses the channel. Fields are in native byte order
 * and aligned to their size, so they can be accessed atomically; words written by different
 * parties sit on separate 64-byte cache lines. Each accessor below fixes the memory ordering of
 * its field, and says why; nothing else reads or writes these words.
 *
 * <pre>
 *   0 +--------------------------------------------------------------+
 *     | magic (8) | version (4) | type (4) | capacity (4)             |  line 0: written once at
 *     | maxMessageSize (4) | maxReceivers (4) | cleared (4) | pid (4)  |  creation (cleared: once more)
 *  64 +--------------------------------------------------------------+
 *     | writeLock (8) | nextSeq (4) | pad (4) | lockWaiterStamp (8) | pad |  senders only
 * 128 +--------------------------------------------------------------+
 *     | tail (8) | padding                                          |  published end of the ring
 * 192 | dataFutex (4)        | padding                               |  bumped to wake receivers
 * 256 | dataWaiters (4)      | padding                               |  receivers asleep on dataFutex
 * 320 | spaceFutex (4)       | padding                               |  bumped to wake senders
 * 384 | spaceWaiters (4)     | padding                               |  senders asleep on spaceFutex
 * 448 | membershipFutex (4) | padding                                |  receivers came or went
 * 512 | receiverMask (8)     | padding                               |  bit i: receiver slot i in use
 * 576 +--------------------------------------------------------------+
 *     | padding                                                      |
 *1024 +--------------------------------------------------------------+
 *     | senderGeneration[64] (8 each)                                |  see SlotDescriptor
 *1536 +--------------------------------------------------------------+
 *     | padding                                                      |
 *2048 +--------------------------------------------------------------+
 *     | receiver slot[64] (64 each)                                  |  see SlotDescriptor
 *6144 +--------------------------------------------------------------+
 *     | padding                                                      |
 *8192 +--------------------------------------------------------------+
 *     | ring: capacity bytes of records (see RecordDescriptor)       |
 *     +--------------------------------------------------------------+
 * </pre>
 *
 * <p>Liveness does not live in this memory: each participant holds a POSIX (fcntl) lock on one
 * byte of the file far beyond its end ({@link SlotDescriptor#lockPosition}) for as long as it is
 * connected. The kernel drops the lock when the process dies, kill -9 included, and that works
 * across pid namespaces where pids do not.
 */
public final class StorageDescriptor {

    /** "LIBIPCJ\0" read as a little-endian long: identifies our storage files. */
    public static final long MAGIC = 0x004A435049424C49L;
    /** Layout version this library writes and reads. */
    public static final int LAYOUT_VERSION = 1;
    /** Words written by different parties are this far apart. */
    public static final int CACHE_LINE_LENGTH = 64;

    /** Smallest ring capacity in bytes. */
    public static final int MIN_CAPACITY = 4096;
    /** Largest ring capacity in bytes: 1 GiB. */
    public static final int MAX_CAPACITY = 1 << 30;
    /** Largest message size a channel may allow: 1 GiB. */
    public static final int MAX_MESSAGE_SIZE_LIMIT = 1 << 30;
    /**
     * Largest ring position a file may hold: 2^62 bytes (centuries at any speed), so that a position
     * plus a record never overflows.
     */
    public static final long MAX_POSITION = 1L << 62;

    /** Offset of the magic number (long). */
    public static final int MAGIC_OFFSET;
    /** Offset of the layout version (int), written last with a release store: non-zero means initialised. */
    public static final int VERSION_OFFSET;
    /** Offset of the {@link ChannelType#code()} (int). */
    public static final int CHANNEL_TYPE_OFFSET;
    /** Offset of the ring capacity in bytes (int, a power of two). */
    public static final int CAPACITY_OFFSET;
    /** Offset of the largest message in bytes (int). */
    public static final int MAX_MESSAGE_SIZE_OFFSET;
    /** Offset of the number of receiver slots (int). */
    public static final int MAX_RECEIVERS_OFFSET;
    /** Offset of the cleared flag (int): set by clearChannelStorage before the file is removed. */
    public static final int CLEARED_OFFSET;
    /** Offset of the creator's pid (int): a hint for messages and tools, never used for liveness. */
    public static final int CREATOR_PID_OFFSET;
    /** Offset of the write lock (long): 0 when free, else the owner's id ({@link SlotDescriptor#ownerId}). */
    public static final int WRITE_LOCK_OFFSET;
    /** Offset of the next message sequence number (int), touched only by the write-lock holder. */
    public static final int NEXT_SEQ_OFFSET;
    /**
     * Offset of the {@link System#nanoTime()} at which a thread last waited for the write lock past
     * its spin phase (long), 0 when none. A time rather than a count, so that a waiter killed
     * while waiting leaves a stamp that simply ages out (CLOCK_MONOTONIC is shared by every
     * process and container of one kernel).
     */
    public static final int LOCK_WAITER_STAMP_OFFSET;
    /** Offset of the tail (long): the ring position up to which records are published. */
    public static final int TAIL_OFFSET;
    /** Offset of the futex word receivers sleep on (int). */
    public static final int DATA_FUTEX_OFFSET;
    /** Offset of the number of announced sleeps on the data futex not yet woken (int). */
    public static final int DATA_WAITERS_OFFSET;
    /** Offset of the futex word senders sleep on when the ring is full (int). */
    public static final int SPACE_FUTEX_OFFSET;
    /** Offset of the number of announced sleeps on the space futex not yet woken (int). */
    public static final int SPACE_WAITERS_OFFSET;
    /** Offset of the futex word bumped whenever a receiver connects or goes (int). */
    public static final int MEMBERSHIP_FUTEX_OFFSET;
    /** Offset of the receiver mask (long): bit i set while receiver slot i is in use. */
    public static final int RECEIVER_MASK_OFFSET;
    /** Offset of the sender generations ({@link SlotDescriptor}). */
    public static final int SENDER_GENERATIONS_OFFSET;
    /** Offset of the receiver slots ({@link SlotDescriptor}). */
    public static final int RECEIVER_SLOTS_OFFSET;
    /** Offset of the ring, page aligned. */
    public static final int RING_OFFSET;
    /** File offset of the byte locked while a file is created, validated or cleared. */
    public static final long INIT_LOCK_POSITION = 1L << 40;

    static {
        // Line 0: identity, written once at creation.
        int offset = 0;
        MAGIC_OFFSET = offset;
        VERSION_OFFSET = offset += Long.BYTES;
        CHANNEL_TYPE_OFFSET = offset += Integer.BYTES;
        CAPACITY_OFFSET = offset += Integer.BYTES;
        MAX_MESSAGE_SIZE_OFFSET = offset += Integer.BYTES;
        MAX_RECEIVERS_OFFSET = offset += Integer.BYTES;
        CLEARED_OFFSET = offset += Integer.BYTES;
        CREATOR_PID_OFFSET = offset += Integer.BYTES;
        // Line 1: what only senders touch, under or around the write lock.
        WRITE_LOCK_OFFSET = CACHE_LINE_LENGTH;
        NEXT_SEQ_OFFSET = WRITE_LOCK_OFFSET + Long.BYTES;
        LOCK_WAITER_STAMP_OFFSET = NEXT_SEQ_OFFSET + 2 * Integer.BYTES;
        // One line each for the words that different parties write at different rates.
        TAIL_OFFSET = 2 * CACHE_LINE_LENGTH;
        DATA_FUTEX_OFFSET = 3 * CACHE_LINE_LENGTH;
        DATA_WAITERS_OFFSET = 4 * CACHE_LINE_LENGTH;
        SPACE_FUTEX_OFFSET = 5 * CACHE_LINE_LENGTH;
        SPACE_WAITERS_OFFSET = 6 * CACHE_LINE_LENGTH;
        MEMBERSHIP_FUTEX_OFFSET = 7 * CACHE_LINE_LENGTH;
        RECEIVER_MASK_OFFSET = 8 * CACHE_LINE_LENGTH;
        // The slot tables, each starting on a 1 KiB boundary; the ring on a page.
        SENDER_GENERATIONS_OFFSET = 1024;
        RECEIVER_SLOTS_OFFSET = SENDER_GENERATIONS_OFFSET + 1024;
        RING_OFFSET = 8192;
        if (SENDER_GENERATIONS_OFFSET + SlotDescriptor.MAX_SENDERS * Long.BYTES > RECEIVER_SLOTS_OFFSET
                || RECEIVER_SLOTS_OFFSET + SlotDescriptor.MAX_RECEIVERS * SlotDescriptor.RECEIVER_SLOT_LENGTH > RING_OFFSET) {
            throw new ExceptionInInitializerError("storage layout regions overlap");
        }
    }

    private StorageDescriptor() {
    }

    // ---- rules -------------------------------------------------------------------------------

    /**
     * The capacity rule: {@value #MIN_CAPACITY} bytes to 1 GiB, rounded up to a power of two.
     *
     * @param bytes the capacity asked for
     * @return the capacity a ring gets
     * @throws io.libipc.IpcException ERROR_INVALID_ARGUMENT naming the value and the range
     */
    public static int checkCapacity(long bytes) {
        if (bytes < MIN_CAPACITY || bytes > MAX_CAPACITY) {
            throw Errors.outOfRange("capacity", bytes, "between " + MIN_CAPACITY + " and " + MAX_CAPACITY + " bytes");
        }
        int c = (int) bytes;
        return Integer.bitCount(c) == 1 ? c : Integer.highestOneBit(c) << 1;
    }

    /**
     * The largest-message rule: 1 byte to 1 GiB; may exceed the capacity (such messages travel in
     * fragments).
     *
     * @param bytes the maximum asked for
     * @return the maximum
     * @throws io.libipc.IpcException ERROR_INVALID_ARGUMENT naming the value and the range
     */
    public static int checkMaxMessageSize(long bytes) {
        if (bytes < 1 || bytes > MAX_MESSAGE_SIZE_LIMIT) {
            throw Errors.outOfRange("maxMessageSize", bytes, "between 1 and " + MAX_MESSAGE_SIZE_LIMIT + " bytes");
        }
        return (int) bytes;
    }

    /**
     * Whether a capacity read from a file obeys the rule.
     *
     * @param capacity the value
     * @return true for a power of two from {@value #MIN_CAPACITY} to 1 GiB
     */
    public static boolean isValidCapacity(int capacity) {
        return capacity >= MIN_CAPACITY && capacity <= MAX_CAPACITY && Integer.bitCount(capacity) == 1;
    }

    /**
     * Whether a maximum message size read from a file obeys the rule.
     *
     * @param maxMessageSize the value
     * @return true from 1 to 1 GiB
     */
    public static boolean isValidMaxMessageSize(int maxMessageSize) {
        return maxMessageSize >= 1 && maxMessageSize <= MAX_MESSAGE_SIZE_LIMIT;
    }

    /**
     * Size of a storage file with the given ring capacity.
     *
     * @param capacity ring capacity in bytes
     * @return the file length in bytes
     */
    public static long fileLength(int capacity) {
        return (long) RING_OFFSET + capacity;
    }

    /**
     * Writes the header of a new file, the version last with a release store: non-zero means the
     * header is complete, for every process.
     *
     * @param memory the file's memory, zeroed
     * @param type the channel type
     * @param capacity a valid capacity
     * @param maxMessageSize a valid maximum
     */
    public static void initialise(SharedMemory memory, ChannelType type, int capacity, int maxMessageSize) {
        memory.putLongVolatile(MAGIC_OFFSET, MAGIC);
        memory.putInt(CHANNEL_TYPE_OFFSET, type.code());
        memory.putInt(CAPACITY_OFFSET, capacity);
        memory.putInt(MAX_MESSAGE_SIZE_OFFSET, maxMessageSize);
        memory.putInt(MAX_RECEIVERS_OFFSET, SlotDescriptor.MAX_RECEIVERS);
        memory.putInt(CREATOR_PID_OFFSET, (int) ProcessHandle.current().pid());
        memory.putIntRelease(VERSION_OFFSET, LAYOUT_VERSION);
    }

    // ---- typed access: one ordering per field -------------------------------------------------

    /**
     * Whether clearChannelStorage marked the storage cleared; volatile, because a clearer in
     * another process sets it and then wakes everybody.
     *
     * @param memory the storage memory
     * @return true when cleared
     */
    public static boolean isCleared(SharedMemory memory) {
        return memory.getIntVolatile(CLEARED_OFFSET) != 0;
    }

    /**
     * Marks the storage cleared (volatile: seen before the wake-ups that follow).
     *
     * @param memory the storage memory
     */
    public static void markCleared(SharedMemory memory) {
        memory.putIntVolatile(CLEARED_OFFSET, 1);
    }

    /**
     * The published end of the ring, with acquire: the records before it are then visible.
     *
     * @param memory the storage memory
     * @return the tail
     */
    public static long tail(SharedMemory memory) {
        return memory.getLongAcquire(TAIL_OFFSET);
    }

    /**
     * The tail read after announcing a sleep: volatile, so that the read cannot move before the
     * announcement (a lost wake-up otherwise).
     *
     * @param memory the storage memory
     * @return the tail
     */
    public static long tailAfterAnnouncing(SharedMemory memory) {
        return memory.getLongVolatile(TAIL_OFFSET);
    }

    /**
     * Publishes records up to {@code tail}: a volatile store, i.e. a release store plus a full fence,
     * which keeps the following check for sleeping receivers from passing it.
     *
     * @param memory the storage memory
     * @param tail the new tail
     */
    public static void publishTail(SharedMemory memory, long tail) {
        memory.putLongVolatile(TAIL_OFFSET, tail);
    }

    /**
     * The next message sequence number: plain, because only the write-lock holder reads or writes
     * it, and the lock's compare-and-set and release order it.
     *
     * @param memory the storage memory
     * @return the number
     */
    public static int nextSeq(SharedMemory memory) {
        return memory.getInt(NEXT_SEQ_OFFSET);
    }

    /**
     * Sets the next message sequence number, plain, under the write lock.
     *
     * @param memory the storage memory
     * @param seq the number
     */
    public static void setNextSeq(SharedMemory memory, int seq) {
        memory.putInt(NEXT_SEQ_OFFSET, seq);
    }

    /**
     * The write lock's owner, volatile.
     *
     * @param memory the storage memory
     * @return 0 when free, else the owner id
     */
    public static long writeLockOwner(SharedMemory memory) {
        return memory.getLongVolatile(WRITE_LOCK_OFFSET);
    }

    /**
     * Takes the write lock from {@code expected} (0 when free, or a dead owner's id).
     *
     * @param memory the storage memory
     * @param expected the owner seen
     * @param owner the new owner id, or 0 to free it
     * @return whether it was taken
     */
    public static boolean casWriteLock(SharedMemory memory, long expected, long owner) {
        return memory.compareAndSetLong(WRITE_LOCK_OFFSET, expected, owner);
    }

    /**
     * Frees the write lock with a release store: everything written under it is visible to the next owner.
     *
     * @param memory the storage memory
     */
    public static void releaseWriteLock(SharedMemory memory) {
        memory.putLongRelease(WRITE_LOCK_OFFSET, 0);
    }

    /**
     * The lock waiter stamp, volatile.
     *
     * @param memory the storage memory
     * @return the stamp, 0 when none
     */
    public static long lockWaiterStamp(SharedMemory memory) {
        return memory.getLongVolatile(LOCK_WAITER_STAMP_OFFSET);
    }

    /**
     * Stamps a waiting thread (release: it only needs to become visible soon).
     *
     * @param memory the storage memory
     * @param stamp an odd nanoTime
     */
    public static void stampLockWaiter(SharedMemory memory, long stamp) {
        memory.putLongRelease(LOCK_WAITER_STAMP_OFFSET, stamp);
    }

    /**
     * Withdraws a stamp unless somebody stamped since.
     *
     * @param memory the storage memory
     * @param stamp the stamp seen
     */
    public static void clearLockWaiterStamp(SharedMemory memory, long stamp) {
        memory.compareAndSetLong(LOCK_WAITER_STAMP_OFFSET, stamp, 0);
    }

    /**
     * The receiver mask, volatile.
     *
     * @param memory the storage memory
     * @return bit i set while receiver slot i is in use
     */
    public static long receiverMask(SharedMemory memory) {
        return memory.getLongVolatile(RECEIVER_MASK_OFFSET);
    }

    /**
     * Sets or clears one bit of the receiver mask atomically.
     *
     * @param memory the storage memory
     * @param slot the receiver slot
     * @param set true to set, false to clear
     */
    public static void updateReceiverMask(SharedMemory memory, int slot, boolean set) {
        long bit = 1L << slot;
        for (;;) {
            long mask = memory.getLongVolatile(RECEIVER_MASK_OFFSET);
            long next = set ? mask | bit : mask & ~bit;
            if (mask == next || memory.compareAndSetLong(RECEIVER_MASK_OFFSET, mask, next)) {
                return;
            }
        }
    }
}
