package io.libipc.backend.libipc;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.IpcException;
import io.libipc.IpcOptions;
import io.libipc.IpcStatus;
import io.libipc.backend.libipc.support.CppPeer;
import io.libipc.backend.libipc.support.LibipcChannels;
import io.libipc.backend.libipc.support.LibipcHome;
import io.libipc.backend.libipc.support.PeerPattern;
import io.libipc.support.NoLeftoverStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * C++ peers killed with kill -9, seen from Java on backend LIBIPC. What cpp-ipc 1.4.1 does, and
 * these tests pin: a dead sender leaves its receivers waiting on their own timeouts, never
 * longer; a dead receiver stays counted until the ring fills, and then one forced send waits its
 * timeout and drops it (the other receivers lose nothing); a dead ROUTE sender keeps the ROUTE's
 * single sender slot taken until the storage is cleared, which this process may only do once
 * its own handles on the name are closed.
 *
 * <p>A killed peer never lets go of cpp-ipc's machine-wide {@code /dev/shm/__IPC_SHM__CA_CONN__}
 * (8 bytes, a reference count), so after this class it outlives the test JVM. It is left there on
 * purpose: any cpp-ipc process running meanwhile uses it, and the next ones reuse it.
 */
@ExtendWith({LibipcHome.class, LibipcChannels.class, NoLeftoverStorage.class})
@Timeout(60)
class KilledCppPeerTest {

    private static final Duration LINE = Duration.ofSeconds(30);
    private static final long MARGIN_MS = 500;

    private final IpcOptions options = LibipcChannels.options();

    /**
     * A C++ ROUTE sender streams and is killed while the Java receiver is taking its messages:
     * every receive after the kill returns within its timeout, the messages still in the ring
     * first (each one whole), then ERROR_TIMEOUT, and the handle stays connected. The messages
     * are of up to 64 bytes, in the ring itself: a process killed while it holds one of cpp-ipc's
     * machine-wide chunk objects ({@code __IPC_SHM__CHUNK_INFO__*}, messages over 64 bytes) leaves
     * its reference behind, and the object then stays in /dev/shm for good.
     */
    @Test
    void aJavaReceiverOfAKilledRouteSenderNeverWaitsPastItsTimeout() {
        String name = LibipcChannels.uniqueName("route-sender-killed");
        try (IpcChannel rx = new IpcChannel(ChannelType.ROUTE, name, options, ConnMode.RECEIVER);
             CppPeer sender = CppPeer.start("send", "route", name, "100000000", "64,1,33",
                     "--wait-receivers", "1", "--timeout-ms", "5000")) {
            long k = 0;
            for (; k < 500; k++) {
                assertThat(PeerPattern.matches(rx.receive(10_000), k)).as("message %d", k).isTrue();
            }
            sender.kill();
            long afterKill = 0;
            long longestMs = 0;
            for (;;) {
                long t0 = System.nanoTime();
                byte[] m;
                try {
                    m = rx.receive(300);
                } catch (IpcException e) {
                    assertThat(e.status()).isEqualTo(IpcStatus.ERROR_TIMEOUT);
                    longestMs = Math.max(longestMs, elapsedMs(t0));
                    break;
                }
                longestMs = Math.max(longestMs, elapsedMs(t0));
                assertThat(PeerPattern.matches(m, k)).as("message %d, after the kill", k).isTrue();
                k++;
                afterKill++;
                assertThat(afterKill).as("no more than a ring's worth after the kill").isLessThanOrEqualTo(256);
            }
            System.out.println("killed route sender: " + afterKill + " messages after the kill, longest receive "
                    + longestMs + " ms");
            assertThat(longestMs).isLessThan(300 + MARGIN_MS);
            assertThat(rx.isConnected()).isTrue();
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> rx.receive(200)).isInstanceOfSatisfying(IpcException.class,
                    e -> assertThat(e.status()).isEqualTo(IpcStatus.ERROR_TIMEOUT));
            assertThat(elapsedMs(t0)).isLessThan(200 + MARGIN_MS);
        }
    }

    /**
     * A Java CHANNEL sender with two C++ receivers; one is killed after the first 1000 messages.
     * The dead receiver stays counted (cpp-ipc cannot tell), so once the ring has filled past its
     * position a send waits its whole timeout (here 1 s), then forces: cpp-ipc drops the dead
     * receiver, and the live one, which keeps up, loses nothing. Every send returns within its
     * timeout; the live receiver gets all 2000 messages, whole and in order.
     */
    @Test
    void aJavaSenderKeepsServingTheLiveReceiverAfterTheOtherWasKilled() {
        String name = LibipcChannels.uniqueName("receiver-killed");
        int half = 1000;
        long timeoutMs = 1_000;
        String total = String.valueOf(2 * half + 1);
        try (CppPeer live = CppPeer.start("recv", "channel", name, total, "--timeout-ms", "20000");
             CppPeer victim = CppPeer.start("recv", "channel", name, String.valueOf(2 * half), "--timeout-ms", "20000");
             IpcChannel tx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.SENDER)) {
            live.awaitLine("READY", LINE);
            victim.awaitLine("READY", LINE);
            assertThat(tx.waitForReceivers(2, 5_000)).isTrue();
            PeerPattern.Digest digest = new PeerPattern.Digest();
            int k = 0;
            for (; k < half; k++) {
                byte[] m = PeerPattern.message(k, 64);
                tx.send(m, timeoutMs);
                digest.add(m);
            }
            victim.kill();
            assertThat(tx.receiverCount()).as("cpp-ipc still counts the killed receiver").isEqualTo(2);

            long slow = 0;
            long longestMs = 0;
            int firstSlow = -1;
            for (; k < 2 * half; k++) {
                byte[] m = PeerPattern.message(k, 64);
                long t0 = System.nanoTime();
                tx.send(m, timeoutMs);
                long ms = elapsedMs(t0);
                digest.add(m);
                longestMs = Math.max(longestMs, ms);
                if (ms >= timeoutMs / 2) {
                    slow++;
                    firstSlow = firstSlow < 0 ? k - half : firstSlow;
                }
            }
            System.out.println("killed receiver: " + slow + " of " + half + " sends after the kill waited the "
                    + timeoutMs + " ms timeout (the first at send " + firstSlow + " after the kill), longest "
                    + longestMs + " ms; receivers counted now: " + tx.receiverCount());
            assertThat(longestMs).as("each send returns within its timeout").isLessThan(timeoutMs + MARGIN_MS);
            assertThat(slow).as("sends that waited out their timeout before cpp-ipc dropped the dead receiver")
                    .isBetween(1L, 3L);
            assertThat(tx.receiverCount()).as("the forced send dropped the dead receiver").isEqualTo(1);
            byte[] last = PeerPattern.message(k, 64);
            tx.send(last, timeoutMs);
            digest.add(last);
            assertThat(live.awaitWords("RECEIVED", LINE)).as(live.describe())
                    .containsExactly("RECEIVED", total, digest.hex(), "0");
            assertThat(live.awaitExit(LINE)).isZero();
        }
    }

    /**
     * A C++ ROUTE sender killed with kill -9 keeps the sender slot: Java and C++ senders are
     * refused, even with no process left on the name. clearChannelStorage is refused while a
     * handle of this process is open on the name (cpp-ipc would free state that handle uses);
     * once it is closed, clearing works, a new Java sender connects and its messages arrive.
     */
    @Test
    void aKilledRouteSendersSlotStaysTakenUntilTheStorageIsClearedAfterThisProcessClosedItsHandles() {
        String name = LibipcChannels.uniqueName("route-slot");
        try (CppPeer holder = CppPeer.start("hold", "route", name, "sender", "60")) {
            holder.awaitLine("READY", LINE);
            holder.kill();
        }
        assertRouteSenderRefused(name);
        CppPeer cpp = CppPeer.run(LINE, "hold", "route", name, "sender", "1");
        assertThat(cpp.awaitLine("ERROR", LINE)).isEqualTo("ERROR connect sender");

        try (IpcChannel rx = new IpcChannel(ChannelType.ROUTE, name, options, ConnMode.RECEIVER)) {
            assertThatThrownBy(() -> IpcChannel.clearChannelStorage(name, options))
                    .isInstanceOfSatisfying(IpcException.class, e -> {
                        assertThat(e.status()).isEqualTo(IpcStatus.ERROR_INVALID_ARGUMENT);
                        assertThat(e.getMessage()).contains("not cleared", "close this process's handles");
                    });
            assertRouteSenderRefused(name);
        }

        IpcChannel.clearChannelStorage(name, options);

        try (IpcChannel rx = new IpcChannel(ChannelType.ROUTE, name, options, ConnMode.RECEIVER);
             IpcChannel tx = new IpcChannel(ChannelType.ROUTE, name, options, ConnMode.SENDER)) {
            assertThat(tx.receiverCount()).isEqualTo(1);
            tx.send(PeerPattern.message(0, 100), 1_000);
            assertThat(rx.receive(5_000)).isEqualTo(PeerPattern.message(0, 100));
        }
        // And cpp-ipc itself agrees that the slot is free again.
        try (CppPeer rx = CppPeer.start("recv", "route", name, "1", "--timeout-ms", "10000")) {
            rx.awaitLine("READY", LINE);
            CppPeer tx = CppPeer.run(LINE, "send", "route", name, "1", "100", "--wait-receivers", "1");
            assertThat(tx.awaitExit(LINE)).as(tx.describe()).isZero();
            assertThat(rx.awaitWords("RECEIVED", LINE)).containsExactly("RECEIVED", "1",
                    new PeerPattern.Digest().add(PeerPattern.message(0, 100)).hex(), "0");
        }
    }

    private void assertRouteSenderRefused(String name) {
        assertThatThrownBy(() -> new IpcChannel(ChannelType.ROUTE, name, options, ConnMode.SENDER))
                .isInstanceOfSatisfying(IpcException.class, e -> {
                    assertThat(e.status()).isEqualTo(IpcStatus.ERROR_CONNECTION_FAILED);
                    assertThat(e.getMessage()).contains("already has a sender");
                });
    }

    private static long elapsedMs(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }
}
