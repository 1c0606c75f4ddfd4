package io.libipc.internal.wait;

import io.libipc.IpcWaitStrategy;
import io.libipc.internal.engine.Errors;
import io.libipc.internal.memory.SharedMemory;

/**
 * How a thread sleeps on a futex word once its spin phase ({@link Backoff#spin}) did not help.
 * Waking is the same for every strategy ({@link Wakeups}): a futex wake where futexes exist, so
 * that handles with different strategies can share a channel.
 */
public interface Waiter {

    /**
     * Sleeps while the int at {@code offset} equals {@code expected}, at most {@code maxNanos}.
     * May return early for any reason; callers re-check their condition and deadline.
     *
     * @param memory the shared memory holding the word
     * @param offset offset of a futex word, 4-byte aligned
     * @param expected the value read after announcing the sleep
     * @param maxNanos the longest sleep
     * @param attempt how many sleeps this wait has done so far, for back-off
     */
    void await(SharedMemory memory, int offset, int expected, long maxNanos, int attempt);

    /**
     * The waiter for a strategy.
     *
     * @param strategy the requested strategy
     * @return the waiter
     * @throws io.libipc.IpcException ERROR_INVALID_ARGUMENT when FUTEX is requested where futexes do not work
     */
    static Waiter forStrategy(IpcWaitStrategy strategy) {
        switch (strategy) {
            case PORTABLE:
                return PortableWaiter.INSTANCE;
            case FUTEX:
                if (!Futex.isAvailable()) {
                    throw Errors.invalid("waitStrategy=FUTEX is not available here: " + Futex.unavailableBecause()
                            + "; use AUTO or PORTABLE");
                }
                return FutexWaiter.INSTANCE;
            default:
                return Futex.isAvailable() ? FutexWaiter.INSTANCE : PortableWaiter.INSTANCE;
        }
    }
}
