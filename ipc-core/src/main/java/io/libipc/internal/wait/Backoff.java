package io.libipc.internal.wait;

import java.util.concurrent.locks.LockSupport;

/**
 * The steps of every wait loop, so that {@link io.libipc.IpcWaitStrategy}'s promise holds for each
 * waiter: busy-spin for the first microseconds, then yield the CPU (on a machine with more busy
 * threads than cores, the thread we wait for may need it), then sleep. Waits with a futex word
 * sleep through their {@link Waiter}; the others (the write lock, a disconnect waiting for a call
 * to leave) park through {@link #pause}. Allocation-free: the caller keeps when it began.
 */
public final class Backoff {

    /** The part of the spin phase that only spins; the rest yields. */
    public static final long PURE_SPIN_NANOS = 10_000L;

    private Backoff() {
    }

    /**
     * One step of the spin phase: busy-spins during the first {@link #PURE_SPIN_NANOS} (or
     * {@code spinNanos} if shorter), yields for the rest of {@code spinNanos}.
     *
     * @param waitedNanos how long the caller has waited so far
     * @param spinNanos the spin phase's length ({@link io.libipc.IpcOptions#spinNanos()})
     * @return true when this step spun or yielded, false when the spin phase is over and the caller
     *         should sleep
     */
    public static boolean spin(long waitedNanos, long spinNanos) {
        if (waitedNanos >= spinNanos) {
            return false;
        }
        if (waitedNanos < PURE_SPIN_NANOS) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
        return true;
    }

    /**
     * One step of a wait without a futex word: spins, then yields until {@code yieldNanos}, then
     * parks {@code parkNanos} at a time.
     *
     * @param waitedNanos how long the caller has waited so far
     * @param yieldNanos when to stop yielding and start parking
     * @param parkNanos how long each park lasts
     */
    public static void pause(long waitedNanos, long yieldNanos, long parkNanos) {
        if (!spin(waitedNanos, yieldNanos)) {
            LockSupport.parkNanos(parkNanos);
        }
    }
}
