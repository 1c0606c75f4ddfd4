package io.libipc.internal.storage;

import io.libipc.internal.memory.SharedMemory;

/**
 * Layout of the participants' slot tables in a storage file, the ids packed from them, and typed
 * access to their fields (see {@link StorageDescriptor} for where the tables sit).
 *
 * <pre>
 * sender generations: 64 longs, bumped by each new owner of a sender slot
 *
 * receiver slot (one cache line each, 64 slots):
 *   0 +---------------+---------------+---------------+-------+----------------+
 *     | cursor (8)    | lost (8)      | generation (8)| pid(4)| lostThroughSeq |
 *  32 +---------------+---------------+---------------+-------+----------------+
 *     | padding (32)                                                          |
 *  64 +-----------------------------------------------------------------------+
 *
 * owner id (the write lock's value while a participant holds it):
 *   63  62 61           8 7        0
 *   +------+--------------+----------+
 *   | kind | generation   | slot     |     kind: 1 sender, 2 receiver; generation: low 54 bits
 *   +------+--------------+----------+
 * </pre>
 *
 * <p>A slot's liveness is a POSIX lock on one byte at {@link #lockPosition}: far beyond the end of
 * the file, so that locking it never touches the data.
 */
public final class SlotDescriptor {

    /** Number of receiver slots: one bit each in the receiver mask. */
    public static final int MAX_RECEIVERS = 64;
    /** Number of sender slots of a CHANNEL (a ROUTE uses slot 0 only). */
    public static final int MAX_SENDERS = 64;
    /** Length of one receiver slot: one cache line. */
    public static final int RECEIVER_SLOT_LENGTH = StorageDescriptor.CACHE_LINE_LENGTH;

    /** Offset in a receiver slot of its cursor (long): the ring position of its next record. */
    public static final int SLOT_CURSOR_OFFSET = 0;
    /** Offset in a receiver slot of the messages it lost to eviction (long, cumulative). */
    public static final int SLOT_LOST_OFFSET = SLOT_CURSOR_OFFSET + Long.BYTES;
    /** Offset in a receiver slot of its generation (long), bumped by every new owner. */
    public static final int SLOT_GENERATION_OFFSET = SLOT_LOST_OFFSET + Long.BYTES;
    /** Offset in a receiver slot of its owner's pid (int): a hint only. */
    public static final int SLOT_PID_OFFSET = SLOT_GENERATION_OFFSET + Long.BYTES;
    /**
     * Offset in a receiver slot of the last message sequence number already counted as lost
     * (int), so that a receiver evicted twice within one large message loses it only once.
     * Written under the write lock only.
     */
    public static final int SLOT_LOST_THROUGH_SEQ_OFFSET = SLOT_PID_OFFSET + Integer.BYTES;

    /** File offset of the byte locked by sender slot 0; slot i locks this plus i. */
    public static final long SENDER_LOCK_BASE = StorageDescriptor.INIT_LOCK_POSITION + 1024;
    /** File offset of the byte locked by receiver slot 0; slot i locks this plus i. */
    public static final long RECEIVER_LOCK_BASE = StorageDescriptor.INIT_LOCK_POSITION + 2048;

    private static final long GENERATION_MASK = (1L << 54) - 1;

    private SlotDescriptor() {
    }

    // ---- positions ----------------------------------------------------------------------------

    /**
     * Offset of a receiver slot.
     *
     * @param slot 0 to {@link #MAX_RECEIVERS} - 1
     * @return the slot's offset in the file
     */
    public static int receiverSlotOffset(int slot) {
        return StorageDescriptor.RECEIVER_SLOTS_OFFSET + slot * RECEIVER_SLOT_LENGTH;
    }

    /**
     * Offset of a slot's generation word.
     *
     * @param kind sender or receiver
     * @param slot the slot index
     * @return the offset in the file
     */
    public static int generationOffset(SlotKind kind, int slot) {
        return kind == SlotKind.RECEIVER ? receiverSlotOffset(slot) + SLOT_GENERATION_OFFSET
                : StorageDescriptor.SENDER_GENERATIONS_OFFSET + slot * Long.BYTES;
    }

    /**
     * The file position whose POSIX lock a slot's owner holds while it lives.
     *
     * @param kind sender or receiver
     * @param slot the slot index
     * @return the byte position, beyond the end of any file
     */
    public static long lockPosition(SlotKind kind, int slot) {
        return (kind == SlotKind.RECEIVER ? RECEIVER_LOCK_BASE : SENDER_LOCK_BASE) + slot;
    }

    // ---- owner ids ----------------------------------------------------------------------------

    /**
     * Packs the id a participant writes into the write lock.
     *
     * @param kind sender or receiver
     * @param slot the slot index
     * @param generation the slot's generation when it was claimed
     * @return a non-zero id
     */
    public static long ownerId(SlotKind kind, int slot, long generation) {
        return ((long) kind.code() << 62) | ((generation & GENERATION_MASK) << 8) | slot;
    }

    /**
     * The kind of an owner id.
     *
     * @param ownerId an id, possibly garbage
     * @return its kind (anything but the receiver code reads as a sender)
     */
    public static SlotKind ownerKind(long ownerId) {
        return (ownerId >>> 62) == SlotKind.RECEIVER.code() ? SlotKind.RECEIVER : SlotKind.SENDER;
    }

    /**
     * The slot of an owner id.
     *
     * @param ownerId an id
     * @return 0 to 255, possibly beyond the kind's slot count when the id is garbage
     */
    public static int ownerSlot(long ownerId) {
        return (int) (ownerId & 0xFF);
    }

    /**
     * Whether an owner id's generation is a slot's current generation.
     *
     * @param ownerId an id
     * @param generation the slot's generation word
     * @return true when they match
     */
    public static boolean sameGeneration(long ownerId, long generation) {
        return ((ownerId >>> 8) & GENERATION_MASK) == (generation & GENERATION_MASK);
    }

    // ---- typed access -------------------------------------------------------------------------

    /**
     * Bumps a slot's generation for a new owner (atomically: two processes may race for a slot's
     * lock, one of them a prober that found it dead).
     *
     * @param memory the storage memory
     * @param kind sender or receiver
     * @param slot the slot index
     * @return the new generation
     */
    public static long nextGeneration(SharedMemory memory, SlotKind kind, int slot) {
        return memory.getAndAddLong(generationOffset(kind, slot), 1) + 1;
    }

    /**
     * A slot's generation, volatile.
     *
     * @param memory the storage memory
     * @param kind sender or receiver
     * @param slot the slot index
     * @return the generation
     */
    public static long generation(SharedMemory memory, SlotKind kind, int slot) {
        return memory.getLongVolatile(generationOffset(kind, slot));
    }

    /**
     * The offset of a receiver's cursor, which the ring's writer and reader keep for their hot
     * paths and access through {@link #cursor}, {@link #casCursor}.
     *
     * @param slot the receiver slot
     * @return the offset
     */
    public static int cursorOffset(int slot) {
        return receiverSlotOffset(slot) + SLOT_CURSOR_OFFSET;
    }

    /**
     * A receiver's cursor, volatile: its owner and evicting senders move it concurrently.
     *
     * @param memory the storage memory
     * @param cursorOffset from {@link #cursorOffset}
     * @return the ring position of the receiver's next record
     */
    public static long cursor(SharedMemory memory, int cursorOffset) {
        return memory.getLongVolatile(cursorOffset);
    }

    /**
     * Moves a receiver's cursor if nobody moved it since; a full fence.
     *
     * @param memory the storage memory
     * @param cursorOffset from {@link #cursorOffset}
     * @param expected the position seen
     * @param next the new position
     * @return whether it moved
     */
    public static boolean casCursor(SharedMemory memory, int cursorOffset, long expected, long next) {
        return memory.compareAndSetLong(cursorOffset, expected, next);
    }

    /**
     * Starts a receiver at a position (under the write lock, while it joins), with its loss
     * accounting reset; volatile stores, the cursor last.
     *
     * @param memory the storage memory
     * @param slot the receiver slot
     * @param position the tail at joining
     * @param lostThroughSeq the last sequence number it cannot lose (it was sent before joining)
     */
    public static void startReceiver(SharedMemory memory, int slot, long position, int lostThroughSeq) {
        int at = receiverSlotOffset(slot);
        memory.putLongVolatile(at + SLOT_LOST_OFFSET, 0);
        memory.putIntVolatile(at + SLOT_LOST_THROUGH_SEQ_OFFSET, lostThroughSeq);
        memory.putIntVolatile(at + SLOT_PID_OFFSET, (int) ProcessHandle.current().pid());
        memory.putLongVolatile(at + SLOT_CURSOR_OFFSET, position);
    }

    /**
     * A receiver's owner pid, a hint for messages only.
     *
     * @param memory the storage memory
     * @param slot the receiver slot
     * @return the pid in its owner's namespace
     */
    public static int receiverPid(SharedMemory memory, int slot) {
        return memory.getIntVolatile(receiverSlotOffset(slot) + SLOT_PID_OFFSET);
    }

    /**
     * The messages a receiver lost so far, volatile (evicting senders add to it).
     *
     * @param memory the storage memory
     * @param slot the receiver slot
     * @return the cumulative count
     */
    public static long lost(SharedMemory memory, int slot) {
        return memory.getLongVolatile(receiverSlotOffset(slot) + SLOT_LOST_OFFSET);
    }

    /**
     * Adds to a receiver's lost count atomically (before its cursor moves, so that the receiver
     * noticing the move always finds the count).
     *
     * @param memory the storage memory
     * @param slot the receiver slot
     * @param delta the messages lost, or minus that to take a count back
     */
    public static void addLost(SharedMemory memory, int slot, long delta) {
        memory.getAndAddLong(receiverSlotOffset(slot) + SLOT_LOST_OFFSET, delta);
    }

    /**
     * The last sequence number counted as lost for a receiver, volatile.
     *
     * @param memory the storage memory
     * @param slot the receiver slot
     * @return the sequence number
     */
    public static int lostThroughSeq(SharedMemory memory, int slot) {
        return memory.getIntVolatile(receiverSlotOffset(slot) + SLOT_LOST_THROUGH_SEQ_OFFSET);
    }

    /**
     * Records the last sequence number counted as lost, under the write lock.
     *
     * @param memory the storage memory
     * @param slot the receiver slot
     * @param seq the sequence number
     */
    public static void setLostThroughSeq(SharedMemory memory, int slot, int seq) {
        memory.putIntVolatile(receiverSlotOffset(slot) + SLOT_LOST_THROUGH_SEQ_OFFSET, seq);
    }
}
