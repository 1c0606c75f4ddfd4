package io.libipc.internal.storage;

import io.libipc.internal.memory.SharedMemory;

/**
 * Layout of one record in the ring. Records start at multiples of {@link #ALIGNMENT}, so a
 * record never straddles the ring's end: when one would, a {@link #TYPE_PADDING} record fills
 * the rest of the ring first. Records up to the published tail are complete: the tail is the
 * commit, stored with release semantics after the record's bytes.
 *
 * <pre>
 *   0 +-----------------+-----------------+-----------------+-----------------+
 *     | length (4)      | type (4)        | senderTag (4)   | seq (4)         |
 *  16 +-----------------+-----------------+-----------------+-----------------+
 *     | FIRST only: totalLength (4) | padding (4)                            |
 *     +-----------------------------------------------------------------------+
 *     | payload ...                                    padded to 16 bytes     |
 *     +-----------------------------------------------------------------------+
 * </pre>
 *
 * <p>{@code length} counts header and payload without the final padding. {@code senderTag}
 * identifies the sending handle ({@link #senderTag(int)}: receiver slot + 1 of a handle that also
 * receives, else {@link #NO_SENDER_TAG}) so that a handle skips its own messages. {@code seq}
 * numbers messages (fragments of one message share it) so that an evicting sender can tell a
 * receiver how many messages it lost.
 *
 * <p>A message larger than {@link #maxFragmentPayload(int)} travels as FIRST, MIDDLE..., LAST
 * fragments, always contiguous in the ring because the sender holds the write lock for the whole
 * message. A receiver delivers it only when LAST arrives; a FIRST or UNFRAGMENTED record
 * arriving while a message is incomplete means its sender died or gave up half-way, and the
 * partial message is dropped.
 *
 * <p>Every field of a record is read and written plain: records are written by the write-lock
 * holder before it publishes the tail (a release store), and read after the tail is read with
 * acquire, which orders them.
 */
public final class RecordDescriptor {

    /** Records start at multiples of this. */
    public static final int ALIGNMENT = 16;
    /** Offset of the record length (int). */
    public static final int LENGTH_OFFSET = 0;
    /** Offset of the record type (int). */
    public static final int TYPE_OFFSET = LENGTH_OFFSET + Integer.BYTES;
    /** Offset of the sender tag (int). */
    public static final int SENDER_TAG_OFFSET = TYPE_OFFSET + Integer.BYTES;
    /** Offset of the message sequence number (int). */
    public static final int SEQ_OFFSET = SENDER_TAG_OFFSET + Integer.BYTES;
    /** Length of the record header. */
    public static final int HEADER_LENGTH = SEQ_OFFSET + Integer.BYTES;
    /** Extra header of a FIRST fragment: the whole message's length (int) and padding. */
    public static final int FIRST_EXTRA_LENGTH = 8;

    /** Fills the ring up to its end; carries no message. */
    public static final int TYPE_PADDING = 1;
    /** A whole message. */
    public static final int TYPE_UNFRAGMENTED = 2;
    /** First fragment of a message. */
    public static final int TYPE_FIRST = 3;
    /** A middle fragment. */
    public static final int TYPE_MIDDLE = 4;
    /** Last fragment: the message is complete. */
    public static final int TYPE_LAST = 5;

    /** The sender tag of a handle that does not receive: no receiver skips its messages. */
    public static final int NO_SENDER_TAG = 0;

    private RecordDescriptor() {
    }

    /**
     * The tag a sending handle puts on its records, so that its own receiver skips them.
     *
     * @param ownReceiverSlot the handle's receiver slot, or -1 when it does not receive
     * @return the tag
     */
    public static int senderTag(int ownReceiverSlot) {
        return ownReceiverSlot < 0 ? NO_SENDER_TAG : ownReceiverSlot + 1;
    }

    /**
     * Writes a record header.
     *
     * @param memory the storage memory
     * @param at the record's offset in the memory
     * @param length header plus payload
     * @param type the record type
     * @param senderTag the sender's tag
     * @param seq the message sequence number
     */
    public static void putHeader(SharedMemory memory, int at, int length, int type, int senderTag, int seq) {
        memory.putInt(at + LENGTH_OFFSET, length);
        memory.putInt(at + TYPE_OFFSET, type);
        memory.putInt(at + SENDER_TAG_OFFSET, senderTag);
        memory.putInt(at + SEQ_OFFSET, seq);
    }

    /**
     * A record's length.
     *
     * @param memory the storage memory
     * @param at the record's offset
     * @return header plus payload, unchecked
     */
    public static int length(SharedMemory memory, int at) {
        return memory.getInt(at + LENGTH_OFFSET);
    }

    /**
     * A record's type.
     *
     * @param memory the storage memory
     * @param at the record's offset
     * @return the type, unchecked
     */
    public static int type(SharedMemory memory, int at) {
        return memory.getInt(at + TYPE_OFFSET);
    }

    /**
     * A record's sender tag.
     *
     * @param memory the storage memory
     * @param at the record's offset
     * @return the tag
     */
    public static int senderTagAt(SharedMemory memory, int at) {
        return memory.getInt(at + SENDER_TAG_OFFSET);
    }

    /**
     * A record's message sequence number.
     *
     * @param memory the storage memory
     * @param at the record's offset
     * @return the number
     */
    public static int seq(SharedMemory memory, int at) {
        return memory.getInt(at + SEQ_OFFSET);
    }

    /**
     * The whole message's length, in a FIRST fragment.
     *
     * @param memory the storage memory
     * @param at the record's offset
     * @return the length, unchecked
     */
    public static int totalLength(SharedMemory memory, int at) {
        return memory.getInt(at + HEADER_LENGTH);
    }

    /**
     * Writes the whole message's length into a FIRST fragment.
     *
     * @param memory the storage memory
     * @param at the record's offset
     * @param total the message length
     */
    public static void putTotalLength(SharedMemory memory, int at, int total) {
        memory.putInt(at + HEADER_LENGTH, total);
    }

    /**
     * Where a record's payload starts.
     *
     * @param at the record's offset
     * @param type the record type
     * @return the payload's offset
     */
    public static int payloadOffset(int at, int type) {
        return at + HEADER_LENGTH + (type == TYPE_FIRST ? FIRST_EXTRA_LENGTH : 0);
    }

    /**
     * Largest payload of one record: a quarter of the ring, so that a fragment fits as soon as a
     * quarter of the ring is free and large messages stream while receivers read.
     *
     * @param capacity ring capacity
     * @return bytes of payload
     */
    public static int maxFragmentPayload(int capacity) {
        return capacity / 4 - HEADER_LENGTH - FIRST_EXTRA_LENGTH;
    }

    /**
     * The ring bytes a record of the given unpadded length occupies.
     *
     * @param length header plus payload
     * @return length rounded up to {@link #ALIGNMENT}
     */
    public static int align(int length) {
        return (length + ALIGNMENT - 1) & -ALIGNMENT;
    }
}
