package io.libipc.backend.libipc.support;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Checks what one receiver gets from several senders on a CHANNEL: each message must be the
 * pattern message of the {@code k} it carries ({@link PeerPattern}, so at least 8 bytes) and the
 * next one of its sender ({@code k >>> 32}), i.e. FIFO per sender with no gap. Counts how often
 * the stream switched sender, to show that the senders really interleaved. Not thread-safe.
 */
public final class SenderOrder {

    private final Map<Long, Long> next = new TreeMap<>();
    private long errors;
    private long switches;
    private long last = -1;

    /**
     * Checks the next message.
     *
     * @param m the message
     * @return whether it was right
     */
    public boolean accept(byte[] m) {
        if (m.length < 8) {
            errors++;
            return false;
        }
        long k = PeerPattern.numberOf(m);
        long sender = k >>> 32;
        long seq = k & 0xFFFF_FFFFL;
        boolean ok = PeerPattern.matches(m, k) && seq == next.getOrDefault(sender, 0L);
        next.put(sender, seq + 1);
        if (last >= 0 && last != sender) {
            switches++;
        }
        last = sender;
        if (!ok) {
            errors++;
        }
        return ok;
    }

    /** @return messages that were not right */
    public long errors() {
        return errors;
    }

    /** @return how often a message came from another sender than the one before it */
    public long switches() {
        return switches;
    }

    /**
     * Messages seen per sender (the next sequence number expected of each).
     *
     * @return e.g. {@code "0:300,1:300"}
     */
    public String counts() {
        return next.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(","));
    }
}
