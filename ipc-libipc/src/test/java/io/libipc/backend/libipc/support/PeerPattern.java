package io.libipc.backend.libipc.support;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The message pattern and the digest of {@code libipc_peer.cpp} (its header comment is the
 * reference), so that a Java process and the C++ peer are interchangeable on either side of a
 * channel: message {@code k} of size {@code n} has byte {@code i = (k * 31 + i) & 0xFF}, and then,
 * when {@code n >= 8}, bytes 0..7 = {@code k} as an unsigned 64-bit little-endian integer. The
 * digest is FNV-1a 64 over, for each message in order, its size as 8 bytes little-endian and then
 * its bytes, printed as 16 lower-case hex digits.
 *
 * <p>Several senders on one CHANNEL are told apart by the high 32 bits of {@code k}
 * ({@link #senderK}): the C++ peer's {@code k} counts from 0 (sender 0), a Java sender with
 * {@code --sender-id 1} sends {@code k = 1 << 32 | j}.
 */
public final class PeerPattern {

    private PeerPattern() {
    }

    /**
     * Message {@code k} of the pattern.
     *
     * @param k the message's number (for several senders, {@link #senderK})
     * @param n its size
     * @return its bytes
     */
    public static byte[] message(long k, int n) {
        byte[] m = new byte[n];
        for (int i = 0; i < n; i++) {
            m[i] = (byte) (k * 31 + i);
        }
        if (n >= 8) {
            for (int b = 0; b < 8; b++) {
                m[b] = (byte) (k >>> (8 * b));
            }
        }
        return m;
    }

    /**
     * Whether a message is message {@code k} of the pattern, for its own size.
     *
     * @param m the message
     * @param k the number it should have
     * @return true when every byte is as the pattern says
     */
    public static boolean matches(byte[] m, long k) {
        return Arrays.equals(m, message(k, m.length));
    }

    /**
     * The number a message of 8 bytes or more carries in its first 8 bytes.
     *
     * @param m the message, at least 8 bytes
     * @return its {@code k}
     */
    public static long numberOf(byte[] m) {
        long k = 0;
        for (int b = 7; b >= 0; b--) {
            k = (k << 8) | (m[b] & 0xFF);
        }
        return k;
    }

    /**
     * The {@code k} of a sender's {@code j}-th message when several senders share a channel.
     *
     * @param senderId 0 for the C++ peer, 1 and up for Java senders
     * @param j the sender's own message number
     * @return {@code senderId << 32 | j}
     */
    public static long senderK(int senderId, long j) {
        return ((long) senderId << 32) | j;
    }

    /**
     * Message sizes from a comma list, as the peer's {@code <sizes>}.
     *
     * @param list e.g. {@code "1,64,65"}
     * @return the sizes
     */
    public static int[] sizes(String list) {
        return Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    /** The peer's FNV-1a 64 digest of a stream of messages, sizes included. Not thread-safe. */
    public static final class Digest {

        private static final long OFFSET_BASIS = 0xcbf29ce484222325L;
        private static final long PRIME = 0x100000001b3L;

        private long h = OFFSET_BASIS;
        private long count;

        /**
         * Adds a message.
         *
         * @param m its bytes
         * @return this
         */
        public Digest add(byte[] m) {
            return add(ByteBuffer.wrap(m));
        }

        /**
         * Adds a message: a buffer's bytes from position to limit (the position does not move).
         *
         * @param m the message
         * @return this
         */
        public Digest add(ByteBuffer m) {
            long n = m.remaining();
            for (int b = 0; b < 8; b++) {
                mix((byte) (n >>> (8 * b)));
            }
            for (int i = m.position(); i < m.limit(); i++) {
                mix(m.get(i));
            }
            count++;
            return this;
        }

        private void mix(byte b) {
            h = (h ^ (b & 0xFF)) * PRIME;
        }

        /** @return messages added */
        public long count() {
            return count;
        }

        /** @return the digest as the peer prints it: 16 lower-case hex digits */
        public String hex() {
            return String.format("%016x", h);
        }
    }
}
