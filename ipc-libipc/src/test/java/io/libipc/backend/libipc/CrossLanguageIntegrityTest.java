package io.libipc.backend.libipc;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.IpcException;
import io.libipc.IpcOptions;
import io.libipc.IpcStatus;
import io.libipc.backend.libipc.support.CppPeer;
import io.libipc.backend.libipc.support.JavaPeer;
import io.libipc.backend.libipc.support.LibipcChannels;
import io.libipc.backend.libipc.support.LibipcHome;
import io.libipc.backend.libipc.support.PeerPattern;
import io.libipc.backend.libipc.support.SenderOrder;
import io.libipc.support.ChildJvm;
import io.libipc.support.NoLeftoverStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Messages cross between cpp-ipc itself (the C++ peer) and Java on backend LIBIPC, on ROUTE and
 * CHANNEL, whole and in order: every size class of cpp-ipc (1 and 64 bytes in one ring slot, 65 and
 * 4096 in a 1 KiB and a 5 KiB chunk, 70000 and 1 MiB in big chunks), checked byte by byte against
 * the pattern and by the peer's FNV-1a digest on both sides. Empty messages cannot be sent either
 * way (libipc refuses them). And a C++ and a Java sender on one CHANNEL reach a C++ and Java
 * receivers with each sender's messages in order, in one order that all receivers share.
 */
@ExtendWith({LibipcHome.class, LibipcChannels.class, NoLeftoverStorage.class})
@Timeout(120)
class CrossLanguageIntegrityTest {

    private static final String SIZES = "1,64,65,4096,70000,1048576";
    private static final int[] SIZE_LIST = PeerPattern.sizes(SIZES);
    /** Each size ten times: fewer than cpp-ipc's 32 chunks per size, so no message is cut into fragments. */
    private static final int COUNT = 60;
    private static final Duration LINE = Duration.ofSeconds(30);

    private final IpcOptions options = LibipcChannels.options();

    @ParameterizedTest(name = "{0}")
    @EnumSource(ChannelType.class)
    void cppSenderReachesJavaReceiversWholeAndInOrder(ChannelType type) {
        String t = type.name().toLowerCase(Locale.ROOT);
        String name = LibipcChannels.uniqueName("cpp-to-java-" + t);
        String expected = expectedDigest(0, COUNT);
        try (IpcChannel here = new IpcChannel(type, name, options, ConnMode.RECEIVER);
             ChildJvm there = JavaPeer.start("recv", t, name, String.valueOf(COUNT), "--sizes", SIZES,
                     "--timeout-ms", "20000")) {
            JavaPeer.awaitWords(there, "READY", LINE);
            try (CppPeer sender = CppPeer.start("send", t, name, String.valueOf(COUNT), SIZES,
                    "--wait-receivers", "2", "--timeout-ms", "5000")) {
                PeerPattern.Digest digest = new PeerPattern.Digest();
                for (int k = 0; k < COUNT; k++) {
                    byte[] m = here.receive(20_000);
                    assertThat(m.length).as("size of message %d", k).isEqualTo(SIZE_LIST[k % SIZE_LIST.length]);
                    assertThat(PeerPattern.matches(m, k)).as("message %d (size %d) is message %d of the pattern",
                            k, m.length, k).isTrue();
                    digest.add(m);
                }
                assertThat(sender.awaitWords("SENT", LINE)).containsExactly("SENT", String.valueOf(COUNT), expected, "0");
                assertThat(sender.awaitExit(LINE)).isZero();
                assertThat(digest.hex()).isEqualTo(expected);
            }
            assertThat(JavaPeer.awaitWords(there, "RECEIVED", LINE))
                    .containsExactly("RECEIVED", String.valueOf(COUNT), expected, "0");
            assertThat(there.awaitExit(LINE)).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ChannelType.class)
    void javaSenderReachesCppReceiversWholeAndInOrder(ChannelType type) {
        String t = type.name().toLowerCase(Locale.ROOT);
        String name = LibipcChannels.uniqueName("java-to-cpp-" + t);
        String expected = expectedDigest(0, COUNT);
        try (CppPeer first = CppPeer.start("recv", t, name, String.valueOf(COUNT), "--sizes", SIZES, "--timeout-ms", "20000");
             CppPeer second = CppPeer.start("recv", t, name, String.valueOf(COUNT), "--sizes", SIZES, "--timeout-ms", "20000")) {
            first.awaitLine("READY", LINE);
            second.awaitLine("READY", LINE);
            try (ChildJvm sender = JavaPeer.start("send", t, name, String.valueOf(COUNT), SIZES,
                    "--wait-receivers", "2", "--timeout-ms", "5000")) {
                assertThat(JavaPeer.awaitWords(sender, "SENT", LINE))
                        .containsExactly("SENT", String.valueOf(COUNT), expected, "0");
                assertThat(sender.awaitExit(LINE)).isZero();
            }
            for (CppPeer receiver : new CppPeer[] {first, second}) {
                assertThat(receiver.awaitWords("RECEIVED", LINE)).as(receiver.describe())
                        .containsExactly("RECEIVED", String.valueOf(COUNT), expected, "0");
                assertThat(receiver.awaitExit(LINE)).isZero();
            }
        }
    }

    @Test
    void emptyMessagesCannotBeSentOnLibipcFromJavaNorFromCpp() {
        String name = LibipcChannels.uniqueName("empty");
        try (IpcChannel rx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.RECEIVER);
             IpcChannel tx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.SENDER)) {
            // A receiver is connected: what fails is the empty message, at once, not the send's 10 s wait.
            for (Runnable emptySend : new Runnable[] {
                    () -> tx.send(new byte[0], 10_000),
                    () -> tx.trySend(new byte[0], 10_000),
                    () -> tx.send(ByteBuffer.allocateDirect(0), 10_000)}) {
                long t0 = System.nanoTime();
                assertThatThrownBy(emptySend::run).isInstanceOfSatisfying(IpcException.class, e -> {
                    assertThat(e.status()).isEqualTo(IpcStatus.ERROR_INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("libipc cannot send an empty message");
                });
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
            }

            // The C++ peer's message 0 is empty (size list "0,5"): cpp-ipc refuses it, message 1 goes.
            CppPeer peer = CppPeer.run(LINE, "send", "channel", name, "2", "0,5", "--wait-receivers", "1");
            String oneSent = new PeerPattern.Digest().add(PeerPattern.message(1, 5)).hex();
            assertThat(peer.awaitWords("SENT", LINE)).as("SENT <sent> <digest> <failed>")
                    .containsExactly("SENT", "1", oneSent, "1");
            assertThat(peer.awaitExit(LINE)).as("exit code for a failed send").isEqualTo(1);
            // The first thing to arrive is message 1: nothing was delivered for the empty one.
            assertThat(rx.receive(5_000)).isEqualTo(PeerPattern.message(1, 5));
            assertThat(rx.tryReceive()).isEmpty();
        }
    }

    /**
     * A C++ and a Java sender process start together (both wait for a third receiver, this JVM's,
     * which connects once both are up) and send 2000 messages each to a C++, a child-JVM and this
     * JVM's receiver. Each Java receiver checks FIFO per sender ({@link SenderOrder}); the C++
     * receiver only digests what it gets (its own check assumes one sender), and its digest equals
     * the Java ones: it got the same messages in the same order, so also FIFO per sender.
     */
    @Test
    void cppAndJavaSendersOnOneChannelReachCppAndJavaReceiversEachInOrder() {
        String name = LibipcChannels.uniqueName("two-senders");
        int each = 2000;
        String sizes = "8,64,65,4096";
        String total = String.valueOf(2 * each);
        try (CppPeer cppRx = CppPeer.start("recv", "channel", name, total, "--timeout-ms", "20000");
             ChildJvm javaRx = JavaPeer.start("recv", "channel", name, total, "--senders", "2", "--timeout-ms", "20000")) {
            cppRx.awaitLine("READY", LINE);
            JavaPeer.awaitWords(javaRx, "READY", LINE);
            try (CppPeer cppTx = CppPeer.start("send", "channel", name, String.valueOf(each), sizes,
                    "--wait-receivers", "3", "--timeout-ms", "5000");
                 ChildJvm javaTx = JavaPeer.start("send", "channel", name, String.valueOf(each), sizes,
                         "--wait-receivers", "3", "--timeout-ms", "5000", "--sender-id", "1")) {
                JavaPeer.awaitWords(javaTx, "READY", LINE);
                SenderOrder order = new SenderOrder();
                PeerPattern.Digest digest = new PeerPattern.Digest();
                try (IpcChannel here = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.RECEIVER)) {
                    for (int i = 0; i < 2 * each; i++) {
                        byte[] m = here.receive(20_000);
                        assertThat(order.accept(m)).as("message %d: %s", i, order.counts()).isTrue();
                        digest.add(m);
                    }
                }
                assertThat(order.counts()).isEqualTo("0:" + each + ",1:" + each);
                assertThat(cppTx.awaitWords("SENT", LINE))
                        .containsExactly("SENT", String.valueOf(each), expectedDigest(0, each, sizes), "0");
                assertThat(JavaPeer.awaitWords(javaTx, "SENT", LINE))
                        .containsExactly("SENT", String.valueOf(each), expectedDigest(1, each, sizes), "0");
                assertThat(javaTx.awaitExit(LINE)).isZero();
                String[] senders = JavaPeer.awaitWords(javaRx, "SENDERS", LINE);
                assertThat(senders[1]).isEqualTo("0:" + each + ",1:" + each);
                assertThat(JavaPeer.awaitWords(javaRx, "RECEIVED", LINE))
                        .containsExactly("RECEIVED", total, digest.hex(), "0");
                assertThat(javaRx.awaitExit(LINE)).isZero();
                String[] cpp = cppRx.awaitWords("RECEIVED", LINE);
                assertThat(cpp[1]).isEqualTo(total);
                assertThat(cpp[2]).as("the C++ receiver's digest: the same messages in the same order").isEqualTo(digest.hex());
                System.out.println("two senders: this JVM's receiver saw " + order.switches()
                        + " sender switches; the child JVM's: " + senders[2]);
                assertThat(order.switches()).as("the two senders' messages interleaved").isPositive();
            }
        }
    }

    /**
     * Four threads share one Java ROUTE sender handle (the API allows it; cpp-ipc's ROUTE is
     * single-producer, so the shim serializes them): a C++ receiver and this JVM's get every
     * message whole, FIFO per thread (thread {@code t} sends pattern messages {@code t << 32 | j}),
     * in one order.
     */
    @Test
    void threadsSharingOneJavaRouteSenderReachACppReceiverIntact() throws Exception {
        String name = LibipcChannels.uniqueName("threads-route");
        int threads = 4;
        int each = 1000;
        int[] sizes = PeerPattern.sizes("8,64,65,4096");
        String total = String.valueOf(threads * each);
        try (CppPeer cppRx = CppPeer.start("recv", "route", name, total, "--timeout-ms", "20000");
             IpcChannel rx = new IpcChannel(ChannelType.ROUTE, name, options, ConnMode.RECEIVER);
             IpcChannel tx = new IpcChannel(ChannelType.ROUTE, name, options, ConnMode.SENDER)) {
            cppRx.awaitLine("READY", LINE);
            assertThat(tx.waitForReceivers(2, 5_000)).isTrue();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> sending = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int id = t;
                    sending.add(pool.submit(() -> {
                        for (int j = 0; j < each; j++) {
                            tx.send(PeerPattern.message(PeerPattern.senderK(id, j), sizes[j % sizes.length]), 5_000);
                        }
                    }));
                }
                SenderOrder order = new SenderOrder();
                PeerPattern.Digest digest = new PeerPattern.Digest();
                for (int i = 0; i < threads * each; i++) {
                    byte[] m = rx.receive(20_000);
                    assertThat(order.accept(m)).as("message %d: %s", i, order.counts()).isTrue();
                    digest.add(m);
                }
                for (Future<?> f : sending) {
                    f.get(30, TimeUnit.SECONDS);
                }
                assertThat(order.counts()).isEqualTo("0:1000,1:1000,2:1000,3:1000");
                String[] cpp = cppRx.awaitWords("RECEIVED", LINE);
                assertThat(cpp[1]).isEqualTo(total);
                assertThat(cpp[2]).as("the C++ receiver got the same messages in the same order").isEqualTo(digest.hex());
                System.out.println("four threads on one ROUTE sender: " + order.switches() + " thread switches");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static String expectedDigest(int senderId, int count) {
        return expectedDigest(senderId, count, SIZES);
    }

    private static String expectedDigest(int senderId, int count, String sizes) {
        int[] list = PeerPattern.sizes(sizes);
        PeerPattern.Digest d = new PeerPattern.Digest();
        for (int k = 0; k < count; k++) {
            d.add(PeerPattern.message(PeerPattern.senderK(senderId, k), list[k % list.length]));
        }
        return d.hex();
    }
}
