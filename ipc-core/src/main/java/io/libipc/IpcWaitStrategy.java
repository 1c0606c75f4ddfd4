package io.libipc;

/**
 * How a handle waits when there is nothing to receive, no room to send, or too few receivers.
 * Every strategy first spins for {@link IpcOptions#spinNanos()}; they differ in how they sleep.
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
