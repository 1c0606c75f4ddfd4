package io.libipc.internal.ring;

import io.libipc.ChannelType;
import io.libipc.IpcException;
import io.libipc.IpcStatus;
import io.libipc.internal.engine.Cancellation;
import io.libipc.internal.engine.Timeouts;
import io.libipc.internal.memory.SharedMemory;
import io.libipc.internal.storage.ChannelStorage;
import io.libipc.internal.storage.SlotKind;
import io.libipc.internal.storage.SlotLocks;
import io.libipc.internal.wait.Backoff;
import io.libipc.internal.wait.Waiter;
import io.libipc.internal.wait.Wakeups;

import java.io.IOException;

import static io.libipc.internal.storage.SlotDescriptor.*;
import static io.libipc.internal.storage.StorageDescriptor.*;

/**
 * The senders and receivers of one channel: claiming and releasing their slots, telling whether
 * they live, counting receivers and waiting for them. A participant lives while it holds its
 * slot's lock ({@link SlotLocks}); a dead one is noticed by whoever probes it and released on the
 * spot (its bit in the receiver mask cleared while the prober holds the dead slot's lock, so that
 * no new owner can be dropped by mistake). Joins and leaves bump the membership futex word, which
 * is what {@link #awaitReceivers} sleeps on.
 *
 * <p>Thread-safe.
 */
final class Membership {

    private static final System.Logger LOG = System.getLogger(Membership.class.getName());
    /** Longest sleep of a wait for receivers: a receiver that dies wakes nobody, so look again this often. */
    private static final long SLICE_NANOS = 100_000_000L;

    private final ChannelStorage storage;
    private final SharedMemory memory;
    private final String channel;

    Membership(ChannelStorage storage, String channel) {
        this.storage = storage;
        this.memory = storage.memory();
        this.channel = channel;
    }

    /** A slot this handle holds: its liveness lock and its generation. */
    static final class Claim {
        final SlotKind kind;
        final int slot;
        final long ownerId;
        final SlotLocks.Held lock;

        Claim(SlotKind kind, int slot, long generation, SlotLocks.Held lock) {
            this.kind = kind;
            this.slot = slot;
            this.ownerId = ownerId(kind, slot, generation);
            this.lock = lock;
        }
    }

    /**
     * Claims a sender slot: slot 0 of a ROUTE (so a second live ROUTE sender is refused), any free
     * slot of a CHANNEL.
     *
     * @return the claim
     * @throws IpcException ERROR_CONNECTION_FAILED when a ROUTE has a live sender or all slots are taken
     */
    Claim claimSender() {
        boolean route = storage.type() == ChannelType.ROUTE;
        Claim claim = claim(SlotKind.SENDER, route ? 1 : MAX_SENDERS);
        if (claim != null) {
            return claim;
        }
        if (route) {
            throw new IpcException(IpcStatus.ERROR_CONNECTION_FAILED, "ROUTE channel '" + channel
                    + "' already has a live sender: a ROUTE has one sender at a time (use CHANNEL for several senders)");
        }
        throw new IpcException(IpcStatus.ERROR_CONNECTION_FAILED, "channel '" + channel + "' already has "
                + MAX_SENDERS + " live senders: maxSenders=" + MAX_SENDERS);
    }

    /**
     * Claims a free receiver slot; {@link #join} must follow under the write lock.
     *
     * @return the claim
     * @throws IpcException ERROR_CONNECTION_FAILED when all receiver slots hold live receivers
     */
    Claim claimReceiver() {
        Claim claim = claim(SlotKind.RECEIVER, MAX_RECEIVERS);
        if (claim == null) {
            throw new IpcException(IpcStatus.ERROR_CONNECTION_FAILED, "channel '" + channel + "' already has "
                    + MAX_RECEIVERS + " live receivers: maxReceivers=" + MAX_RECEIVERS);
        }
        return claim;
    }

    private Claim claim(SlotKind kind, int slots) {
        for (int slot = 0; slot < slots; slot++) {
            SlotLocks.Held lock;
            try {
                lock = storage.locks().tryClaim(kind, slot);
            } catch (IOException e) {
                throw new IpcException(IpcStatus.ERROR_CONNECTION_FAILED, "cannot lock a slot of channel '" + channel
                        + "': file=" + storage.path() + ": " + e, e);
            }
            if (lock != null) {
                return new Claim(kind, slot, nextGeneration(memory, kind, slot), lock);
            }
        }
        return null;
    }

    /**
     * Makes a claimed receiver slot active at the current tail. Called with the write lock held,
     * so no sender is between reading the slowest cursor and writing: a receiver joins at a
     * position no sender will overwrite before it has read it.
     *
     * @param claim a receiver claim
     */
    void join(Claim claim) {
        startReceiver(memory, claim.slot, tail(memory), nextSeq(memory) - 1);
        updateReceiverMask(memory, claim.slot, true);
        Wakeups.bumpAndWake(memory, MEMBERSHIP_FUTEX_OFFSET);
    }

    /**
     * Gives a receiver slot back.
     *
     * @param claim a receiver claim that joined
     */
    void leave(Claim claim) {
        updateReceiverMask(memory, claim.slot, false);
        claim.lock.close();
        Wakeups.bumpAndWake(memory, MEMBERSHIP_FUTEX_OFFSET);
        // A sender may be waiting for room that this receiver held back.
        Wakeups.bumpAndWake(memory, SPACE_FUTEX_OFFSET);
    }

    /**
     * Gives a claimed but never joined receiver slot, or a sender slot, back.
     *
     * @param claim the claim
     */
    void release(Claim claim) {
        claim.lock.close();
    }

    /**
     * Counts live receivers, releasing dead ones found on the way.
     *
     * @param excludeSlot a receiver slot not to count (the caller's own), or -1
     * @return the number of live receivers
     */
    int receiverCount(int excludeSlot) {
        int count = 0;
        for (long mask = receiverMask(memory); mask != 0; mask &= mask - 1) {
            int slot = Long.numberOfTrailingZeros(mask);
            if (slot != excludeSlot && receiverAlive(slot)) {
                count++;
            }
        }
        return count;
    }

    /**
     * Waits until at least {@code count} receivers other than {@code excludeSlot} live: spins, then
     * sleeps on the membership futex word in slices (a receiver that dies wakes nobody).
     *
     * @param count the number to wait for
     * @param excludeSlot a receiver slot not to count, or -1
     * @param timeoutNanos how long, or {@link Timeouts#NO_LIMIT}
     * @param waiter how to sleep
     * @param spinNanos the spin phase
     * @param cancellation asked between sleeps
     * @return true when reached, false when the timeout passed first
     */
    boolean awaitReceivers(int count, int excludeSlot, long timeoutNanos, Waiter waiter, long spinNanos,
                           Cancellation cancellation) {
        boolean limited = Timeouts.isLimited(timeoutNanos);
        long start = System.nanoTime();
        for (int attempt = 0; ; ) {
            if (receiverCount(excludeSlot) >= count) {
                return true;
            }
            long now = System.nanoTime();
            if (limited && now - start >= timeoutNanos) {
                return false;
            }
            if (Backoff.spin(now - start, spinNanos)) {
                continue;
            }
            // Joins and leaves always bump and wake the membership word (they are rare).
            int seen = memory.getIntVolatile(MEMBERSHIP_FUTEX_OFFSET);
            if (receiverCount(excludeSlot) >= count) {
                return true;
            }
            long sleep = limited ? Math.min(timeoutNanos - (now - start), SLICE_NANOS) : SLICE_NANOS;
            waiter.await(memory, MEMBERSHIP_FUTEX_OFFSET, seen, sleep, attempt++);
            cancellation.check();
        }
    }

    /**
     * Bytes published but not yet read by the slowest receiver in the mask (dead ones not yet
     * noticed included): how full the ring is. A snapshot; it moves while it is read.
     *
     * @param excludeSlot a receiver slot not to count, or -1
     * @return 0 when no receiver is connected, else between 0 and the capacity
     */
    long backlogBytes(int excludeSlot) {
        long tail = tail(memory);
        long backlog = 0;
        for (long mask = receiverMaskWithout(excludeSlot); mask != 0; mask &= mask - 1) {
            int slot = Long.numberOfTrailingZeros(mask);
            backlog = Math.max(backlog, tail - cursor(memory, cursorOffset(slot)));
        }
        return Math.max(0, Math.min(backlog, storage.capacity()));
    }

    /**
     * Counts receivers from the mask alone, dead ones not yet noticed included: cheap enough for
     * every send.
     *
     * @param excludeSlot a receiver slot not to count, or -1
     * @return the number of receiver slots in use
     */
    int activeReceiverSlots(int excludeSlot) {
        return Long.bitCount(receiverMaskWithout(excludeSlot));
    }

    private long receiverMaskWithout(int excludeSlot) {
        long mask = receiverMask(memory);
        return excludeSlot < 0 ? mask : mask & ~(1L << excludeSlot);
    }

    /**
     * Tells whether a receiver slot's owner lives; a dead one is released.
     *
     * @param slot the receiver slot
     * @return true when alive
     */
    boolean receiverAlive(int slot) {
        try (SlotLocks.Held dead = storage.locks().takeIfDead(SlotKind.RECEIVER, slot)) {
            if (dead == null) {
                return true;
            }
            if ((receiverMask(memory) & (1L << slot)) != 0) {
                updateReceiverMask(memory, slot, false);
                Wakeups.bumpAndWake(memory, MEMBERSHIP_FUTEX_OFFSET);
                Wakeups.bumpAndWake(memory, SPACE_FUTEX_OFFSET);
                LOG.log(System.Logger.Level.INFO, "channel ''{0}'': receiver in slot {1} (pid {2} in its namespace) is gone;"
                        + " released its slot", channel, slot, receiverPid(memory, slot));
            }
            return false;
        }
    }

    /**
     * Tells whether the holder of the write lock lives.
     *
     * @param ownerId the value found in the write lock
     * @return false when its process is gone or its slot has a new owner
     */
    boolean lockOwnerAlive(long ownerId) {
        SlotKind kind = ownerKind(ownerId);
        int slot = ownerSlot(ownerId);
        if (slot >= kind.slots() || !sameGeneration(ownerId, generation(memory, kind, slot))) {
            return false;
        }
        try (SlotLocks.Held dead = storage.locks().takeIfDead(kind, slot)) {
            return dead == null;
        }
    }
}
