package io.libipc.internal.ring;

import io.libipc.internal.storage.ChannelStorage;

import java.util.concurrent.locks.LockSupport;

import static io.libipc.internal.storage.StorageDescriptor.LOCK_WAITER_STAMP_OFFSET;
import static io.libipc.internal.storage.StorageDescriptor.WRITE_LOCK_OFFSET;

/**
 * The channel's write lock: a word in shared memory holding its owner's id. Senders hold it for
 * one whole message (so fragments of a large message are contiguous and every receiver sees one
 * global order); a joining receiver holds it while it picks its starting position.
 *
 * <p>Uncontended it costs one compare-and-set. A waiter spins, then announces itself in
 * {@link io.libipc.internal.storage.StorageDescriptor#LOCK_WAITER_STAMP_OFFSET} and yields (parking
 * after a while); a releaser that sees an announced waiter yields once, so that a sender sending
 * back to back cannot re-take the lock before any waiter sees it free (a joining receiver would
 * starve). When the same owner has held the lock for {@link #OWNER_CHECK_NANOS} a waiter checks
 * that the owner lives and takes the lock over from a dead one. Whatever the dead owner had
 * written beyond the published tail is simply overwritten: it was never visible.
 */
final class WriteLock {

    /** How long one owner may hold the lock before a waiter checks that it lives. */
    static final long OWNER_CHECK_NANOS = 50_000_000L;

    private static final int SPINS = 200;
    private static final long YIELD_NANOS = 2_000_000L;
    private static final long PARK_NANOS = 50_000L;
    /** A waiter stamp older than this belongs to nobody: waiters re-stamp at least every PARK_NANOS. */
    private static final long STAMP_FRESH_NANOS = 10_000_000L;

    private static final System.Logger LOG = System.getLogger(WriteLock.class.getName());

    private WriteLock() {
    }

    /**
     * Takes the lock.
     *
     * @param storage the storage
     * @param participants to check an owner's liveness
     * @param owner the caller's owner id, non-zero
     * @param timeoutNanos how long to wait when {@code timed}
     * @param timed whether to give up after the timeout
     * @param cancellation asked between waits
     * @return 0 when taken at once, the {@link System#nanoTime()} at which waiting began when
     *         taken after waiting, -1 when the timeout passed
     */
    static long acquire(ChannelStorage storage, Participants participants, long owner, long timeoutNanos, boolean timed,
                        Cancellation cancellation) {
        if (storage.compareAndSetLong(WRITE_LOCK_OFFSET, 0, owner)) {
            return 0;
        }
        long waitStart = System.nanoTime();
        long deadline = waitStart + timeoutNanos;
        long seenOwner = 0;
        long seenSince = 0;
        long yieldingSince = 0;
        long stamp = 0;
        try {
            for (int attempt = 0; ; attempt++) {
                long current = storage.getLongVolatile(WRITE_LOCK_OFFSET);
                if (current == 0) {
                    if (storage.compareAndSetLong(WRITE_LOCK_OFFSET, 0, owner)) {
                        return waitStart;
                    }
                    continue;
                }
                if (attempt < SPINS) {
                    Thread.onSpinWait();
                    continue;
                }
                long now = System.nanoTime();
                if (stamp == 0) {
                    yieldingSince = now;
                }
                stamp = now | 1;
                storage.setLongRelease(LOCK_WAITER_STAMP_OFFSET, stamp);
                if (current != seenOwner) {
                    seenOwner = current;
                    seenSince = now;
                } else if (now - seenSince > OWNER_CHECK_NANOS) {
                    if (!participants.lockOwnerAlive(current)
                            && storage.compareAndSetLong(WRITE_LOCK_OFFSET, current, 0)) {
                        LOG.log(System.Logger.Level.WARNING, "took the write lock of {0} back from a dead holder (id 0x{1})",
                                storage.path(), Long.toHexString(current));
                    }
                    seenSince = now;
                }
                if (timed && now - deadline >= 0) {
                    return -1;
                }
                cancellation.check();
                if (now - yieldingSince < YIELD_NANOS) {
                    Thread.yield();
                } else {
                    // A long hold (a sender waiting for room, or a large message): stop burning CPU.
                    LockSupport.parkNanos(PARK_NANOS);
                }
            }
        } finally {
            if (stamp != 0) {
                // Withdraw our stamp unless another waiter has stamped since.
                storage.compareAndSetLong(LOCK_WAITER_STAMP_OFFSET, stamp, 0);
            }
        }
    }

    /**
     * Releases the lock.
     *
     * @param storage the storage
     */
    static void release(ChannelStorage storage) {
        storage.setLongRelease(WRITE_LOCK_OFFSET, 0);
        long stamp = storage.getLongVolatile(LOCK_WAITER_STAMP_OFFSET);
        if (stamp != 0) {
            if (System.nanoTime() - stamp < STAMP_FRESH_NANOS) {
                // Give the waiter the window in which the lock is free.
                Thread.yield();
            } else {
                // Left by a waiter that is gone: forget it.
                storage.compareAndSetLong(LOCK_WAITER_STAMP_OFFSET, stamp, 0);
            }
        }
    }
}
