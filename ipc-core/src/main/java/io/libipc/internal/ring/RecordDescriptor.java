package io.libipc.internal.ring;

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
 * identifies the sending handle (receiver slot + 1 of a handle that also receives, else 0) so that
 * a handle skips its own messages. {@code seq} numbers messages (fragments of one message share
 * it) so that an evicting sender can tell a receiver how many messages it lost.
 *
 * <p>A message larger than {@link #maxFragmentPayload(int)} travels as FIRST, MIDDLE..., LAST
 * fragments, always contiguous in the ring because the sender holds the write lock for the whole
 * message. A receiver delivers it only when LAST arrives; a FIRST or UNFRAGMENTED record
 * arriving while a message is incomplete means its sender died or gave up half-way, and the
 * partial message is dropped.
 */
public final class RecordDescriptor {

    /** Records start at multiples of this. */
    public static final int ALIGNMENT = 16;
    /** Length of the record header. */
    public static final int HEADER_LENGTH = 16;
    /** Offset of the record length (int). */
    public static final int LENGTH_OFFSET = 0;
    /** Offset of the record type (int). */
    public static final int TYPE_OFFSET = 4;
    /** Offset of the sender tag (int). */
    public static final int SENDER_TAG_OFFSET = 8;
    /** Offset of the message sequence number (int). */
    public static final int SEQ_OFFSET = 12;
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

    private RecordDescriptor() {
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
