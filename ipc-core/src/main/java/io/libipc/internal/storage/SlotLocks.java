package io.libipc.internal.storage;

import java.io.IOException;

/**
 * The liveness locks of a channel's slots: a participant lives while it holds its slot's lock.
 * In a storage file these are POSIX byte-range locks, which the kernel drops when the holder
 * exits however it exits ({@link FileSlotLocks}); the ring tests use locks of their own, so that
 * they can kill a participant without a process.
 *
 * <p>Thread-safe.
 */
public interface SlotLocks {

    /** Who holds a slot's lock. */
    enum Holder {
        /** A handle of this process. */
        THIS_PROCESS,
        /** Another live process. */
        OTHER_PROCESS,
        /** Nobody: the slot is free, or its owner is gone. */
        NOBODY
    }

    /** A slot lock this process holds; closing it releases the slot. */
    interface Held extends AutoCloseable {
        /** Releases the lock; harmless when already released. */
        @Override
        void close();
    }

    /**
     * Takes a slot's lock if nobody holds it, for a new owner.
     *
     * @param kind sender or receiver
     * @param slot the slot index
     * @return the held lock, or null when a live participant (here or elsewhere) holds it
     * @throws IOException when the lock cannot be tried at all
     */
    Held tryClaim(SlotKind kind, int slot) throws IOException;

    /**
     * Takes a slot's lock when its owner is gone, so that the caller can clean the slot up before it
     * closes the returned lock; nobody can claim the slot meanwhile.
     *
     * @param kind sender or receiver
     * @param slot the slot index
     * @return the dead owner's lock, now the caller's; null when the owner lives (or cannot be
     *         told dead: a live participant is never dropped by mistake)
     */
    Held takeIfDead(SlotKind kind, int slot);

    /**
     * Who holds a slot's lock, for tools and tests.
     *
     * @param kind sender or receiver
     * @param slot the slot index
     * @return the holder
     */
    Holder holder(SlotKind kind, int slot);
}
