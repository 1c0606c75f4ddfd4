package io.libipc;

import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The handle's contract within one JVM (several handles on one real shared-memory file):
 * connection states, empty messages, own messages, receiver counting and the allocation-free paths.
 */
@ExtendWith(NoLeftoverStorage.class)
class ChannelBasicsTest {

    private final String name = TestChannels.uniqueName("basics");
    private final IpcOptions options = TestChannels.options();

    @AfterEach
    void clear() {
        TestChannels.clear(name);
    }

    private IpcChannel open(ChannelType type, ConnMode... modes) {
        return new IpcChannel(type, name, options, modes);
    }

    @Test
    void emptyAndSmallMessagesArriveInOrder() {
        try (IpcChannel rx = open(ChannelType.CHANNEL, ConnMode.RECEIVER);
             IpcChannel tx = open(ChannelType.CHANNEL, ConnMode.SENDER)) {
            tx.send(new byte[0]);
            tx.send("a".getBytes(StandardCharsets.UTF_8));
            tx.send(new byte[] {1, 2, 3});
            assertThat(rx.receive(5000)).isEmpty();
            assertThat(rx.receive(5000)).containsExactly('a');
            assertThat(rx.receive(5000)).containsExactly(1, 2, 3);
            assertThat(rx.tryReceive()).isEmpty();
        }
    }

    @Test
    void backlogIsWhatTheSlowestReceiverHasNotReadYet() {
        try (IpcChannel slow = open(ChannelType.CHANNEL, ConnMode.RECEIVER);
             IpcChannel fast = open(ChannelType.CHANNEL, ConnMode.RECEIVER);
             IpcChannel tx = open(ChannelType.CHANNEL, ConnMode.SENDER)) {
            assertThat(tx.backlogBytes()).isZero();
            tx.send(new byte[100]);
            tx.send(new byte[100]);
            long afterTwo = tx.backlogBytes();
            // Two records: each a header plus 100 bytes, aligned; more than the payloads alone.
            assertThat(afterTwo).isGreaterThanOrEqualTo(200).isLessThan(300);
            fast.receive(5000);
            fast.receive(5000);
            assertThat(tx.backlogBytes()).as("the slowest receiver decides").isEqualTo(afterTwo);
            slow.receive(5000);
            assertThat(tx.backlogBytes()).isEqualTo(afterTwo / 2);
            slow.receive(5000);
            assertThat(tx.backlogBytes()).isZero();
            assertThat(slow.backlogBytes()).as("seen from a receiver: the other receivers' backlog").isZero();
        }
    }

    @Test
    void receiverGetsOnlyWhatIsSentAfterItConnected() {
        try (IpcChannel early = open(ChannelType.CHANNEL, ConnMode.RECEIVER);
             IpcChannel tx = open(ChannelType.CHANNEL, ConnMode.SENDER)) {
            tx.send(new byte[] {1});
            try (IpcChannel late = open(ChannelType.CHANNEL, ConnMode.RECEIVER)) {
                tx.send(new byte[] {2});
                assertThat(late.receive(5000)).containsExactly(2);
                assertThat(late.tryReceive()).isEmpty();
            }
            assertThat(early.receive(5000)).containsExactly(1);
            assertThat(early.receive(5000)).containsExactly(2);
        }
    }

    @Test
    void handleNeverReceivesItsOwnMessagesButOthersDo() {
        try (IpcChannel a = open(ChannelType.CHANNEL, ConnMode.SENDER, ConnMode.RECEIVER);
             IpcChannel b = open(ChannelType.CHANNEL, ConnMode.SENDER, ConnMode.RECEIVER)) {
            a.send(new byte[] {'a'});
            b.send(new byte[] {'b'});
            assertThat(a.receive(5000)).containsExactly('b');
            assertThat(b.receive(5000)).containsExactly('a');
            assertThat(a.tryReceive()).isEmpty();
            assertThat(b.tryReceive()).isEmpty();
        }
    }

    @Test
    void senderReceiverHandleDoesNotCountItselfOthersCountEveryReceiver() {
        try (IpcChannel both = open(ChannelType.CHANNEL, ConnMode.SENDER, ConnMode.RECEIVER);
             IpcChannel sender = open(ChannelType.CHANNEL, ConnMode.SENDER)) {
            assertThat(both.receiverCount()).isZero();
            assertThat(sender.receiverCount()).isEqualTo(1);
            // Alone with itself, a SENDER|RECEIVER handle has nobody to send to.
            assertThatThrownBy(() -> both.send(new byte[1]))
                    .isInstanceOfSatisfying(IpcException.class, e -> assertThat(e.status()).isEqualTo(IpcStatus.ERROR_SEND_FAILED));
            try (IpcChannel rx = open(ChannelType.CHANNEL, ConnMode.RECEIVER)) {
                assertThat(both.receiverCount()).isEqualTo(1);
                assertThat(sender.receiverCount()).isEqualTo(2);
                assertThat(rx.receiverCount()).isEqualTo(2);
            }
            assertThat(sender.receiverCount()).isEqualTo(1);
        }
    }

    @Test
    void connectIsIdempotentReconnectsWithOtherModesAndDisconnectTwiceIsHarmless() {
        try (IpcChannel tx = open(ChannelType.CHANNEL, ConnMode.SENDER);
             IpcChannel h = open(ChannelType.CHANNEL, ConnMode.RECEIVER)) {
            h.connect();
            h.connect(ConnMode.RECEIVER);
            assertThat(tx.receiverCount()).isEqualTo(1);
            h.connect(ConnMode.SENDER);
            assertThat(h.modes()).containsExactly(ConnMode.SENDER);
            assertThat(tx.receiverCount()).isZero();
            h.disconnect();
            h.disconnect();
            assertThat(h.isConnected()).isFalse();
            assertThatThrownBy(() -> h.send(new byte[1])).isInstanceOfSatisfying(IpcException.class,
                    e -> assertThat(e.status()).isEqualTo(IpcStatus.ERROR_CONNECTION_FAILED));
            h.connect(ConnMode.RECEIVER);
            tx.send(new byte[] {7});
            assertThat(h.receive(5000)).containsExactly(7);
        }
    }

    @Test
    void closedHandleFailsWithInvalidArgumentSayingClosed() {
        IpcChannel h = open(ChannelType.CHANNEL, ConnMode.SENDER, ConnMode.RECEIVER);
        h.close();
        h.close();
        assertThat(h.isClosed()).isTrue();
        assertThat(h.isConnected()).isFalse();
        assertThatThrownBy(() -> h.send(new byte[1])).isInstanceOfSatisfying(IpcException.class, e -> {
            assertThat(e.status()).isEqualTo(IpcStatus.ERROR_INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains("closed");
        });
        assertThatThrownBy(h::receive).isInstanceOfSatisfying(IpcException.class,
                e -> assertThat(e.status()).isEqualTo(IpcStatus.ERROR_INVALID_ARGUMENT));
        assertThatThrownBy(h::connect).isInstanceOfSatisfying(IpcException.class,
                e -> assertThat(e.status()).isEqualTo(IpcStatus.ERROR_INVALID_ARGUMENT));
    }

    @Test
    void allocationFreePathsDeliverTheSameBytes() {
        try (IpcChannel rx = open(ChannelType.ROUTE, ConnMode.RECEIVER);
             IpcChannel tx = open(ChannelType.ROUTE, ConnMode.SENDER)) {
            ByteBuffer direct = ByteBuffer.allocateDirect(64);
            direct.put("direct".getBytes(StandardCharsets.US_ASCII)).flip();
            tx.send(direct, 0);
            assertThat(direct.hasRemaining()).isFalse();
            assertThat(tx.trySend(ByteBuffer.wrap("heap".getBytes(StandardCharsets.US_ASCII)), 0)).isTrue();
            tx.send("handler".getBytes(StandardCharsets.US_ASCII));

            ByteBuffer dst = ByteBuffer.allocate(64);
            assertThat(rx.receive(dst, 5000)).isEqualTo(6);
            assertThat(new String(dst.array(), 0, dst.position(), StandardCharsets.US_ASCII)).isEqualTo("direct");
            dst.clear();
            assertThat(rx.tryReceive(dst)).isEqualTo(4);
            List<String> seen = new ArrayList<>();
            rx.receive(view -> {
                assertThat(view.isReadOnly()).isTrue();
                byte[] b = new byte[view.remaining()];
                view.get(b);
                seen.add(new String(b, StandardCharsets.US_ASCII));
            }, 5000);
            assertThat(seen).containsExactly("handler");
            assertThat(rx.tryReceive(view -> seen.add("unexpected"))).isFalse();
            assertThat(rx.tryReceive(ByteBuffer.allocate(1))).isEqualTo(-1);
        }
    }

    @Test
    void tooSmallBufferKeepsTheMessageForTheNextReceive() {
        try (IpcChannel rx = open(ChannelType.CHANNEL, ConnMode.RECEIVER);
             IpcChannel tx = open(ChannelType.CHANNEL, ConnMode.SENDER)) {
            tx.send(new byte[100]);
            assertThatThrownBy(() -> rx.receive(ByteBuffer.allocate(10), 5000)).isInstanceOfSatisfying(IpcException.class, e -> {
                assertThat(e.status()).isEqualTo(IpcStatus.ERROR_INVALID_ARGUMENT);
                assertThat(e.getMessage()).contains("remaining=10").contains("length=100");
            });
            assertThat(rx.receive(ByteBuffer.allocate(100), 5000)).isEqualTo(100);
        }
    }

    @Test
    void manyThreadsSendThroughOneHandleAndEveryMessageArrivesOnce() throws Exception {
        int threads = 4;
        int perThread = 5_000;
        try (IpcChannel rx = open(ChannelType.CHANNEL, ConnMode.RECEIVER);
             IpcChannel tx = open(ChannelType.CHANNEL, ConnMode.SENDER)) {
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread s = new Thread(() -> {
                    ByteBuffer b = ByteBuffer.allocate(8);
                    for (int i = 0; i < perThread; i++) {
                        b.clear();
                        b.putInt(id).putInt(i).flip();
                        tx.send(b, 10_000);
                    }
                });
                senders.add(s);
                s.start();
            }
            int[] next = new int[threads];
            for (int n = 0; n < threads * perThread; n++) {
                ByteBuffer m = ByteBuffer.wrap(rx.receive(30_000));
                int id = m.getInt();
                int seq = m.getInt();
                assertThat(seq).as("FIFO for thread %d", id).isEqualTo(next[id]);
                next[id]++;
            }
            for (Thread s : senders) {
                s.join();
            }
            assertThat(rx.tryReceive()).isEmpty();
            assertThat(rx.lostMessages()).isZero();
        }
    }

    @Test
    void existingChannelKeepsTheCreatorsCapacity() {
        IpcOptions small = TestChannels.optionsBuilder().capacity(8192).maxMessageSize(1000).build();
        try (IpcChannel creator = new IpcChannel(ChannelType.CHANNEL, name, small, ConnMode.RECEIVER);
             IpcChannel other = open(ChannelType.CHANNEL, ConnMode.SENDER)) {
            assertThat(other.capacity()).isEqualTo(8192);
            assertThat(other.maxMessageSize()).isEqualTo(1000);
            assertThat(creator.capacity()).isEqualTo(8192);
        }
    }

    @Test
    void capacityIsRoundedUpToAPowerOfTwo() {
        assertThat(IpcOptions.builder().capacity(5000).build().capacity()).isEqualTo(8192);
        assertThat(IpcOptions.builder().capacity(1 << 20).build().capacity()).isEqualTo(1 << 20);
    }

    @Test
    void tryReceiveReturnsEmptyWhenNothingIsThere() {
        try (IpcChannel rx = open(ChannelType.CHANNEL, ConnMode.RECEIVER)) {
            assertThat(rx.tryReceive()).isEqualTo(Optional.empty());
        }
    }

    @Test
    void connectionModeFlagsMapToModesAsInTheSeed() {
        assertThat(ConnMode.fromFlags(1)).containsExactly(ConnMode.SENDER);
        assertThat(ConnMode.fromFlags(2)).containsExactly(ConnMode.RECEIVER);
        assertThat(ConnMode.fromFlags(ConnMode.SENDER.flag() | ConnMode.RECEIVER.flag()))
                .containsExactly(ConnMode.SENDER, ConnMode.RECEIVER);
        assertThatThrownBy(() -> ConnMode.fromFlags(4)).isInstanceOfSatisfying(IpcException.class,
                e -> assertThat(e.getMessage()).contains("flags=4"));
        assertThat(IpcStatus.fromCode(-5)).isEqualTo(IpcStatus.ERROR_TIMEOUT);
        assertThat(ChannelType.CHANNEL.code()).isEqualTo(1);
    }
}
