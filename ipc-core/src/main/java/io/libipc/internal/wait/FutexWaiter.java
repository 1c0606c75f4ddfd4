package io.libipc.internal.wait;

import io.libipc.internal.memory.SharedMemory;

/** Sleeps in the kernel with FUTEX_WAIT; an idle thread costs no CPU. */
final class FutexWaiter implements Waiter {

    static final FutexWaiter INSTANCE = new FutexWaiter();

    private FutexWaiter() {
    }

    @Override
    public void await(SharedMemory memory, int offset, int expected, long maxNanos, int attempt) {
        if (maxNanos > 0) {
            Futex.await(memory.address() + offset, expected, maxNanos);
        }
    }
}
