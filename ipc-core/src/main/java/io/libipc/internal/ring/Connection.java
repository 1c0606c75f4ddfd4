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
import java.util.concurrent.locks.LockSupport;

import static io.libipc.internal.storage.StorageDescriptor.WRITE_LOCK_OFFSET;

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
    /** False once disconnect began: the writer and reader stop at their next check. */
    private volatile boolean open = true;

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
        Connection[] self = new Connection[1];
        // The handle's check, and this connection's own flag: a thread that outlived a quick
        // disconnect and reconnect must stop even though the handle is connected again.
        Cancellation checked = () -> {
            cancellation.check();
            if (!self[0].open) {
                throw new IpcException(IpcStatus.ERROR_CONNECTION_FAILED,
                        "channel '" + name + "' was disconnected while this operation waited");
            }
        };
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
                    receiver == null ? 0 : receiver.slot() + 1, waiter, options.spinNanos(), checked, name);
            RingReader reader = receiver == null ? null : new RingReader(storage, receiver.slot(), sender != null,
                    waiter, options.spinNanos(), checked, name);
            self[0] = new Connection(storage, participants, sender, receiver, writer, reader);
            return self[0];
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
        WriteLock.acquire(storage, participants, receiver.ownerId(), Long.MAX_VALUE, false, cleared);
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
     * How full the ring is for the receivers this handle's messages go to.
     *
     * @return bytes not yet read by the slowest of them
     */
    public long backlogBytes() {
        return participants.backlogBytes(receiverClaim != null ? receiverClaim.slot() : -1);
    }

    /**
     * Receiver slots in use other than this handle's own, without liveness checks.
     *
     * @return the count
     */
    public int activeReceivers() {
        return participants.activeReceiverSlots(receiverClaim != null ? receiverClaim.slot() : -1);
    }

    /**
     * Starts disconnecting: from now on the writer and reader stop at their next check (a sender
     * checks right after taking the write lock). Then waits until no send of this connection holds
     * the channel's write lock, so that the sender slot is never given back under a writing thread.
     *
     * @param timeoutNanos how long to wait for a send to leave
     */
    public void beginClose(long timeoutNanos) {
        open = false;
        if (senderClaim == null) {
            return;
        }
        long owner = senderClaim.ownerId();
        long deadline = System.nanoTime() + timeoutNanos;
        // Volatile write of open, then volatile read of the lock (a full fence between them on
        // every JVM): a sender either sees open false after its lock CAS, or is seen here.
        while (storage.getLongVolatile(WRITE_LOCK_OFFSET) == owner
                && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(50_000);
        }
    }

    /** Gives the slots and the storage reference back; {@link #beginClose} first. */
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
