package io.libipc.internal.wait;

import io.libipc.internal.storage.ChannelStorage;

/** Sleeps in the kernel with FUTEX_WAIT; an idle thread costs no CPU. */
final class FutexWaiter implements Waiter {

    static final FutexWaiter INSTANCE = new FutexWaiter();

    private FutexWaiter() {
    }

    @Override
    public void await(ChannelStorage storage, int offset, int expected, long maxNanos, int attempt) {
        if (maxNanos > 0) {
            Futex.await(storage.address() + offset, expected, maxNanos);
        }
    }
}
