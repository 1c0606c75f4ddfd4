package io.libipc.internal.wait;

import io.libipc.IpcException;
import io.libipc.IpcStatus;
import io.libipc.IpcWaitStrategy;
import io.libipc.internal.storage.ChannelStorage;

/**
 * How a thread sleeps on a futex word of a channel's storage once spinning did not help.
 * Waking is the same for every strategy ({@link ChannelStorage#bumpAndWake(int)}): a futex wake
 * when futexes exist, so that handles with different strategies can share a channel.
 */
public interface Waiter {

    /**
     * Sleeps while the int at {@code offset} equals {@code expected}, at most {@code maxNanos}.
     * May return early for any reason; callers re-check their condition and deadline.
     *
     * @param storage the channel storage
     * @param offset offset of a futex word in the storage
     * @param expected the value read after announcing the sleep
     * @param maxNanos the longest sleep
     * @param attempt how many sleeps this wait has done so far, for back-off
     */
    void await(ChannelStorage storage, int offset, int expected, long maxNanos, int attempt);

    /**
     * The waiter for a strategy.
     *
     * @param strategy the requested strategy
     * @return the waiter
     * @throws IpcException when FUTEX is requested where futexes do not work
     */
    static Waiter forStrategy(IpcWaitStrategy strategy) {
        switch (strategy) {
            case PORTABLE:
                return PortableWaiter.INSTANCE;
            case FUTEX:
                if (!Futex.isAvailable()) {
                    throw new IpcException(IpcStatus.ERROR_INVALID_ARGUMENT,
                            "waitStrategy=FUTEX is not available here: " + Futex.unavailableBecause()
                                    + "; use AUTO or PORTABLE");
                }
                return FutexWaiter.INSTANCE;
            default:
                return Futex.isAvailable() ? FutexWaiter.INSTANCE : PortableWaiter.INSTANCE;
        }
    }
}
