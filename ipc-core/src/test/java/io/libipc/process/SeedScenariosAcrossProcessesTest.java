package io.libipc.process;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.IpcOptions;
import io.libipc.IpcStatus;
import io.libipc.IpcWaitStrategy;
import io.libipc.support.ChildJvm;
import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.libipc.process.Children.await;
import static io.libipc.process.Children.tell;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The usage examples of the seed README (the libipc Python wrapper's), played by real processes
 * instead of threads: producer/consumer ended by a receive timeout, ROUTE broadcast to two
 * receiver processes after {@code waitForReceivers}, error handling by status code, trySend and
 * tryReceive, and the one-shot {@code sendMessage}/{@code receiveMessage}. Each proves that what
 * the README promises within one process also holds between processes.
 */
@ExtendWith(NoLeftoverStorage.class)
@Timeout(120)
class SeedScenariosAcrossProcessesTest {

    private static ChannelSpec spec(String hint, ChannelType type) {
        return ChannelSpec.fresh(hint, type, IpcWaitStrategy.AUTO, 4096, 64 * 1024);
    }

    @Test
    void consumerProcessGetsEveryPacketInOrderAndItsLoopEndsOnReceiveTimeout() {
        ChannelSpec spec = spec("seed-prodcons", ChannelType.CHANNEL);
        ChildJvm producer = null;
        ChildJvm consumer = null;
        try {
            // The README starts the consumer first and sleeps, hoping it connected; here the
            // producer waits for it (waitForReceivers), which is what the sleep stands for.
            producer = Children.start(spec.args("producer"));
            await(producer, "READY");
            consumer = Children.start(spec.args("consumer", "timeoutMs=3000"));
            assertThat(await(producer, "WAITED")).isEqualTo("WAITED true");
            await(producer, "DONE");
            List<String> consumed = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                consumed.add(await(consumer, "CONSUMED").substring("CONSUMED ".length()));
            }
            assertThat(consumed).containsExactly("Data packet 0", "Data packet 1", "Data packet 2", "Data packet 3",
                    "Data packet 4", "Data packet 5", "Data packet 6", "Data packet 7", "Data packet 8", "Data packet 9");
            // The loop ended because of ERROR_TIMEOUT (not another error), and the handle stayed connected.
            String end = consumer.awaitLine(l -> l.startsWith("END") || l.startsWith("CONSUMED") || l.startsWith("ERROR"),
                    Children.PATIENCE);
            assertThat(end).isEqualTo("END ERROR_TIMEOUT connected=true");
            assertThat(consumer.awaitExit(Children.PATIENCE)).isZero();
            assertThat(producer.awaitExit(Children.PATIENCE)).isZero();
        } finally {
            Children.closeAll(producer, consumer);
            TestChannels.clear(spec.name());
        }
    }

    @Test
    void routeBroadcasterReachesTwoReceiverProcessesAfterWaitingForThem() {
        ChannelSpec spec = spec("seed-broadcast", ChannelType.ROUTE);
        ChildJvm broadcaster = null;
        ChildJvm first = null;
        ChildJvm second = null;
        try {
            // Broadcaster first: it must not send before both receivers are there, only because it waited.
            broadcaster = Children.start(spec.args("broadcaster"));
            await(broadcaster, "READY");
            first = Children.start(spec.args("route-receiver"));
            second = Children.start(spec.args("route-receiver"));
            assertThat(await(broadcaster, "WAITED")).isEqualTo("WAITED true receivers=2");
            for (ChildJvm receiver : List.of(first, second)) {
                for (int i = 0; i < 5; i++) {
                    assertThat(await(receiver, "GOT")).isEqualTo("GOT Broadcast message " + i);
                }
                await(receiver, "DONE");
            }
            await(broadcaster, "DONE");
            for (ChildJvm child : List.of(broadcaster, first, second)) {
                assertThat(child.awaitExit(Children.PATIENCE)).isZero();
            }
        } finally {
            Children.closeAll(broadcaster, first, second);
            TestChannels.clear(spec.name());
        }
    }

    @Test
    void errorsInAnotherProcessAreToldApartByStatusCode() {
        ChannelSpec route = spec("seed-errors-route", ChannelType.ROUTE);
        String channel = TestChannels.uniqueName("seed-errors-channel");
        ChildJvm child = null;
        try (IpcChannel liveRouteSender = new IpcChannel(ChannelType.ROUTE, route.name(), route.options(), ConnMode.SENDER)) {
            child = Children.start(route.args("errors", "route=" + route.name(), "channel=" + channel));
            assertStatus(child, "bad-name", IpcStatus.ERROR_INVALID_ARGUMENT);
            // This process holds the ROUTE's sender place: the child's sender is refused.
            assertStatus(child, "route-second-sender", IpcStatus.ERROR_CONNECTION_FAILED);
            // The file exists as a ROUTE: opening it as a CHANNEL is refused, naming the type.
            assertThat(assertStatus(child, "wrong-type", IpcStatus.ERROR_CONNECTION_FAILED)).contains("ROUTE");
            assertStatus(child, "send-without-receiver", IpcStatus.ERROR_SEND_FAILED);
            assertStatus(child, "receive-on-sender", IpcStatus.ERROR_RECEIVE_FAILED);
            assertThat(assertStatus(child, "send-on-closed", IpcStatus.ERROR_INVALID_ARGUMENT)).contains("closed");
            assertStatus(child, "receive-timeout", IpcStatus.ERROR_TIMEOUT);
            assertThat(await(child, "CONNECTED-AFTER-TIMEOUT")).isEqualTo("CONNECTED-AFTER-TIMEOUT true");
            // Clearing here must reach the child's open handles there: they fail instead of
            // talking on a removed file.
            await(child, "CLEAR-ME");
            TestChannels.clear(channel);
            tell(child, "CLEARED");
            // A receive blocked (no time limit) over there is ended by the clear here.
            assertThat(assertStatus(child, "blocked-receive-during-clear", IpcStatus.ERROR_CONNECTION_FAILED))
                    .contains("cleared");
            assertThat(assertStatus(child, "send-after-clear", IpcStatus.ERROR_CONNECTION_FAILED)).contains("cleared");
            assertThat(assertStatus(child, "receive-after-clear", IpcStatus.ERROR_CONNECTION_FAILED)).contains("cleared");
            await(child, "DONE");
            assertThat(child.awaitExit(Children.PATIENCE)).isZero();
            // The refused ROUTE sender left the live one untouched.
            assertThat(liveRouteSender.isConnected()).isTrue();
        } finally {
            Children.closeAll(child);
            TestChannels.clear(route.name());
            TestChannels.clear(channel);
        }
    }

    /** Checks a child's {@code STATUS label NAME code handled: message} line; returns the message. */
    private static String assertStatus(ChildJvm child, String label, IpcStatus expected) {
        String line = await(child, "STATUS " + label + " ");
        String[] w = line.split(" ", 5);
        assertThat(w[2]).as(line).isEqualTo(expected.name());
        assertThat(Integer.parseInt(w[3])).as(line).isEqualTo(expected.code());
        String handled = expected == IpcStatus.ERROR_CONNECTION_FAILED ? "Failed to connect to channel"
                : expected == IpcStatus.ERROR_TIMEOUT ? "Operation timed out" : "IPC Error";
        assertThat(w[4]).as(line).startsWith(handled + ": ");
        return w[4];
    }

    @Test
    void trySendAndTryReceiveNeverBlockAndNeverEvictAcrossProcesses() {
        ChannelSpec spec = spec("seed-try", ChannelType.CHANNEL);
        ChildJvm peer = null;
        try {
            peer = Children.start(spec.args("try-peer"));
            await(peer, "READY");
            // Alone on the channel: its own receiver does not count, so there is nobody to send to.
            tell(peer, "TRYSEND hello");
            assertThat(await(peer, "TRYSEND")).isEqualTo("TRYSEND false");
            tell(peer, "TRYRECEIVE");
            assertThat(await(peer, "TRYRECEIVE")).isEqualTo("TRYRECEIVE <none>");

            try (IpcChannel parent = new IpcChannel(ChannelType.CHANNEL, spec.name(), spec.options(),
                    ConnMode.SENDER, ConnMode.RECEIVER)) {
                tell(peer, "COUNT");
                assertThat(await(peer, "COUNT")).isEqualTo("COUNT 1");
                tell(peer, "TRYSEND from-child");
                assertThat(await(peer, "TRYSEND")).isEqualTo("TRYSEND true");
                // trySend returned before the child said so: the message is there already.
                assertThat(parent.tryReceive()).map(b -> new String(b, StandardCharsets.UTF_8)).contains("from-child");
                assertThat(parent.tryReceive()).isEmpty();
                assertThat(parent.trySend("from-parent".getBytes(StandardCharsets.UTF_8))).isTrue();
                // A handle never receives its own message.
                assertThat(parent.tryReceive()).isEmpty();
                tell(peer, "TRYRECEIVE");
                assertThat(await(peer, "TRYRECEIVE")).isEqualTo("TRYRECEIVE from-parent");
                tell(peer, "TRYRECEIVE");
                assertThat(await(peer, "TRYRECEIVE")).isEqualTo("TRYRECEIVE <none>");
            }

            // The child does not read: the 4 KiB ring fills and trySend gives up (false) instead of
            // evicting it; the child then finds every message that was accepted, and lost none.
            try (IpcChannel sender = new IpcChannel(ChannelType.CHANNEL, spec.name(), spec.options(), ConnMode.SENDER)) {
                Digest sent = new Digest();
                int accepted = 0;
                for (int seq = 0; seq < 100; seq++) {
                    byte[] m = Payloads.make(1, seq, 1000);
                    if (!sender.trySend(m, 20)) {
                        break;
                    }
                    sent.add(m);
                    accepted++;
                }
                assertThat(accepted).isBetween(1, 4);
                tell(peer, "DRAIN");
                Map<String, String> drained = Children.result(peer);
                assertThat(drained).containsEntry("count", String.valueOf(accepted)).containsEntry("crc", sent.hex())
                        .containsEntry("bad", "0").containsEntry("lost", "0");
                // Room again once the receiver caught up.
                assertThat(sender.trySend(Payloads.make(1, 100, 1000), 1000)).isTrue();
            }
            tell(peer, "EXIT");
            assertThat(peer.awaitExit(Children.PATIENCE)).isZero();
        } finally {
            Children.closeAll(peer);
            TestChannels.clear(spec.name());
        }
    }

    @Test
    void senderAndReceiverHandleIsNeitherHeldBackNorEvictedByItsOwnMessages() throws Exception {
        // The README's non-blocking example uses one SENDER|RECEIVER handle. Such a handle never
        // receives its own messages, so they must not count as unread for it: it keeps up with
        // everything it could receive, and must be neither waited for nor evicted because of them.
        ChannelSpec spec = ChannelSpec.fresh("seed-own", ChannelType.CHANNEL, IpcWaitStrategy.AUTO,
                ChannelSpec.SMALL_RING, 1 << 20);
        ChildJvm peer = null;
        try (IpcChannel receiver = new IpcChannel(ChannelType.CHANNEL, spec.name(), spec.options(), ConnMode.RECEIVER)) {
            // libipc's default send timeout (100 ms), as the README's example would have.
            peer = Children.start(spec.args("sender", "id=1", "both=true", "timeoutMs=100"));
            await(peer, "READY");
            int count = 1000;
            CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> {
                Digest digest = new Digest();
                for (int i = 0; i < count; i++) {
                    digest.add(receiver.receive(60_000));
                }
                return digest.hex();
            });
            // 1000 KB through a 64 KiB ring: about 16 rings of the peer's own messages.
            tell(peer, "SEND " + count + " 1000");
            Map<String, String> sent = Children.fields(await(peer, "SENT"));
            assertThat(received.get(60, TimeUnit.SECONDS)).isEqualTo(sent.get("crc"));
            assertThat(receiver.lostMessages()).isZero();
            // Nothing for the peer to receive, and nothing it could have received was lost.
            tell(peer, "TRY");
            assertThat(await(peer, "TRY")).isEqualTo("TRY EMPTY lost=0");
            tell(peer, "EXIT");
            assertThat(peer.awaitExit(Children.PATIENCE)).isZero();
        } finally {
            Children.closeAll(peer);
            TestChannels.clear(spec.name());
        }
    }

    @Test
    void sendMessageInOneProcessReachesReceiveMessageInAnother() throws Exception {
        // The one-shot helpers use the default options, so the default prefix "libipc.", which
        // NoLeftoverStorage does not watch: this test checks its own file.
        String name = TestChannels.uniqueName("seed-oneshot");
        Path file = IpcOptions.defaults().storageDirectory().resolve(IpcOptions.DEFAULT_NAME_PREFIX + name);
        ChildJvm receiver = null;
        ChildJvm sender = null;
        try {
            receiver = Children.start("receive-message", "name=" + name, "type=CHANNEL", "timeoutMs=60000");
            // receiveMessage only gets what is sent after it connected, and sendMessage waits only
            // the default send timeout for a receiver: be sure the receiver is there first.
            try (IpcChannel watcher = new IpcChannel(ChannelType.CHANNEL, name, ConnMode.SENDER)) {
                assertThat(watcher.waitForReceivers(1, 60_000)).isTrue();
                sender = Children.start("send-message", "name=" + name, "type=CHANNEL", "size=5000");
                Map<String, String> sent = Children.fields(await(sender, "SENT"));
                Map<String, String> got = Children.result(receiver);
                assertThat(got).containsEntry("length", "5000").containsEntry("crc", sent.get("crc"))
                        .containsEntry("check", "ok");
            }
            assertThat(sender.awaitExit(Children.PATIENCE)).isZero();
            assertThat(receiver.awaitExit(Children.PATIENCE)).isZero();
        } finally {
            Children.closeAll(receiver, sender);
            IpcChannel.clearChannelStorage(name);
        }
        assertThat(file).doesNotExist();
    }

    @Test
    void sendMessageOnRouteReachesEveryReceiverProcess() throws Exception {
        String name = TestChannels.uniqueName("seed-oneshot-route");
        Path file = IpcOptions.defaults().storageDirectory().resolve(IpcOptions.DEFAULT_NAME_PREFIX + name);
        ChildJvm receiver = null;
        ChildJvm sender = null;
        try (IpcChannel parentReceiver = new IpcChannel(ChannelType.ROUTE, name, ConnMode.RECEIVER)) {
            receiver = Children.start("receive-message", "name=" + name, "type=ROUTE", "timeoutMs=60000");
            // A ROUTE has one sender place, so this process watches as a receiver (counting itself).
            assertThat(parentReceiver.waitForReceivers(2, 60_000)).isTrue();
            sender = Children.start("send-message", "name=" + name, "type=ROUTE", "size=70000");
            Map<String, String> sent = Children.fields(await(sender, "SENT"));
            assertThat(Children.result(receiver)).containsEntry("length", "70000").containsEntry("crc", sent.get("crc"))
                    .containsEntry("check", "ok");
            byte[] here = parentReceiver.receive(60_000);
            assertThat(Payloads.check(here)).isNull();
            assertThat(here).isEqualTo(Payloads.make(9, 0, 70000));
            assertThat(sender.awaitExit(Children.PATIENCE)).isZero();
            assertThat(receiver.awaitExit(Children.PATIENCE)).isZero();
        } finally {
            Children.closeAll(receiver, sender);
            IpcChannel.clearChannelStorage(name);
        }
        assertThat(file).doesNotExist();
    }
}
