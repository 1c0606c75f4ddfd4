package io.libipc.internal.ring;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcException;
import io.libipc.IpcOptions;
import io.libipc.IpcStatus;
import io.libipc.internal.storage.ChannelStorage;
import io.libipc.internal.storage.StorageRegistry;
import io.libipc.internal.wait.Waiter;

import java.nio.file.Path;
import java.util.Set;

/**
 * What one connected handle holds: a reference to the storage, its sender and receiver slots,
 * and the writer and reader built on them. Opened by connect, closed by disconnect.
 */
public final class Connection {

    private final ChannelStorage storage;
    private final Participants participants;
    private final Participants.Claim senderClaim;
    private final Participants.Claim receiverClaim;
    private final RingWriter writer;
    private final RingReader reader;

    private Connection(ChannelStorage storage, Participants participants, Participants.Claim senderClaim,
                       Participants.Claim receiverClaim, RingWriter writer, RingReader reader) {
        this.storage = storage;
        this.participants = participants;
        this.senderClaim = senderClaim;
        this.receiverClaim = receiverClaim;
        this.writer = writer;
        this.reader = reader;
    }

    /**
     * Opens the storage and claims the slots the modes need.
     *
     * @param name the channel name
     * @param path its storage file
     * @param type the channel type
     * @param options the handle's options
     * @param modes sender, receiver or both
     * @param waiter how to sleep
     * @param cancellation asked by the writer's and reader's waits
     * @return the connection
     */
    public static Connection open(String name, Path path, ChannelType type, IpcOptions options, Set<ConnMode> modes,
                                  Waiter waiter, Cancellation cancellation) {
        ChannelStorage storage = StorageRegistry.acquire(name, path, type, options);
        Participants participants = new Participants(storage, name);
        Participants.Claim sender = null;
        Participants.Claim receiver = null;
        try {
            if (modes.contains(ConnMode.SENDER)) {
                sender = participants.claimSender();
            }
            if (modes.contains(ConnMode.RECEIVER)) {
                receiver = participants.claimReceiver();
                join(storage, participants, receiver, name);
            }
            RingWriter writer = sender == null ? null : new RingWriter(storage, participants, sender.ownerId(),
                    receiver == null ? 0 : receiver.slot() + 1, waiter, options.spinNanos(), cancellation, name);
            RingReader reader = receiver == null ? null : new RingReader(storage, receiver.slot(), sender != null,
                    waiter, options.spinNanos(), cancellation, name);
            return new Connection(storage, participants, sender, receiver, writer, reader);
        } catch (RuntimeException | Error e) {
            if (receiver != null) {
                participants.leave(receiver);
            }
            if (sender != null) {
                participants.release(sender);
            }
            StorageRegistry.release(storage);
            throw e;
        }
    }

    private static void join(ChannelStorage storage, Participants participants, Participants.Claim receiver, String name) {
        Cancellation cleared = () -> {
            if (storage.isCleared()) {
                throw new IpcException(IpcStatus.ERROR_CONNECTION_FAILED,
                        "storage of channel '" + name + "' was cleared while connecting: file=" + storage.path());
            }
        };
        WriteLock.acquire(storage, participants, receiver.ownerId(), 0, false, cleared);
        try {
            participants.join(receiver);
        } finally {
            WriteLock.release(storage);
        }
    }

    /** @return the storage */
    public ChannelStorage storage() {
        return storage;
    }

    /** @return the writer, or null when not a sender */
    public RingWriter writer() {
        return writer;
    }

    /** @return the reader, or null when not a receiver */
    public RingReader reader() {
        return reader;
    }

    /**
     * Receivers that would get this handle's next message: all live receivers but this handle's own.
     *
     * @return the count, dead receivers released on the way
     */
    public int receiverCount() {
        return participants.receiverCount(writer != null && receiverClaim != null ? receiverClaim.slot() : -1);
    }

    /**
     * Receiver slots in use other than this handle's own, without liveness checks.
     *
     * @return the count
     */
    public int activeReceivers() {
        return participants.activeReceiverSlots(receiverClaim != null ? receiverClaim.slot() : -1);
    }

    /** Gives the slots and the storage reference back. */
    public void close() {
        try {
            if (receiverClaim != null) {
                participants.leave(receiverClaim);
            }
            if (senderClaim != null) {
                participants.release(senderClaim);
            }
        } finally {
            StorageRegistry.release(storage);
        }
    }
}
