package io.libipc.internal.ring;

import io.libipc.ChannelType;
import io.libipc.IpcException;
import io.libipc.IpcStatus;
import io.libipc.internal.storage.ChannelStorage;

import java.io.IOException;
import java.nio.channels.FileLock;

import static io.libipc.internal.storage.StorageDescriptor.*;

/**
 * The senders and receivers of one channel: claiming and releasing their slots, telling whether
 * they live, and counting receivers. A participant lives while it holds the POSIX lock of its
 * slot; a dead one is noticed by whoever probes it and released on the spot (its bit in the
 * receiver mask cleared while the prober holds the dead slot's lock, so that no new owner can be
 * dropped by mistake). Pids are never used: two containers of one pod may both be pid 1.
 *
 * <p>Thread-safe.
 */
public final class Participants {

    private static final System.Logger LOG = System.getLogger(Participants.class.getName());

    private static final long GENERATION_MASK = (1L << 54) - 1;
    private static final int KIND_SENDER = 1;
    private static final int KIND_RECEIVER = 2;

    private final ChannelStorage storage;
    private final String channel;

    /**
     * Creates the view of a channel's participants.
     *
     * @param storage the channel storage
     * @param channel the channel name, for messages
     */
    public Participants(ChannelStorage storage, String channel) {
        this.storage = storage;
        this.channel = channel;
    }

    /** A slot this handle holds: its liveness lock and its generation. */
    public static final class Claim {
        final boolean receiver;
        final int slot;
        final long generation;
        final FileLock lock;

        Claim(boolean receiver, int slot, long generation, FileLock lock) {
            this.receiver = receiver;
            this.slot = slot;
            this.generation = generation;
            this.lock = lock;
        }

        /** @return the slot index */
        public int slot() {
            return slot;
        }

        /** @return the id written into the write lock while this participant holds it */
        long ownerId() {
            return ((long) (receiver ? KIND_RECEIVER : KIND_SENDER) << 62) | ((generation & GENERATION_MASK) << 8) | slot;
        }
    }

    /**
     * Claims a sender slot: slot 0 of a ROUTE (so a second live ROUTE sender is refused), any free
     * slot of a CHANNEL.
     *
     * @return the claim
     * @throws IpcException ERROR_CONNECTION_FAILED when a ROUTE has a live sender or all slots are taken
     */
    public Claim claimSender() {
        int slots = storage.type() == ChannelType.ROUTE ? 1 : MAX_SENDERS;
        for (int slot = 0; slot < slots; slot++) {
            FileLock lock = tryClaim(false, slot);
            if (lock != null) {
                long generation = storage.getAndAddLong(senderGenerationOffset(slot), 1) + 1;
                return new Claim(false, slot, generation, lock);
            }
        }
        if (storage.type() == ChannelType.ROUTE) {
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
    public Claim claimReceiver() {
        for (int slot = 0; slot < MAX_RECEIVERS; slot++) {
            FileLock lock = tryClaim(true, slot);
            if (lock != null) {
                long generation = storage.getAndAddLong(receiverSlotOffset(slot) + SLOT_GENERATION_OFFSET, 1) + 1;
                return new Claim(true, slot, generation, lock);
            }
        }
        throw new IpcException(IpcStatus.ERROR_CONNECTION_FAILED, "channel '" + channel + "' already has "
                + MAX_RECEIVERS + " live receivers: maxReceivers=" + MAX_RECEIVERS);
    }

    /**
     * Makes a claimed receiver slot active at the current tail. Called with the write lock held,
     * so no sender is between reading the slowest cursor and writing: a receiver joins at a
     * position no sender will overwrite before it has read it.
     *
     * @param claim a receiver claim
     */
    public void join(Claim claim) {
        int slot = receiverSlotOffset(claim.slot);
        storage.setLongVolatile(slot + SLOT_LOST_OFFSET, 0);
        storage.setIntVolatile(slot + SLOT_LOST_THROUGH_SEQ_OFFSET, storage.getIntVolatile(NEXT_SEQ_OFFSET) - 1);
        storage.setIntVolatile(slot + SLOT_PID_OFFSET, (int) ProcessHandle.current().pid());
        storage.setLongVolatile(slot + SLOT_CURSOR_OFFSET, storage.getLongVolatile(TAIL_OFFSET));
        setMaskBit(claim.slot, true);
        storage.bumpAndWake(MEMBERSHIP_FUTEX_OFFSET);
    }

    /**
     * Gives a receiver slot back.
     *
     * @param claim a receiver claim that joined
     */
    public void leave(Claim claim) {
        setMaskBit(claim.slot, false);
        storage.releaseClaim(true, claim.slot, claim.lock);
        storage.bumpAndWake(MEMBERSHIP_FUTEX_OFFSET);
        // A sender may be waiting for room that this receiver held back.
        storage.bumpAndWake(SPACE_FUTEX_OFFSET);
    }

    /**
     * Gives a claimed but never joined receiver slot, or a sender slot, back.
     *
     * @param claim the claim
     */
    public void release(Claim claim) {
        storage.releaseClaim(claim.receiver, claim.slot, claim.lock);
    }

    /**
     * Counts live receivers, releasing dead ones found on the way.
     *
     * @param excludeSlot a receiver slot not to count (the caller's own), or -1
     * @return the number of live receivers
     */
    public int receiverCount(int excludeSlot) {
        long mask = storage.getLongVolatile(RECEIVER_MASK_OFFSET);
        int count = 0;
        while (mask != 0) {
            int slot = Long.numberOfTrailingZeros(mask);
            mask &= mask - 1;
            if (slot != excludeSlot && receiverAlive(slot)) {
                count++;
            }
        }
        return count;
    }

    /**
     * Bytes published but not yet read by the slowest receiver in the mask (dead ones not yet
     * noticed included): how full the ring is. A snapshot; it moves while it is read.
     *
     * @param excludeSlot a receiver slot not to count, or -1
     * @return 0 when no receiver is connected, else between 0 and the capacity
     */
    public long backlogBytes(int excludeSlot) {
        long tail = storage.getLongVolatile(TAIL_OFFSET);
        long mask = storage.getLongVolatile(RECEIVER_MASK_OFFSET);
        if (excludeSlot >= 0) {
            mask &= ~(1L << excludeSlot);
        }
        long backlog = 0;
        while (mask != 0) {
            int slot = Long.numberOfTrailingZeros(mask);
            mask &= mask - 1;
            long cursor = storage.getLongVolatile(receiverSlotOffset(slot) + SLOT_CURSOR_OFFSET);
            backlog = Math.max(backlog, tail - cursor);
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
    public int activeReceiverSlots(int excludeSlot) {
        long mask = storage.getLongVolatile(RECEIVER_MASK_OFFSET);
        if (excludeSlot >= 0) {
            mask &= ~(1L << excludeSlot);
        }
        return Long.bitCount(mask);
    }

    /**
     * Tells whether a receiver slot's owner lives; a dead one is released.
     *
     * @param slot the receiver slot
     * @return true when alive
     */
    public boolean receiverAlive(int slot) {
        FileLock[] dead = new FileLock[1];
        ChannelStorage.Probe probe = storage.probe(true, slot, dead);
        if (probe != ChannelStorage.Probe.DEAD) {
            return true;
        }
        try {
            if ((storage.getLongVolatile(RECEIVER_MASK_OFFSET) & (1L << slot)) != 0) {
                setMaskBit(slot, false);
                storage.bumpAndWake(MEMBERSHIP_FUTEX_OFFSET);
                storage.bumpAndWake(SPACE_FUTEX_OFFSET);
                LOG.log(System.Logger.Level.INFO, "channel ''{0}'': receiver in slot {1} (pid {2} in its namespace) is gone;"
                        + " released its slot", channel, slot, storage.getIntVolatile(receiverSlotOffset(slot) + SLOT_PID_OFFSET));
            }
        } finally {
            storage.releaseProbe(dead[0]);
        }
        return false;
    }

    /**
     * Tells whether the holder of the write lock lives.
     *
     * @param ownerId the value found in the write lock
     * @return false when its process is gone or its slot has a new owner
     */
    boolean lockOwnerAlive(long ownerId) {
        boolean receiver = (ownerId >>> 62) == KIND_RECEIVER;
        int slot = (int) (ownerId & 0xFF);
        long generation = (ownerId >>> 8) & GENERATION_MASK;
        if (slot >= (receiver ? MAX_RECEIVERS : MAX_SENDERS)) {
            return false;
        }
        long current = storage.getLongVolatile(receiver
                ? receiverSlotOffset(slot) + SLOT_GENERATION_OFFSET : senderGenerationOffset(slot));
        if ((current & GENERATION_MASK) != generation) {
            return false;
        }
        FileLock[] dead = new FileLock[1];
        if (storage.probe(receiver, slot, dead) == ChannelStorage.Probe.DEAD) {
            storage.releaseProbe(dead[0]);
            return false;
        }
        return true;
    }

    private FileLock tryClaim(boolean receiver, int slot) {
        try {
            return storage.tryClaim(receiver, slot);
        } catch (IOException e) {
            throw new IpcException(IpcStatus.ERROR_CONNECTION_FAILED, "cannot lock a slot of channel '" + channel
                    + "': file=" + storage.path() + ": " + e, e);
        }
    }

    private void setMaskBit(int slot, boolean set) {
        long bit = 1L << slot;
        for (;;) {
            long mask = storage.getLongVolatile(RECEIVER_MASK_OFFSET);
            long next = set ? mask | bit : mask & ~bit;
            if (mask == next || storage.compareAndSetLong(RECEIVER_MASK_OFFSET, mask, next)) {
                return;
            }
        }
    }
}
