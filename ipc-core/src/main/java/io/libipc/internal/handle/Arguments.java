package io.libipc.internal.handle;

import io.libipc.ConnMode;
import io.libipc.MessageHandler;
import io.libipc.internal.engine.Errors;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/** The checks of a handle's arguments, each failing with ERROR_INVALID_ARGUMENT naming the argument. */
public final class Arguments {

    private Arguments() {
    }

    /**
     * Checks a required argument.
     *
     * @param value the argument
     * @param what its name
     * @param <T> its type
     * @return the argument
     */
    public static <T> T required(T value, String what) {
        if (value == null) {
            throw Errors.isNull(what);
        }
        return value;
    }

    /**
     * Checks a receive buffer.
     *
     * @param dst the buffer
     * @return the buffer, non-null and writable
     */
    public static ByteBuffer destination(ByteBuffer dst) {
        if (required(dst, "destination buffer").isReadOnly()) {
            throw Errors.invalid("destination buffer must be writable");
        }
        return dst;
    }

    /**
     * Checks a message handler.
     *
     * @param handler the handler
     * @return the handler
     */
    public static MessageHandler handler(MessageHandler handler) {
        return required(handler, "handler");
    }

    /**
     * Checks a receiver count to wait for.
     *
     * @param count the count
     * @return the count, 0 or more
     */
    public static int receiverCount(int count) {
        if (count < 0) {
            throw Errors.invalid("receiver count must not be negative: count=" + count);
        }
        return count;
    }

    /**
     * Checks connection modes.
     *
     * @param modes SENDER, RECEIVER, or both
     * @return them as an unmodifiable set, never empty
     */
    public static Set<ConnMode> modes(ConnMode... modes) {
        if (modes == null || modes.length == 0) {
            throw Errors.invalid("at least one connection mode is required: modes=" + Arrays.toString(modes));
        }
        EnumSet<ConnMode> set = EnumSet.noneOf(ConnMode.class);
        for (ConnMode mode : modes) {
            if (mode == null) {
                throw Errors.invalid("connection modes must not contain null: modes=" + Arrays.toString(modes));
            }
            set.add(mode);
        }
        return Collections.unmodifiableSet(set);
    }
}
