package io.libipc.sample;

import java.nio.ByteBuffer;

/**
 * The producer's control frames, which travel as raw bytes on {@link SampleChannels#CONTROL}: no
 * conversion, a fixed layout read with a {@link ByteBuffer} (big-endian).
 *
 * <pre>
 *  0        1                 9                 17
 *  +--------+-----------------+-----------------+
 *  | kind   | sent (long)     | lastSequence    |
 *  +--------+-----------------+-----------------+
 * </pre>
 *
 * @param kind what the frame says
 * @param sent ticks sent so far in this run
 * @param lastSequence the sequence of the last tick sent, 0 before the first
 */
public record ControlFrame(Kind kind, long sent, long lastSequence) {

    /** Length of every frame in bytes. */
    public static final int LENGTH = 17;

    /** What a frame says. */
    public enum Kind {
        /** The stream is running (sent every progress interval). */
        HEARTBEAT,
        /** The stream has ended: report what arrived. */
        END,
        /** The producer is leaving: exit. */
        SHUTDOWN
    }

    /**
     * The frame as bytes.
     *
     * @return {@link #LENGTH} bytes
     */
    public byte[] toBytes() {
        return ByteBuffer.allocate(LENGTH).put((byte) kind.ordinal()).putLong(sent).putLong(lastSequence).array();
    }

    /**
     * Reads a frame.
     *
     * @param bytes what arrived on the control channel
     * @return the frame
     * @throws IllegalArgumentException when the bytes are no frame
     */
    public static ControlFrame fromBytes(byte[] bytes) {
        if (bytes.length != LENGTH || bytes[0] < 0 || bytes[0] >= Kind.values().length) {
            throw new IllegalArgumentException("not a control frame: length=" + bytes.length
                    + (bytes.length > 0 ? ", kind=" + bytes[0] : ""));
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new ControlFrame(Kind.values()[buffer.get()], buffer.getLong(), buffer.getLong());
    }
}
