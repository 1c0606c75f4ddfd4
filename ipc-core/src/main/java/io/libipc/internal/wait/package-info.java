/**
 * How threads wait and wake across processes: the spin-then-yield phase of every wait
 * ({@link io.libipc.internal.wait.Backoff}), sleeping on a futex word per
 * {@link io.libipc.IpcWaitStrategy} ({@link io.libipc.internal.wait.Waiter}), the announce / wake
 * protocol that loses no wake-up ({@link io.libipc.internal.wait.Wakeups}), whether this JVM makes
 * futex calls at all ({@link io.libipc.internal.wait.FutexGate}, which loads no JNA class, so that
 * PORTABLE runs without JNA), and the futex system call itself through JNA
 * ({@link io.libipc.internal.wait.Futex}).
 *
 * <p>May use: {@code internal.memory}, {@code internal.engine} (errors). Knows nothing of the
 * storage layout: callers pass the offsets of their futex words.
 */
package io.libipc.internal.wait;
