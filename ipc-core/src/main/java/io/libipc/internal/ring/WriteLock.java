package io.libipc.internal.ring;

import io.libipc.internal.engine.Cancellation;
import io.libipc.internal.memory.SharedMemory;
import io.libipc.internal.storage.ChannelStorage;
import io.libipc.internal.wait.Backoff;

import static io.libipc.internal.storage.StorageDescriptor.casWriteLock;
import static io.libipc.internal.storage.StorageDescriptor.clearLockWaiterStamp;
import static io.libipc.internal.storage.StorageDescriptor.lockWaiterStamp;
import static io.libipc.internal.storage.StorageDescriptor.releaseWriteLock;
import static io.libipc.internal.storage.StorageDescriptor.stampLockWaiter;
import static io.libipc.internal.storage.StorageDescriptor.writeLockOwner;

/**
 * The channel's write lock: a word in shared memory holding its owner's id. Senders hold it for
 * one whole message (so fragments of a large message are contiguous and every receiver sees one
 * global order); a joining receiver holds it while it picks its starting position.
 *
 * <p>Uncontended it costs one compare-and-set. A waiter spins, then announces itself in the lock
 * waiter stamp and yields (parking after a while, {@link Backoff#pause}); a releaser that sees a
 * fresh stamp yields once, so that a sender sending back to back cannot re-take the lock before
 * any waiter sees it free (a joining receiver would starve). When the same owner has held the lock
 * for {@link #OWNER_CHECK_NANOS} a waiter checks that the owner lives and takes the lock over from
 * a dead one. Whatever the dead owner had written beyond the published tail is simply overwritten:
 * it was never visible.
 */
final class WriteLock {

    /** How long one owner may hold the lock before a waiter checks that it lives. */
    static final long OWNER_CHECK_NANOS = 50_000_000L;

    /** Waiters yield for this long before they park: holders normally hold it for one message. */
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
     * @param membership to check an owner's liveness
     * @param owner the caller's owner id, non-zero
     * @param timeoutNanos how long to wait when {@code timed}
     * @param timed whether to give up after the timeout
     * @param cancellation asked between waits
     * @return 0 when taken at once, the {@link System#nanoTime()} at which waiting began when
     *         taken after waiting, -1 when the timeout passed
     */
    static long acquire(ChannelStorage storage, Membership membership, long owner, long timeoutNanos, boolean timed,
                        Cancellation cancellation) {
        SharedMemory memory = storage.memory();
        if (casWriteLock(memory, 0, owner)) {
            return 0;
        }
        long waitStart = System.nanoTime();
        long deadline = waitStart + timeoutNanos;
        long seenOwner = 0;
        long seenSince = 0;
        long stamp = 0;
        try {
            for (;;) {
                long current = writeLockOwner(memory);
                if (current == 0) {
                    if (casWriteLock(memory, 0, owner)) {
                        return waitStart;
                    }
                    continue;
                }
                long now = System.nanoTime();
                long waited = now - waitStart;
                if (waited < Backoff.PURE_SPIN_NANOS) {
                    Thread.onSpinWait();
                    continue;
                }
                stamp = now | 1;
                stampLockWaiter(memory, stamp);
                if (current != seenOwner) {
                    seenOwner = current;
                    seenSince = now;
                } else if (now - seenSince > OWNER_CHECK_NANOS) {
                    if (!membership.lockOwnerAlive(current) && casWriteLock(memory, current, 0)) {
                        LOG.log(System.Logger.Level.WARNING, "took the write lock of {0} back from a dead holder (id 0x{1})",
                                storage.path(), Long.toHexString(current));
                    }
                    seenSince = now;
                }
                if (timed && now - deadline >= 0) {
                    return -1;
                }
                cancellation.check();
                // A long hold (a sender waiting for room, or a large message) ends in parks.
                Backoff.pause(waited, YIELD_NANOS, PARK_NANOS);
            }
        } finally {
            if (stamp != 0) {
                // Withdraw our stamp unless another waiter has stamped since.
                clearLockWaiterStamp(memory, stamp);
            }
        }
    }

    /**
     * Releases the lock.
     *
     * @param storage the storage
     */
    static void release(ChannelStorage storage) {
        SharedMemory memory = storage.memory();
        releaseWriteLock(memory);
        long stamp = lockWaiterStamp(memory);
        if (stamp != 0) {
            long age = System.nanoTime() - stamp;
            if (age >= 0 && age < STAMP_FRESH_NANOS) {
                // Give the waiter the window in which the lock is free.
                Thread.yield();
            } else {
                // Left by a waiter that is gone (or garbage from a damaged file): forget it.
                clearLockWaiterStamp(memory, stamp);
            }
        }
    }
}
