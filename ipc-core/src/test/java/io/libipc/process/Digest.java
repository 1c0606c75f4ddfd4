package io.libipc.process;

import java.util.zip.CRC32;

/**
 * A checksum of a stream of messages, boundaries included: two streams have the same digest only
 * if they hold the same messages, with the same bytes, in the same order (up to CRC32 collisions).
 */
final class Digest {

    private final CRC32 crc = new CRC32();
    private long count;

    /**
     * Adds a message.
     *
     * @param message its bytes
     */
    void add(byte[] message) {
        addInt(message.length);
        crc.update(message, 0, message.length);
        count++;
    }

    /**
     * Adds an int, e.g. a sender id or sequence number for a digest of the order alone.
     *
     * @param v the value
     */
    void addInt(int v) {
        crc.update(v >>> 24);
        crc.update(v >>> 16);
        crc.update(v >>> 8);
        crc.update(v);
    }

    /** @return messages added */
    long count() {
        return count;
    }

    /** @return the checksum as 8 hex digits */
    String hex() {
        return String.format("%08x", crc.getValue());
    }
}
