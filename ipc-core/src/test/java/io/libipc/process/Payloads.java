package io.libipc.process;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * Self-checking test messages, made the same way by parent and children so that any receiver can
 * tell a whole, intact message from a torn or foreign one without being told what to expect.
 *
 * <pre>
 * length &lt; 16:  byte i = tiny(length, i)                       (no room for a header)
 * length &gt;= 16: | sender (4) | seq (4) | length (4) | crc32 of body (4) | body: pseudo-random from (sender, seq) |
 * </pre>
 *
 * The length field catches a message cut short or run together with another; the CRC catches any
 * byte from the wrong place; sender and seq let receivers check FIFO order per sender.
 */
final class Payloads {

    /** Length of the header of messages that carry one. */
    static final int HEADER = 16;

    private Payloads() {
    }

    /**
     * Makes a message.
     *
     * @param sender the sending process's id
     * @param seq its sequence number
     * @param size the message length, 0 or more
     * @return the message
     */
    static byte[] make(int sender, int seq, int size) {
        byte[] b = new byte[size];
        if (size < HEADER) {
            for (int i = 0; i < size; i++) {
                b[i] = tiny(size, i);
            }
            return b;
        }
        ByteBuffer bb = ByteBuffer.wrap(b);
        bb.putInt(0, sender).putInt(4, seq).putInt(8, size);
        long x = seed(sender, seq);
        int i = HEADER;
        for (; i + 8 <= size; i += 8) {
            x = next(x);
            bb.putLong(i, x);
        }
        x = next(x);
        for (; i < size; i++, x >>>= 8) {
            b[i] = (byte) x;
        }
        CRC32 crc = new CRC32();
        crc.update(b, HEADER, size - HEADER);
        bb.putInt(12, (int) crc.getValue());
        return b;
    }

    /**
     * Checks a received message.
     *
     * @param b the message
     * @return null when intact, else what is wrong
     */
    static String check(byte[] b) {
        int size = b.length;
        if (size < HEADER) {
            for (int i = 0; i < size; i++) {
                if (b[i] != tiny(size, i)) {
                    return "tiny message of " + size + " bytes has a wrong byte at index " + i;
                }
            }
            return null;
        }
        ByteBuffer bb = ByteBuffer.wrap(b);
        if (bb.getInt(8) != size) {
            return "length field says " + bb.getInt(8) + " but " + size + " bytes arrived (sender " + bb.getInt(0)
                    + ", seq " + bb.getInt(4) + ")";
        }
        CRC32 crc = new CRC32();
        crc.update(b, HEADER, size - HEADER);
        if ((int) crc.getValue() != bb.getInt(12)) {
            return "body checksum mismatch (sender " + bb.getInt(0) + ", seq " + bb.getInt(4) + ", length " + size + ")";
        }
        return null;
    }

    /** @return the sender id of a message that has a header, else -1 */
    static int sender(byte[] b) {
        return b.length < HEADER ? -1 : ByteBuffer.wrap(b).getInt(0);
    }

    /** @return the sequence number of a message that has a header, else -1 */
    static int seq(byte[] b) {
        return b.length < HEADER ? -1 : ByteBuffer.wrap(b).getInt(4);
    }

    /**
     * A varied message size, the same in every process for a (sender, seq): mostly small, some
     * kilobytes, and a few tens of kilobytes, which travel as fragments in a 64 KiB ring.
     *
     * @param sender the sender id
     * @param seq the sequence number
     * @return a size of at least {@link #HEADER} bytes
     */
    static int mixedSize(int sender, int seq) {
        long h = next(seed(sender, seq) ^ 0x5DEECE66DL);
        int pick = (int) Long.remainderUnsigned(h, 100);
        int r = (int) ((h >>> 32) & 0x7fffffff);
        if (pick < 70) {
            return HEADER + r % 240;
        }
        if (pick < 95) {
            return 256 + r % 3840;
        }
        return 17 * 1024 + r % (24 * 1024);
    }

    /**
     * Sizes from a spec: a comma list cycled through, where {@code m} means {@link #mixedSize}.
     *
     * @param spec e.g. {@code 0,1,64,4096} or {@code m} or {@code 100000,m,m}
     * @param sender the sender id
     * @param seq the sequence number
     * @param index the message's index in its batch
     * @return the size
     */
    static int size(String spec, int sender, int seq, int index) {
        String[] items = spec.split(",");
        String item = items[index % items.length];
        return item.equals("m") ? mixedSize(sender, seq) : Integer.parseInt(item);
    }

    private static byte tiny(int size, int i) {
        return (byte) (size * 31 + i * 7 + 1);
    }

    private static long seed(int sender, int seq) {
        long x = ((long) sender << 32) ^ (seq & 0xffffffffL) ^ 0x9E3779B97F4A7C15L;
        return x == 0 ? 1 : x;
    }

    private static long next(long x) {
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        return x;
    }
}
