package io.libipc.internal.ring;

import io.libipc.ChannelType;
import io.libipc.IpcException;
import io.libipc.IpcStatus;
import io.libipc.internal.engine.Timeouts;
import io.libipc.internal.storage.SlotDescriptor;
import io.libipc.internal.storage.SlotKind;
import io.libipc.internal.storage.StorageDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The membership table in one JVM over a plain buffer: claiming slots up to the limits, counting
 * receivers (a dead one released by whoever counts, a live one elsewhere kept), waiting for them,
 * and telling a dead write-lock holder from a live one.
 */
@Timeout(30)
class MembershipTest {

    private final RingFixture ring = new RingFixture(ChannelType.CHANNEL, 4096, 1 << 16);

    @Test
    void theReceiverPastTheLimitIsRefusedNamingItAndLeavesNothingCounted() {
        List<RingFixture.Participant> receivers = new ArrayList<>();
        for (int i = 0; i < SlotDescriptor.MAX_RECEIVERS; i++) {
            receivers.add(ring.receiver());
        }

        assertThatThrownBy(ring::receiver).isInstanceOfSatisfying(IpcException.class, e -> {
            assertThat(e.status()).isEqualTo(IpcStatus.ERROR_CONNECTION_FAILED);
            assertThat(e.getMessage()).contains("maxReceivers=64");
        });
        assertThat(ring.membership.receiverCount(-1)).isEqualTo(SlotDescriptor.MAX_RECEIVERS);
        assertThat(Long.bitCount(StorageDescriptor.receiverMask(ring.memory))).isEqualTo(SlotDescriptor.MAX_RECEIVERS);
    }

    @Test
    void aDeadReceiverIsReleasedByWhoeverCountsWhileOneAliveElsewhereIsKept() {
        RingFixture.Participant dies = ring.receiver();
        RingFixture.Participant elsewhere = ring.receiver();
        ring.locks.kill(SlotKind.RECEIVER, elsewhere.receiverClaim.slot);
        ring.locks.holdElsewhere(SlotKind.RECEIVER, elsewhere.receiverClaim.slot);
        ring.locks.kill(SlotKind.RECEIVER, dies.receiverClaim.slot);

        assertThat(ring.membership.activeReceiverSlots(-1)).as("before anybody looks").isEqualTo(2);
        assertThat(ring.membership.receiverCount(-1)).isEqualTo(1);
        assertThat(StorageDescriptor.receiverMask(ring.memory)).isEqualTo(1L << elsewhere.receiverClaim.slot);
        assertThat(ring.membership.activeReceiverSlots(-1)).isEqualTo(1);
    }

    @Test
    void aReceiverCountCanLeaveOutTheCallersOwnSlot() {
        RingFixture.Participant a = ring.receiver();
        ring.receiver();

        assertThat(ring.membership.receiverCount(a.receiverClaim.slot)).isEqualTo(1);
        assertThat(ring.membership.receiverCount(-1)).isEqualTo(2);
    }

    @Test
    void aRouteHasOneLiveSenderAndADeadOnesPlaceIsTakenAtOnce() {
        RingFixture route = new RingFixture(ChannelType.ROUTE, 4096, 1 << 16);
        Membership.Claim first = route.membership.claimSender();

        assertThatThrownBy(route.membership::claimSender).isInstanceOfSatisfying(IpcException.class, e -> {
            assertThat(e.status()).isEqualTo(IpcStatus.ERROR_CONNECTION_FAILED);
            assertThat(e.getMessage()).contains("already has a live sender");
        });
        route.locks.kill(SlotKind.SENDER, first.slot);
        Membership.Claim second = route.membership.claimSender();
        assertThat(second.slot).isZero();
        assertThat(second.ownerId).as("a new generation").isNotEqualTo(first.ownerId);
    }

    @Test
    void aWriteLockHolderIsAliveOnlyWhileItHoldsItsSlotInTheSameGeneration() {
        Membership.Claim sender = ring.membership.claimSender();

        assertThat(ring.membership.lockOwnerAlive(sender.ownerId)).isTrue();
        assertThat(ring.membership.lockOwnerAlive(SlotDescriptor.ownerId(SlotKind.SENDER, sender.slot, 999)))
                .as("another generation").isFalse();
        assertThat(ring.membership.lockOwnerAlive(SlotDescriptor.ownerId(SlotKind.SENDER, 200, 1)))
                .as("no such slot").isFalse();
        assertThat(ring.membership.lockOwnerAlive(-1L)).as("garbage").isFalse();
        ring.locks.kill(SlotKind.SENDER, sender.slot);
        assertThat(ring.membership.lockOwnerAlive(sender.ownerId)).as("dead").isFalse();
    }

    @Test
    void awaitReceiversTimesOutThenReturnsWhenOneJoins() throws Exception {
        long shortWait = TimeUnit.MILLISECONDS.toNanos(30);
        assertThat(ring.membership.awaitReceivers(1, -1, shortWait, ring.waiter, RingFixture.SPIN_NANOS,
                RingFixture.NEVER)).isFalse();

        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> ring.membership.awaitReceivers(1, -1,
                Timeouts.NO_LIMIT, ring.waiter, RingFixture.SPIN_NANOS, RingFixture.NEVER));
        ring.receiver();
        assertThat(waiting.get(20, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aWaitForReceiversEndsWithTheCancellationsException() {
        IpcException stop = new IpcException(IpcStatus.ERROR_CONNECTION_FAILED, "disconnected while waiting");
        assertThatThrownBy(() -> ring.membership.awaitReceivers(1, -1, Timeouts.NO_LIMIT, ring.waiter, 0, () -> {
            throw stop;
        })).isSameAs(stop);
    }
}
