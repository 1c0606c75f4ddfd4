package io.libipc.internal.ring;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.IpcOptions;
import io.libipc.internal.storage.ChannelStorage;
import io.libipc.internal.storage.SlotDescriptor;
import io.libipc.internal.storage.SlotKind;
import io.libipc.internal.storage.SlotLocks;
import io.libipc.internal.storage.StorageDescriptor;
import io.libipc.internal.storage.StorageRegistry;
import io.libipc.support.ChildJvm;
import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write lock held by a receiver process that dies while joining (a joining receiver takes
 * the lock to pick its starting position) is taken back by the next sender. Killing a process at
 * exactly that instant cannot be arranged from outside, so the test writes the dead receiver's
 * owner id into the lock word itself (white-box), then kills the receiver process with kill -9.
 */
@ExtendWith(NoLeftoverStorage.class)
class DeadLockHolderTest {

    private final String name = TestChannels.uniqueName("deadholder");
    private final IpcOptions options = TestChannels.options();

    @AfterEach
    void clear() {
        TestChannels.clear(name);
    }

    /** A receiver process that connects and then waits to be killed. */
    public static final class Receiver {
        /**
         * Connects a receiver and holds it.
         *
         * @param args the channel name
         * @throws InterruptedException never in practice: the process is killed
         */
        public static void main(String[] args) throws InterruptedException {
            try (IpcChannel rx = new IpcChannel(ChannelType.CHANNEL, args[0], TestChannels.options(), ConnMode.RECEIVER)) {
                System.out.println("READY");
                Thread.sleep(Long.MAX_VALUE);
            }
        }
    }

    @Test
    @Timeout(60) // a lock never taken back would block the forced send for ever
    void writeLockOfAReceiverKilledWhileJoiningIsTakenBack() {
        try (IpcChannel tx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.SENDER);
             IpcChannel rx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.RECEIVER);
             ChildJvm child = ChildJvm.start(Receiver.class, name)) {
            child.awaitLine("READY", Duration.ofSeconds(60));
            ChannelStorage storage = StorageRegistry.acquire(name, tx.storagePath(), ChannelType.CHANNEL, options);
            try {
                int slot = slotHeldElsewhere(storage);
                long generation = SlotDescriptor.generation(storage.memory(), SlotKind.RECEIVER, slot);
                long owner = SlotDescriptor.ownerId(SlotKind.RECEIVER, slot, generation);
                assertThat(StorageDescriptor.casWriteLock(storage.memory(), 0, owner)).isTrue();

                // While the holder lives, its lock is respected.
                assertThat(tx.trySend(new byte[] {1}, 200)).isFalse();

                child.kill();
                tx.send(new byte[] {2}, 5_000);
                assertThat(rx.receive(10_000)).containsExactly(2);
                assertThat(tx.receiverCount()).isEqualTo(1);
            } finally {
                StorageRegistry.release(storage);
            }
        }
    }

    private static int slotHeldElsewhere(ChannelStorage storage) {
        long mask = StorageDescriptor.receiverMask(storage.memory());
        for (int slot = 0; slot < SlotDescriptor.MAX_RECEIVERS; slot++) {
            if ((mask & (1L << slot)) != 0
                    && storage.locks().holder(SlotKind.RECEIVER, slot) == SlotLocks.Holder.OTHER_PROCESS) {
                return slot;
            }
        }
        throw new AssertionError("no receiver slot held by the child");
    }
}
