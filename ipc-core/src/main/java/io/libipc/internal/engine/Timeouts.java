package io.libipc.internal.engine;

import io.libipc.IpcOptions;

import java.util.concurrent.TimeUnit;

/**
 * The timeout rules of the API, in one place. A caller's {@code timeoutMs} of
 * {@link #USE_DEFAULT_MS} (0) means "the handle's default", negative is invalid; the defaults are
 * the options' send timeout (100 ms unless configured), and for receive and waitForReceivers no
 * limit. What engines get is nanoseconds, where "no limit" is its own value, {@link #NO_LIMIT},
 * never confused with zero. Finite timeouts are capped so that {@code nanoTime() + timeout} never
 * overflows.
 */
public final class Timeouts {

    /** A caller's timeoutMs meaning "the handle's default". */
    public static final long USE_DEFAULT_MS = 0;
    /** A resolved timeout meaning "wait without limit". */
    public static final long NO_LIMIT = Long.MAX_VALUE;

    /** About 146 years: long enough to mean "no practical limit", short enough to add to nanoTime. */
    private static final long MAX_MILLIS = Long.MAX_VALUE / 2_000_000L;

    private Timeouts() {
    }

    /**
     * A send's or trySend's timeout.
     *
     * @param timeoutMs 0 for the default, else positive
     * @param options the handle's options
     * @return nanoseconds, always finite
     */
    public static long send(long timeoutMs, IpcOptions options) {
        return resolve(timeoutMs, nanos(options.sendTimeoutMs()));
    }

    /**
     * A receive's timeout.
     *
     * @param timeoutMs 0 for the default, else positive
     * @param options the handle's options ({@link IpcOptions#receiveTimeoutMs()} 0 means no limit)
     * @return nanoseconds, or {@link #NO_LIMIT}
     */
    public static long receive(long timeoutMs, IpcOptions options) {
        long defaultMs = options.receiveTimeoutMs();
        return resolve(timeoutMs, defaultMs == 0 ? NO_LIMIT : nanos(defaultMs));
    }

    /**
     * A waitForReceivers timeout, whose default is no limit.
     *
     * @param timeoutMs 0 for no limit, else positive
     * @return nanoseconds, or {@link #NO_LIMIT}
     */
    public static long waitForReceivers(long timeoutMs) {
        return resolve(timeoutMs, NO_LIMIT);
    }

    /**
     * Whether a resolved timeout has a limit.
     *
     * @param timeoutNanos a resolved timeout
     * @return false for {@link #NO_LIMIT}
     */
    public static boolean isLimited(long timeoutNanos) {
        return timeoutNanos != NO_LIMIT;
    }

    private static long resolve(long timeoutMs, long defaultNanos) {
        if (timeoutMs < 0) {
            throw Errors.outOfRange("timeoutMs", timeoutMs, "0 (the default) or positive");
        }
        return timeoutMs == USE_DEFAULT_MS ? defaultNanos : nanos(timeoutMs);
    }

    private static long nanos(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(Math.min(millis, MAX_MILLIS));
    }
}
