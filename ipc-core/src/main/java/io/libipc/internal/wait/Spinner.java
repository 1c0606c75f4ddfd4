package io.libipc.internal.wait;

/**
 * The spin phase of one receiver's waits ({@link Backoff#spin}'s steps), which learns whether the
 * sender it waits for runs on the same CPU.
 *
 * <p>Why: on a machine with more busy threads than cores the scheduler may put both ends of a
 * ping-pong on one CPU, and keep them there. Then the first part of each wait, which only spins,
 * holds the CPU that the sender needs to send: every round trip costs both sides' pure spin
 * ({@link Backoff#PURE_SPIN_NANOS}, 10 us each) before it yields: a 32 B round trip took 22.0 us
 * with both processes pinned to one CPU of our 2-vCPU VM, and so did the 1-30 % of unpinned round
 * trips on the loaded machine that made the p99 (each such receive ended after one late yield).
 * With {@link #SHARED_PURE_SPIN_NANOS} of 1 us there the pinned round trip takes 5.0 us. So a wait that
 * ended just after a {@link Thread#yield} that gave the CPU away (it returned late) marks the
 * sender as sharing this CPU, and the next waits yield after a short spin. The mark goes when a
 * message comes while this thread spins or while its yields return at once (the sender runs
 * elsewhere), and when a yield gave the CPU away without the message following (to somebody else).
 *
 * <p>Not thread-safe: one per receiving handle, used by its receiving thread. Allocation-free.
 */
public final class Spinner {

    /**
     * A yield that returns later than this ran another thread on this CPU. A yield that finds
     * nobody else to run returns in ~0.3-0.5 us here; a hand-over to another process takes ~5 us and more.
     */
    static final long HANDOFF_NANOS = 2_000L;
    /**
     * The pure spin of a wait while the sender seems to share this CPU: long enough for a sender
     * running elsewhere to answer a ping-pong (~1 us here), so that a wrong guess is corrected at
     * the next wait, short beside a hand-over.
     */
    static final long SHARED_PURE_SPIN_NANOS = 1_000L;

    private final long spinNanos;
    /** Whether the sender seems to run on this CPU: then waits yield from their start. */
    private boolean sharedCpu;
    /** When the last step of this wait began to yield, 0 when it spun. */
    private long yieldedAt;

    /**
     * A spinner for one receiver.
     *
     * @param spinNanos the spin phase's length ({@link io.libipc.IpcOptions#spinNanos()})
     */
    public Spinner(long spinNanos) {
        this.spinNanos = spinNanos;
    }

    /** Starts a wait: call once before its first {@link #spin}. */
    public void begin() {
        yieldedAt = 0;
    }

    /**
     * One step of the spin phase: spins, or yields once the pure spin is over (after
     * {@link #SHARED_PURE_SPIN_NANOS} when the sender shares this CPU).
     *
     * @param waitedNanos how long the wait has lasted
     * @param now the {@link System#nanoTime()} the caller read for it
     * @return false when the spin phase is over and the caller should sleep
     */
    public boolean spin(long waitedNanos, long now) {
        if (yieldedAt != 0 && now - yieldedAt >= HANDOFF_NANOS) {
            // The last yield ran another thread, and the message is still not there: not the sender.
            sharedCpu = false;
        }
        if (waitedNanos >= spinNanos) {
            yieldedAt = 0;
            return false;
        }
        if (waitedNanos < (sharedCpu ? SHARED_PURE_SPIN_NANOS : Backoff.PURE_SPIN_NANOS)) {
            yieldedAt = 0;
            Thread.onSpinWait();
        } else {
            yieldedAt = now;
            Thread.yield();
        }
        return true;
    }

    /**
     * The wait found its message after at least one step; reads the clock only when the last step
     * was a yield.
     *
     * @param more whether more messages were already waiting behind it: a stream, where yielding
     *        early would only add hand-overs (1 sender, 3 receivers on 2 CPUs lost ~10 % so)
     */
    public void found(boolean more) {
        long y = yieldedAt;
        // After spinning (or sleeping): the sender sent while this thread held its CPU, so it runs
        // elsewhere. After a yield: a late return ran the sender here, an early one says elsewhere.
        sharedCpu = y != 0 && !more && System.nanoTime() - y >= HANDOFF_NANOS;
    }

    /** @return whether the sender seems to share this CPU (for tests) */
    boolean sharedCpu() {
        return sharedCpu;
    }
}
