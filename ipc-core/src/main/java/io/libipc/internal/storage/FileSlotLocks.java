package io.libipc.internal.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Slot liveness through POSIX (fcntl) locks on bytes of the storage file beyond its end. Pids are
 * never used: two containers of one pod may both be pid 1.
 *
 * <p>POSIX locks belong to the process: {@code tryLock} on a range this JVM holds throws
 * {@link OverlappingFileLockException} (alive here), and closing any descriptor of the file drops
 * every lock the JVM holds on it, which is why one {@link FileChannel} per file per JVM serves every
 * handle ({@link StorageRegistry}). Slots claimed here are remembered in bit masks, so a probe of
 * our own slot costs no system call.
 *
 * <p>Two threads of this JVM that probe one slot at once take turns: to the second, the first's
 * probe lock would look like a live holder here, and a receiver killed with kill -9 would be
 * counted alive by one of two concurrent {@code receiverCount} calls (a request then waits its whole
 * timeout for nobody). Claims take the same turn, so that an overlap seen by a probe is always a
 * live handle of this JVM.
 *
 * <p>Thread-safe.
 */
final class FileSlotLocks implements SlotLocks {

    private final FileChannel file;
    /** Bit i: sender slot i is held by a handle of this JVM. */
    private final AtomicLong localSenders = new AtomicLong();
    /** Bit i: receiver slot i is held by a handle of this JVM. */
    private final AtomicLong localReceivers = new AtomicLong();
    /** Per slot (senders, then receivers): held by the thread trying or probing the slot's file lock. */
    private final ReentrantLock[] turns = new ReentrantLock[SlotDescriptor.MAX_SENDERS + SlotDescriptor.MAX_RECEIVERS];

    FileSlotLocks(FileChannel file) {
        this.file = file;
        for (int i = 0; i < turns.length; i++) {
            turns[i] = new ReentrantLock();
        }
    }

    @Override
    public Held tryClaim(SlotKind kind, int slot) throws IOException {
        ReentrantLock turn = turn(kind, slot);
        turn.lock();
        try {
            FileLock lock;
            try {
                lock = file.tryLock(SlotDescriptor.lockPosition(kind, slot), 1, false);
            } catch (OverlappingFileLockException e) {
                return null;
            }
            if (lock == null) {
                return null;
            }
            local(kind).getAndUpdate(m -> m | (1L << slot));
            return new Claimed(kind, slot, lock);
        } finally {
            turn.unlock();
        }
    }

    @Override
    public Held takeIfDead(SlotKind kind, int slot) {
        if ((local(kind).get() & (1L << slot)) != 0) {
            return null;
        }
        ReentrantLock turn = turn(kind, slot);
        turn.lock();
        FileLock lock;
        try {
            lock = file.tryLock(SlotDescriptor.lockPosition(kind, slot), 1, false);
        } catch (OverlappingFileLockException e) {
            // A handle of this JVM holds it (probes and claims take turns): alive.
            lock = null;
        } catch (IOException e) {
            // Cannot tell: count it as alive rather than drop a live participant.
            lock = null;
        }
        if (lock == null) {
            turn.unlock();
            return null;
        }
        // The turn stays ours while the caller cleans the dead slot up, so that a concurrent probe
        // waits for the clean-up and then finds the slot released, not "held here".
        FileLock dead = lock;
        return () -> {
            release(dead);
            if (turn.isHeldByCurrentThread()) {
                turn.unlock();
            }
        };
    }

    @Override
    public Holder holder(SlotKind kind, int slot) {
        if ((local(kind).get() & (1L << slot)) != 0) {
            return Holder.THIS_PROCESS;
        }
        ReentrantLock turn = turn(kind, slot);
        turn.lock();
        try {
            FileLock lock = file.tryLock(SlotDescriptor.lockPosition(kind, slot), 1, false);
            if (lock == null) {
                return Holder.OTHER_PROCESS;
            }
            release(lock);
            return Holder.NOBODY;
        } catch (OverlappingFileLockException e) {
            return Holder.THIS_PROCESS;
        } catch (IOException e) {
            return Holder.OTHER_PROCESS;
        } finally {
            turn.unlock();
        }
    }

    private ReentrantLock turn(SlotKind kind, int slot) {
        return turns[kind == SlotKind.RECEIVER ? SlotDescriptor.MAX_SENDERS + slot : slot];
    }

    private AtomicLong local(SlotKind kind) {
        return kind == SlotKind.RECEIVER ? localReceivers : localSenders;
    }

    private static void release(FileLock lock) {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } catch (IOException ignored) {
            // The channel closed under us: the kernel dropped the lock already.
        }
    }

    /** A slot claimed by a handle of this JVM. */
    private final class Claimed implements Held {
        private final SlotKind kind;
        private final int slot;
        private final FileLock lock;

        Claimed(SlotKind kind, int slot, FileLock lock) {
            this.kind = kind;
            this.slot = slot;
            this.lock = lock;
        }

        @Override
        public void close() {
            if (!lock.isValid()) {
                // Released already: the bit may belong to a new claim of this slot by now.
                return;
            }
            local(kind).getAndUpdate(m -> m & ~(1L << slot));
            release(lock);
        }
    }
}
