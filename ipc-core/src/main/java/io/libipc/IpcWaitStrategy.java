package io.libipc;

/**
 * How a handle waits when there is nothing to receive, no room to send, or too few receivers.
 * Every strategy first spins for {@link IpcOptions#spinNanos()} (10 us busy, the rest yielding the
 * CPU; 1 us busy for a receiver whose sender turns out to run on the same CPU); a receiver whose last sleep was ended by a message within a millisecond (a stream, not
 * idleness) then dozes with short parks for up to ~1.5 ms, so that it comes back to a batch. The
 * strategies differ in how they sleep after that.
 *
 * <p>Handles of different strategies may share a channel, in one process or several. Waking
 * (a send waking receivers, a receive waking senders, a receiver coming or going) always bumps a
 * word of the shared segment, and calls FUTEX_WAKE too when the waking JVM makes futex calls:
 * when one of its handles uses FUTEX, or AUTO where futexes work. A JVM whose handles all use
 * PORTABLE makes no futex call and never loads JNA; a FUTEX sleeper in another process that it
 * should wake notices the bump when its sleep slice ends, within 100 ms, instead of within tens
 * of microseconds. PORTABLE sleepers are never delayed (they poll). For low latency across
 * processes, give every process of a channel the same strategy.
 */
public enum IpcWaitStrategy {
    /**
     * {@link #FUTEX} on a platform with the futex system call (Linux on x86-64 or aarch64), else
     * {@link #PORTABLE}. On such a platform it needs JNA, as FUTEX does: opening a handle fails with
     * {@code ERROR_INVALID_ARGUMENT} when JNA is not on the class path or cannot load its native
     * library (rather than silently waking other processes' sleepers late); choose PORTABLE to run
     * without JNA.
     */
    AUTO,
    /**
     * Sleeps in the kernel on a word of the shared segment (FUTEX_WAIT) and is woken by the
     * peer (FUTEX_WAKE), which calls the kernel only when somebody sleeps. An idle receiver uses
     * no CPU and wakes in tens of microseconds. Linux only, through JNA (the first handle binds the
     * call, ~30 ms once per JVM); opening a handle fails with {@code ERROR_INVALID_ARGUMENT} where
     * the call cannot be made.
     */
    FUTEX,
    /**
     * Parks the thread with a growing back-off (up to one millisecond) and re-checks: works
     * everywhere, wakes up to a millisecond late, and costs a little CPU while idle. Pure Java:
     * a JVM whose handles all use it never loads a JNA class, so it runs without JNA on the class
     * path and in a native image without JNA configuration. Its wakes reach FUTEX sleepers of
     * other processes only through their 100 ms sleep slice, unless this JVM also has a FUTEX
     * handle (see above).
     */
    PORTABLE
}
