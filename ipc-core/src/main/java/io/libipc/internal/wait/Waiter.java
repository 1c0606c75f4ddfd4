package io.libipc.internal.wait;

import io.libipc.IpcWaitStrategy;
import io.libipc.internal.engine.Errors;
import io.libipc.internal.memory.SharedMemory;

/**
 * How a thread sleeps on a futex word once its spin phase ({@link Backoff#spin}) did not help.
 * Waking is the same for every strategy ({@link Wakeups}): a bump of the word, and a futex wake when
 * this JVM makes futex calls, so that handles with different strategies can share a channel.
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
     * The waiter for a strategy. PORTABLE never touches JNA; FUTEX and AUTO bind the futex call on
     * first use.
     *
     * @param strategy the requested strategy
     * @return the waiter
     * @throws io.libipc.IpcException ERROR_INVALID_ARGUMENT when FUTEX is requested where futex
     *         calls do not work, or AUTO on a platform with futexes where JNA cannot make the call
     *         (JNA not on the class path, or its library not loadable)
     */
    static Waiter forStrategy(IpcWaitStrategy strategy) {
        switch (strategy) {
            case PORTABLE:
                return PortableWaiter.INSTANCE;
            case FUTEX: {
                Throwable failure = FutexGate.unavailableBecause();
                if (failure != null) {
                    throw Errors.invalid("waitStrategy=FUTEX is not available here: " + failure
                            + "; use PORTABLE (or AUTO, which picks PORTABLE where the platform has no futex)");
                }
                return FutexWaiter.INSTANCE;
            }
            default: {
                if (!FutexGate.platformHasFutex()) {
                    return PortableWaiter.INSTANCE;
                }
                Throwable failure = FutexGate.unavailableBecause();
                if (failure != null) {
                    throw Errors.invalid("waitStrategy=AUTO means FUTEX on this platform (os.name="
                            + System.getProperty("os.name") + " os.arch=" + System.getProperty("os.arch")
                            + "), but the futex call through JNA is not available: " + failure
                            + "; put JNA (net.java.dev.jna:jna) on the class path, or use waitStrategy=PORTABLE,"
                            + " which needs no JNA");
                }
                return FutexWaiter.INSTANCE;
            }
        }
    }
}
