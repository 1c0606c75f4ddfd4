package io.libipc.internal.wait;

import io.libipc.internal.memory.SharedMemory;

import java.util.concurrent.locks.LockSupport;

/**
 * Parks with a back-off that doubles from 1 us to 1 ms: no native call at all, so it works on
 * every platform; it wakes up to a millisecond late and polls while idle.
 */
final class PortableWaiter implements Waiter {

    static final PortableWaiter INSTANCE = new PortableWaiter();

    private static final long MAX_PARK_NANOS = 1_000_000;

    private PortableWaiter() {
    }

    @Override
    public void await(SharedMemory memory, int offset, int expected, long maxNanos, int attempt) {
        if (memory.getIntVolatile(offset) != expected || maxNanos <= 0) {
            return;
        }
        long park = Math.min(MAX_PARK_NANOS, 1_000L << Math.min(attempt, 10));
        LockSupport.parkNanos(Math.min(park, maxNanos));
    }
}
