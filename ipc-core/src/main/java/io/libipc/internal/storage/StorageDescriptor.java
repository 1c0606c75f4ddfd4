package io.libipc.internal.storage;

/**
 * Layout of a channel's storage file: one file per channel, memory-mapped by every process
 * that uses the channel. All multi-byte fields are in native byte order and aligned to their
 * size, so they can be accessed atomically; words written by different parties sit on separate
 * 64-byte cache lines.
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
 *     | senderGeneration[64] (8 each)                                |  CHANNEL sender slots
 *1536 +--------------------------------------------------------------+
 *     | padding                                                      |
 *2048 +--------------------------------------------------------------+
 *     | receiver slot 0 (64): cursor (8) | lost (8) | generation (8) | pid (4) |  |
 *     |                       lostThroughSeq (4) | padding                |
 *     | ... 64 slots                                                 |
 *6144 +--------------------------------------------------------------+
 *     | padding                                                      |
 *8192 +--------------------------------------------------------------+
 *     | ring: capacity bytes of records (see RecordDescriptor)       |
 *     +--------------------------------------------------------------+
 * </pre>
 *
 * <p>Liveness does not live in this memory: each participant holds a POSIX (fcntl) lock on one
 * byte of the file, at offsets far beyond its end ({@link #SENDER_LOCK_BASE},
 * {@link #RECEIVER_LOCK_BASE}), for as long as it is connected. The kernel drops the lock when
 * the process dies, kill -9 included, and that works across pid namespaces where pids do not.
 */
public final class StorageDescriptor {

    /** "LIBIPCJ\0" read as a little-endian long: identifies our storage files. */
    public static final long MAGIC = 0x004A435049424C49L;
    /** Layout version this library writes and reads. */
    public static final int LAYOUT_VERSION = 1;

    /** Offset of the magic number (long). */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the layout version (int), written last with a release store: non-zero means initialised. */
    public static final int VERSION_OFFSET = 8;
    /** Offset of the {@link io.libipc.ChannelType#code()} (int). */
    public static final int CHANNEL_TYPE_OFFSET = 12;
    /** Offset of the ring capacity in bytes (int, a power of two). */
    public static final int CAPACITY_OFFSET = 16;
    /** Offset of the largest message in bytes (int). */
    public static final int MAX_MESSAGE_SIZE_OFFSET = 20;
    /** Offset of the number of receiver slots (int). */
    public static final int MAX_RECEIVERS_OFFSET = 24;
    /** Offset of the cleared flag (int): set by clearChannelStorage before the file is removed. */
    public static final int CLEARED_OFFSET = 28;
    /** Offset of the creator's pid (int): a hint for messages and tools, never used for liveness. */
    public static final int CREATOR_PID_OFFSET = 32;

    /** Offset of the write lock (long): 0 when free, else the owner's id (see WriteLock). */
    public static final int WRITE_LOCK_OFFSET = 64;
    /** Offset of the next message sequence number (int), touched only by the write-lock holder. */
    public static final int NEXT_SEQ_OFFSET = 72;
    /**
     * Offset of the {@link System#nanoTime()} at which a thread last waited for the write lock past
     * its spin phase (long), 0 when none. A time rather than a count, so that a waiter killed
     * while waiting leaves a stamp that simply ages out (CLOCK_MONOTONIC is shared by every
     * process and container of one kernel).
     */
    public static final int LOCK_WAITER_STAMP_OFFSET = 80;
    /** Offset of the tail (long): the ring position up to which records are published. */
    public static final int TAIL_OFFSET = 128;
    /** Offset of the futex word receivers sleep on (int). */
    public static final int DATA_FUTEX_OFFSET = 192;
    /** Offset of the number of announced sleeps on the data futex not yet woken (int). */
    public static final int DATA_WAITERS_OFFSET = 256;
    /** Offset of the futex word senders sleep on when the ring is full (int). */
    public static final int SPACE_FUTEX_OFFSET = 320;
    /** Offset of the number of announced sleeps on the space futex not yet woken (int). */
    public static final int SPACE_WAITERS_OFFSET = 384;
    /** Offset of the futex word bumped whenever a receiver connects or goes (int). */
    public static final int MEMBERSHIP_FUTEX_OFFSET = 448;
    /** Offset of the receiver mask (long): bit i set while receiver slot i is in use. */
    public static final int RECEIVER_MASK_OFFSET = 512;

    /** Number of receiver slots: one bit each in the receiver mask. */
    public static final int MAX_RECEIVERS = 64;
    /** Number of sender slots of a CHANNEL (a ROUTE uses slot 0 only). */
    public static final int MAX_SENDERS = 64;

    /** Offset of the sender generations (64 longs). */
    public static final int SENDER_GENERATIONS_OFFSET = 1024;
    /** Offset of the receiver slots. */
    public static final int RECEIVER_SLOTS_OFFSET = 2048;
    /** Length of one receiver slot: one cache line. */
    public static final int RECEIVER_SLOT_LENGTH = 64;
    /** Offset in a receiver slot of its cursor (long): the ring position of its next record. */
    public static final int SLOT_CURSOR_OFFSET = 0;
    /** Offset in a receiver slot of the messages it lost to eviction (long, cumulative). */
    public static final int SLOT_LOST_OFFSET = 8;
    /** Offset in a receiver slot of its generation (long), bumped by every new owner. */
    public static final int SLOT_GENERATION_OFFSET = 16;
    /** Offset in a receiver slot of its owner's pid (int): a hint only. */
    public static final int SLOT_PID_OFFSET = 24;
    /**
     * Offset in a receiver slot of the last message sequence number already counted as lost
     * (int), so that a receiver evicted twice within one large message loses it only once.
     * Written under the write lock only.
     */
    public static final int SLOT_LOST_THROUGH_SEQ_OFFSET = 28;

    /** Offset of the ring, page aligned. */
    public static final int RING_OFFSET = 8192;

    /** File offset of the byte locked while a file is created, validated or cleared. */
    public static final long INIT_LOCK = 1L << 40;
    /** File offset of the byte locked by sender slot 0; slot i locks {@code SENDER_LOCK_BASE + i}. */
    public static final long SENDER_LOCK_BASE = INIT_LOCK + 1024;
    /** File offset of the byte locked by receiver slot 0; slot i locks {@code RECEIVER_LOCK_BASE + i}. */
    public static final long RECEIVER_LOCK_BASE = INIT_LOCK + 2048;

    private StorageDescriptor() {
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
     * Offset of a receiver slot.
     *
     * @param slot 0 to {@link #MAX_RECEIVERS} - 1
     * @return the slot's offset in the file
     */
    public static int receiverSlotOffset(int slot) {
        return RECEIVER_SLOTS_OFFSET + slot * RECEIVER_SLOT_LENGTH;
    }

    /**
     * Offset of a sender slot's generation.
     *
     * @param slot 0 to {@link #MAX_SENDERS} - 1
     * @return the offset in the file
     */
    public static int senderGenerationOffset(int slot) {
        return SENDER_GENERATIONS_OFFSET + slot * Long.BYTES;
    }
}
