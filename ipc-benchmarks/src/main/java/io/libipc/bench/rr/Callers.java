package io.libipc.bench.rr;

import io.libipc.bench.spring.Quote;
import tools.jackson.databind.json.JsonMapper;

import java.nio.ByteBuffer;
import java.util.function.UnaryOperator;

/**
 * Callers of the request/reply rows, the same for every system but for how a request travels: a
 * 32-byte {@code byte[]} whose first 8 bytes number the caller's requests, or a {@link Quote} whose
 * sequence does. A reply must be its request echoed, so a reply that reached the wrong thread
 * fails the run instead of being counted.
 */
public final class Callers {

    /** Size of the {@code bytes} requests. */
    public static final int BYTES_SIZE = 32;

    private Callers() {
    }

    /**
     * The size of a request's payload.
     *
     * @param json whether requests are quotes
     * @return 32, or the first quote's length as JSON
     */
    public static int requestSize(boolean json) {
        return json ? JsonMapper.builder().build().writeValueAsBytes(Quote.first()).length : BYTES_SIZE;
    }

    /**
     * Whether the format is {@code json} (else {@code bytes}).
     *
     * @param format {@code bytes} or {@code json}
     * @return true for json
     * @throws IllegalArgumentException for any other format
     */
    public static boolean json(String format) {
        return switch (format) {
            case "bytes" -> false;
            case "json" -> true;
            default -> throw new IllegalArgumentException("format is bytes or json: " + format);
        };
    }

    /**
     * A caller of {@code bytes} requests, with an array of its own that each request rewrites.
     *
     * @param roundTrip sends a request and returns its reply
     * @param onClose what closing the caller releases, or null
     * @return the caller
     */
    public static Caller bytes(UnaryOperator<byte[]> roundTrip, Runnable onClose) {
        return new Caller() {
            private final byte[] request = new byte[BYTES_SIZE];
            private long sequence;

            @Override
            public void call() {
                long n = ++sequence;
                ByteBuffer.wrap(request).putLong(0, n);
                byte[] reply = roundTrip.apply(request);
                if (reply == null || reply.length != BYTES_SIZE || ByteBuffer.wrap(reply).getLong(0) != n) {
                    throw new IllegalStateException("a reply that is not the request echoed: expected sequence=" + n
                            + " length=" + BYTES_SIZE + ", got length=" + (reply == null ? "null" : reply.length));
                }
            }

            @Override
            public void close() {
                if (onClose != null) {
                    onClose.run();
                }
            }
        };
    }

    /**
     * A caller of {@code json} requests: a new quote each time, as an application sends them.
     *
     * @param roundTrip sends a quote and returns the reply's
     * @param onClose what closing the caller releases, or null
     * @return the caller
     */
    public static Caller quotes(UnaryOperator<Quote> roundTrip, Runnable onClose) {
        return new Caller() {
            private Quote last = Quote.first();

            @Override
            public void call() {
                Quote request = last.next();
                Quote reply = roundTrip.apply(request);
                if (!request.equals(reply)) {
                    throw new IllegalStateException("a reply that is not the request echoed: expected " + request
                            + ", got " + reply);
                }
                last = request;
            }

            @Override
            public void close() {
                if (onClose != null) {
                    onClose.run();
                }
            }
        };
    }
}
