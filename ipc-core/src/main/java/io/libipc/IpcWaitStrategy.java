package io.libipc;

/**
 * How a handle waits when there is nothing to receive, no room to send, or too few receivers.
 * Every strategy first spins for {@link IpcOptions#spinNanos()} (10 us busy, the rest yielding the
 * CPU); a receiver whose last sleep was ended by a message within a millisecond (a stream, not
 * idleness) then dozes with short parks for up to ~1.5 ms, so that it comes back to a batch. The
 * strategies differ in how they sleep after that.
 */
public enum IpcWaitStrategy {
    /** {@link #FUTEX} where the futex system call is available (Linux on x86-64 or aarch64), else {@link #PORTABLE}. */
    AUTO,
    /**
     * Sleeps in the kernel on a word of the shared segment (FUTEX_WAIT) and is woken by the
     * peer (FUTEX_WAKE), which calls the kernel only when somebody sleeps. An idle receiver uses
     * no CPU and wakes in tens of microseconds. Linux only.
     */
    FUTEX,
    /**
     * Parks the thread with a growing back-off (up to one millisecond) and re-checks: works
     * everywhere, wakes up to a millisecond late, and costs a little CPU while idle.
     */
    PORTABLE
}
