package io.libipc.internal.ring;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcOptions;
import io.libipc.internal.engine.Cancellation;
import io.libipc.internal.engine.EngineConnection;
import io.libipc.internal.engine.Errors;
import io.libipc.internal.storage.ChannelStorage;
import io.libipc.internal.storage.StorageDescriptor;
import io.libipc.internal.storage.StorageRegistry;
import io.libipc.internal.wait.Backoff;
import io.libipc.internal.wait.Waiter;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What one connected handle holds in the native engine: a reference to the storage, its sender and
 * receiver slots, and the writer and reader built on them. Opened by connect, closed by disconnect.
 */
final class RingConnection implements EngineConnection {

    /** How long a disconnect waits for a send of this connection to leave the write lock. */
    private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long CLOSE_PARK_NANOS = 50_000L;

    private final String name;
    private final ChannelStorage storage;
    private final Membership membership;
    private final Membership.Claim senderClaim;
    private final Membership.Claim receiverClaim;
    private final Waiter waiter;
    private final long spinNanos;
    private final Cancellation cancellation;
    private final RingWriter writer;
    private final RingReader reader;
    /** False once disconnect began: the writer and reader stop at their next check. */
    private volatile boolean open = true;

    private RingConnection(String name, ChannelStorage storage, Membership membership, Membership.Claim senderClaim,
                           Membership.Claim receiverClaim, IpcOptions options, Waiter waiter, Cancellation handle) {
        this.name = name;
        this.storage = storage;
        this.membership = membership;
        this.senderClaim = senderClaim;
        this.receiverClaim = receiverClaim;
        this.waiter = waiter;
        this.spinNanos = options.spinNanos();
        // The handle's check, and this connection's own flag: a thread that outlived a quick
        // disconnect and reconnect must stop even though the handle is connected again.
        this.cancellation = () -> {
            handle.check();
            if (!open) {
                throw Errors.connectionEnded(name);
            }
        };
        int ownSlot = receiverClaim == null ? -1 : receiverClaim.slot;
        this.writer = senderClaim == null ? null : new RingWriter(storage, membership, senderClaim.ownerId, ownSlot,
                waiter, spinNanos, cancellation, name);
        this.reader = receiverClaim == null ? null : new RingReader(storage, ownSlot, senderClaim != null,
                waiter, spinNanos, cancellation, name);
    }

    /**
     * Opens the storage and claims the slots the modes need.
     *
     * @param type the channel type
     * @param name the channel name
     * @param path its storage file
     * @param options the handle's options
     * @param modes sender, receiver or both
     * @param cancellation the handle's check, asked by the writer's and reader's waits
     * @return the connection
     */
    static RingConnection open(ChannelType type, String name, Path path, IpcOptions options, Set<ConnMode> modes,
                               Cancellation cancellation) {
        Waiter waiter = Waiter.forStrategy(options.waitStrategy());
        ChannelStorage storage = StorageRegistry.acquire(name, path, type, options);
        Membership membership = new Membership(storage, name);
        Membership.Claim sender = null;
        Membership.Claim receiver = null;
        try {
            if (modes.contains(ConnMode.SENDER)) {
                sender = membership.claimSender();
            }
            if (modes.contains(ConnMode.RECEIVER)) {
                receiver = membership.claimReceiver();
                join(storage, membership, receiver, name);
            }
            return new RingConnection(name, storage, membership, sender, receiver, options, waiter, cancellation);
        } catch (RuntimeException | Error e) {
            if (receiver != null) {
                membership.leave(receiver);
            }
            if (sender != null) {
                membership.release(sender);
            }
            StorageRegistry.release(storage);
            throw e;
        }
    }

    private static void join(ChannelStorage storage, Membership membership, Membership.Claim receiver, String name) {
        Cancellation cleared = () -> {
            if (storage.isCleared()) {
                throw Errors.clearedWhileConnecting(name, storage.path());
            }
        };
        WriteLock.acquire(storage, membership, receiver.ownerId, Long.MAX_VALUE, false, cleared);
        try {
            membership.join(receiver);
        } finally {
            WriteLock.release(storage);
        }
    }

    @Override
    public boolean sends() {
        return writer != null;
    }

    @Override
    public boolean receives() {
        return reader != null;
    }

    @Override
    public void checkUsable() {
        if (storage.isCleared()) {
            throw Errors.cleared(name, storage.path());
        }
    }

    @Override
    public int capacity() {
        return storage.capacity();
    }

    @Override
    public int maxMessageSize() {
        return storage.maxMessageSize();
    }

    @Override
    public boolean send(Object src, int offset, int length, long timeoutNanos, boolean force) {
        if (membership.activeReceiverSlots(ownReceiverSlot()) == 0) {
            checkUsable();
            if (!force) {
                return false;
            }
            throw Errors.noReceiver(name);
        }
        return writer.write(src, offset, length, timeoutNanos, force);
    }

    @Override
    public int receive(long timeoutNanos) {
        return reader.take(timeoutNanos);
    }

    @Override
    public int tryReceive() {
        return reader.poll();
    }

    @Override
    public ByteBuffer message() {
        return reader.message();
    }

    @Override
    public int copyMessage(ByteBuffer dst) {
        return reader.copyTo(dst);
    }

    @Override
    public byte[] copyMessage() {
        return reader.copy();
    }

    @Override
    public void keepMessage() {
        reader.keep();
    }

    @Override
    public long lostMessages() {
        return reader == null ? 0 : reader.lostMessages();
    }

    @Override
    public int receiverCount() {
        return membership.receiverCount(writer != null ? ownReceiverSlot() : -1);
    }

    @Override
    public long backlogBytes() {
        return membership.backlogBytes(ownReceiverSlot());
    }

    @Override
    public boolean awaitReceivers(int count, long timeoutNanos) {
        return membership.awaitReceivers(count, writer != null ? ownReceiverSlot() : -1, timeoutNanos, waiter,
                spinNanos, cancellation);
    }

    private int ownReceiverSlot() {
        return receiverClaim == null ? -1 : receiverClaim.slot;
    }

    /**
     * Stops this connection's waits at their next check, wakes them, then waits until no send of
     * it holds the channel's write lock, so that the sender slot is never given back under a
     * writing thread.
     */
    @Override
    public void beginClose() {
        open = false;
        // Wake our own waiters (and, harmlessly, everybody else's) so they see the change.
        storage.wakeEverybody();
        if (senderClaim == null) {
            return;
        }
        long start = System.nanoTime();
        // Volatile write of open, then volatile read of the lock (a full fence between them on
        // every JVM): a sender either sees open false after its lock CAS, or is seen here.
        while (StorageDescriptor.writeLockOwner(storage.memory()) == senderClaim.ownerId) {
            long waited = System.nanoTime() - start;
            if (waited >= CLOSE_WAIT_NANOS) {
                return;
            }
            Backoff.pause(waited, 0, CLOSE_PARK_NANOS);
        }
    }

    /** Gives the slots and the storage reference back; {@link #beginClose} first. */
    @Override
    public void close() {
        try {
            if (receiverClaim != null) {
                membership.leave(receiverClaim);
            }
            if (senderClaim != null) {
                membership.release(senderClaim);
            }
        } finally {
            StorageRegistry.release(storage);
        }
    }
}
