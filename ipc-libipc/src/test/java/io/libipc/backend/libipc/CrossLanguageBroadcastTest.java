package io.libipc.backend.libipc;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.IpcOptions;
import io.libipc.backend.libipc.support.CppPeer;
import io.libipc.backend.libipc.support.JavaPeer;
import io.libipc.backend.libipc.support.LibipcChannels;
import io.libipc.backend.libipc.support.LibipcHome;
import io.libipc.backend.libipc.support.PeerPattern;
import io.libipc.support.ChildJvm;
import io.libipc.support.NoLeftoverStorage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Broadcast across languages: one sender, two C++ and two Java receivers (child JVMs), every
 * receiver gets every message whole and in order (the same digest as the sender's). The number
 * of receivers is the same whoever asks: {@link IpcChannel#receiverCount()} and
 * {@link IpcChannel#waitForReceivers} in this JVM and in a child JVM, and cpp-ipc's own
 * {@code recv_count}/{@code wait_for_recv} in the C++ peer ({@code count}, {@code wait}). On a
 * ROUTE the counting is done before the sender connects: the peer's and the Java role's
 * {@code count}/{@code wait} connect as a sender, and a ROUTE has one sender slot.
 */
@ExtendWith({LibipcHome.class, LibipcChannels.class, NoLeftoverStorage.class})
@Timeout(120)
class CrossLanguageBroadcastTest {

    private static final Duration LINE = Duration.ofSeconds(30);
    private static final String SIZES = "1,64,65,4096";
    private static final int COUNT = 200;

    private final IpcOptions options = LibipcChannels.options();

    @Test
    void aJavaSenderOnAChannelReachesTwoCppAndTwoJavaReceiversAndAllSidesCountFour() {
        String name = LibipcChannels.uniqueName("bcast-channel");
        try (Receivers receivers = Receivers.start("channel", name)) {
            try (IpcChannel tx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.SENDER)) {
                assertThat(tx.waitForReceivers(4, 10_000)).isTrue();
                assertThat(tx.receiverCount()).isEqualTo(4);
                long t0 = System.nanoTime();
                assertThat(tx.waitForReceivers(5, 300)).isFalse();
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isBetween(290L, 2_300L);
                assertAllSidesCount("channel", name, 4);

                PeerPattern.Digest digest = new PeerPattern.Digest();
                int[] sizes = PeerPattern.sizes(SIZES);
                for (int k = 0; k < COUNT; k++) {
                    byte[] m = PeerPattern.message(k, sizes[k % sizes.length]);
                    tx.send(m, 5_000);
                    digest.add(m);
                }
                receivers.assertAllReceived(digest.hex());
                // Receivers that left are no longer counted, on either side.
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> tx.receiverCount() == 0);
                assertThat(CppPeer.run(LINE, "count", "channel", name).awaitLine("COUNT", LINE)).isEqualTo("COUNT 0");
            }
        }
    }

    @Test
    void aCppSenderOnARouteReachesTwoCppAndTwoJavaReceiversAndAllSidesCountFourBeforeItConnects() {
        String name = LibipcChannels.uniqueName("bcast-route");
        try (Receivers receivers = Receivers.start("route", name)) {
            try (IpcChannel probe = new IpcChannel(ChannelType.ROUTE, name, options, ConnMode.SENDER)) {
                assertThat(probe.waitForReceivers(4, 10_000)).isTrue();
                assertThat(probe.receiverCount()).isEqualTo(4);
                assertThat(probe.waitForReceivers(5, 300)).isFalse();
            }
            assertAllSidesCount("route", name, 4);

            CppPeer sender = CppPeer.run(LINE, "send", "route", name, String.valueOf(COUNT), SIZES,
                    "--wait-receivers", "4", "--timeout-ms", "5000");
            PeerPattern.Digest expected = new PeerPattern.Digest();
            int[] sizes = PeerPattern.sizes(SIZES);
            for (int k = 0; k < COUNT; k++) {
                expected.add(PeerPattern.message(k, sizes[k % sizes.length]));
            }
            assertThat(sender.awaitWords("SENT", LINE)).containsExactly("SENT", String.valueOf(COUNT), expected.hex(), "0");
            receivers.assertAllReceived(expected.hex());
        }
    }

    /** cpp-ipc's count (C++ peer) and ours (a child JVM) agree, and so do their waits. */
    private static void assertAllSidesCount(String type, String name, int n) {
        assertThat(CppPeer.run(LINE, "count", type, name).awaitLine("COUNT", LINE)).isEqualTo("COUNT " + n);
        CppPeer reached = CppPeer.run(LINE, "wait", type, name, String.valueOf(n), "5000");
        assertThat(reached.awaitLine("WAIT", LINE)).isEqualTo("WAIT 1 " + n);
        CppPeer notReached = CppPeer.run(LINE, "wait", type, name, String.valueOf(n + 1), "300");
        assertThat(notReached.awaitLine("WAIT", LINE)).isEqualTo("WAIT 0 " + n);
        assertThat(notReached.awaitExit(LINE)).isEqualTo(3);
        try (ChildJvm count = JavaPeer.start("count", type, name)) {
            assertThat(String.join(" ", JavaPeer.awaitWords(count, "COUNT", LINE))).isEqualTo("COUNT " + n);
            assertThat(count.awaitExit(LINE)).isZero();
        }
        try (ChildJvm wait = JavaPeer.start("wait", type, name, String.valueOf(n), "5000")) {
            assertThat(String.join(" ", JavaPeer.awaitWords(wait, "WAIT", LINE))).isEqualTo("WAIT 1 " + n);
            assertThat(wait.awaitExit(LINE)).isZero();
        }
    }

    /** Two C++ and two Java (child JVM) receivers of {@link #COUNT} messages, connected. */
    private record Receivers(List<CppPeer> cpp, List<ChildJvm> java) implements AutoCloseable {

        static Receivers start(String type, String name) {
            String[] recv = {"recv", type, name, String.valueOf(COUNT), "--sizes", SIZES, "--timeout-ms", "20000"};
            Receivers r = new Receivers(List.of(CppPeer.start(recv), CppPeer.start(recv)),
                    List.of(JavaPeer.start(recv), JavaPeer.start(recv)));
            r.cpp.forEach(p -> p.awaitLine("READY", LINE));
            r.java.forEach(j -> JavaPeer.awaitWords(j, "READY", LINE));
            return r;
        }

        void assertAllReceived(String digest) {
            for (CppPeer p : cpp) {
                assertThat(p.awaitWords("RECEIVED", LINE)).as(p.describe())
                        .containsExactly("RECEIVED", String.valueOf(COUNT), digest, "0");
                assertThat(p.awaitExit(LINE)).isZero();
            }
            for (ChildJvm j : java) {
                assertThat(JavaPeer.awaitWords(j, "RECEIVED", LINE)).as(j.describe())
                        .containsExactly("RECEIVED", String.valueOf(COUNT), digest, "0");
                assertThat(j.awaitExit(LINE)).isZero();
            }
        }

        @Override
        public void close() {
            cpp.forEach(CppPeer::close);
            java.forEach(ChildJvm::close);
        }
    }
}
