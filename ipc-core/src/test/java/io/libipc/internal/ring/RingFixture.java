package io.libipc.internal.ring;

import io.libipc.ChannelType;
import io.libipc.IpcWaitStrategy;
import io.libipc.internal.engine.Cancellation;
import io.libipc.internal.memory.SharedMemory;
import io.libipc.internal.storage.ChannelStorage;
import io.libipc.internal.storage.StorageDescriptor;
import io.libipc.internal.wait.Waiter;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A channel's storage over a plain direct buffer, and participants on it built from the ring's own
 * parts (membership, write lock, writer, reader), with no file and no process: the fixture of the
 * ring tests.
 */
final class RingFixture {

    static final Cancellation NEVER = () -> { };
    static final long SPIN_NANOS = 20_000;

    final SharedMemory memory;
    final InMemorySlotLocks locks = new InMemorySlotLocks();
    final ChannelStorage storage;
    final Membership membership;
    final Waiter waiter = Waiter.forStrategy(IpcWaitStrategy.PORTABLE);

    RingFixture(ChannelType type, int capacity, int maxMessageSize) {
        this(new SharedMemory(ByteBuffer.allocateDirect((int) StorageDescriptor.fileLength(capacity))), type, capacity,
                maxMessageSize);
    }

    RingFixture(SharedMemory memory, ChannelType type, int capacity, int maxMessageSize) {
        this.memory = memory;
        StorageDescriptor.initialise(memory, type, capacity, maxMessageSize);
        this.storage = new ChannelStorage(Path.of("memory:test"), memory, locks);
        this.membership = new Membership(storage, "test");
    }

    /** A sending participant, with its own receiver when {@code alsoReceives}. */
    Participant sender(boolean alsoReceives) {
        Membership.Claim sender = membership.claimSender();
        Membership.Claim receiver = alsoReceives ? joinedReceiver() : null;
        int ownSlot = receiver == null ? -1 : receiver.slot;
        RingWriter writer = new RingWriter(storage, membership, sender.ownerId, ownSlot, waiter, SPIN_NANOS, NEVER, "test");
        RingReader reader = receiver == null ? null
                : new RingReader(storage, ownSlot, true, waiter, SPIN_NANOS, NEVER, "test");
        return new Participant(sender, receiver, writer, reader);
    }

    /** A receiving participant. */
    Participant receiver() {
        Membership.Claim receiver = joinedReceiver();
        return new Participant(null, receiver, null,
                new RingReader(storage, receiver.slot, false, waiter, SPIN_NANOS, NEVER, "test"));
    }

    private Membership.Claim joinedReceiver() {
        Membership.Claim claim = membership.claimReceiver();
        WriteLock.acquire(storage, membership, claim.ownerId, Long.MAX_VALUE, false, NEVER);
        try {
            membership.join(claim);
        } finally {
            WriteLock.release(storage);
        }
        return claim;
    }

    /** A participant's claims, writer and reader. */
    static final class Participant {
        final Membership.Claim senderClaim;
        final Membership.Claim receiverClaim;
        final RingWriter writer;
        final RingReader reader;

        Participant(Membership.Claim senderClaim, Membership.Claim receiverClaim, RingWriter writer, RingReader reader) {
            this.senderClaim = senderClaim;
            this.receiverClaim = receiverClaim;
            this.writer = writer;
            this.reader = reader;
        }

        boolean send(byte[] message, long timeoutNanos, boolean force) {
            return writer.write(message, 0, message.length, timeoutNanos, force);
        }

        /** The next message, or null when there is none yet. */
        byte[] poll() {
            int n = reader.poll();
            if (n < 0) {
                return null;
            }
            byte[] copy = new byte[n];
            reader.message().get(copy);
            return copy;
        }
    }
}
