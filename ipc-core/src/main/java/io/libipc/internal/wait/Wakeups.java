package io.libipc.internal.wait;

import io.libipc.internal.memory.SharedMemory;

/**
 * The two halves of sleeping on a futex word without losing a wake-up, across processes.
 *
 * <p>A sleeper {@link #announce announces} itself in a waiter count (a full fence), reads the futex
 * word, re-checks its condition and only then sleeps on the value it read. A waker changes the
 * state the sleeper checks (a volatile store: a full fence), then calls {@link #wakeIfWaiting}: one
 * plain read when nobody announced, else it takes every announcement back and bumps the word, so
 * a stream of publications costs one wake per sleep, not one per message. The fences on both sides
 * are what keep a release store followed by an acquire load from passing each other, which does
 * happen between processes.
 */
public final class Wakeups {

    private Wakeups() {
    }

    /**
     * Announces a sleeper; a full fence.
     *
     * @param memory the shared memory
     * @param waitersOffset offset of the waiter count
     */
    public static void announce(SharedMemory memory, int waitersOffset) {
        memory.getAndAddInt(waitersOffset, 1);
    }

    /**
     * Wakes the sleepers of a futex word if any announced themselves, and takes their
     * announcements back. Costs one plain read when nobody sleeps.
     *
     * @param memory the shared memory
     * @param waitersOffset offset of the waiter count
     * @param futexOffset offset of the futex word
     */
    public static void wakeIfWaiting(SharedMemory memory, int waitersOffset, int futexOffset) {
        if (memory.getIntVolatile(waitersOffset) != 0 && memory.getAndSetInt(waitersOffset, 0) != 0) {
            bumpAndWake(memory, futexOffset);
        }
    }

    /**
     * Bumps a futex word and wakes everybody asleep on it, in any process, with FUTEX_WAKE when
     * this JVM makes futex calls ({@link FutexGate#inUse()}: a handle here uses FUTEX, or AUTO
     * where futexes work). A JVM whose handles all use PORTABLE only bumps: it never loads JNA,
     * its PORTABLE sleepers see the bump within a millisecond, and a FUTEX sleeper in another
     * process sees it when its timed sleep slice (100 ms at most) ends. Where futexes do not exist
     * every sleeper polls, so the bump alone is enough.
     *
     * @param memory the shared memory
     * @param futexOffset offset of the futex word
     */
    public static void bumpAndWake(SharedMemory memory, int futexOffset) {
        memory.getAndAddInt(futexOffset, 1);
        if (FutexGate.inUse()) {
            Futex.wakeAll(memory.address() + futexOffset);
        }
    }
}
