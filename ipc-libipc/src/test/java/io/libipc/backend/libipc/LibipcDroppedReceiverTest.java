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
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A receiver that cpp-ipc drops (a forced send found it a whole ring behind) is rejoined by the
 * backend with a warning, at the newest message: what it had not read is lost (libipc does not
 * count it), what is sent after the rejoin arrives. A receiver that keeps up is never rejoined.
 */
@ExtendWith({LibipcHome.class, LibipcChannels.class, NoLeftoverStorage.class})
@Timeout(60)
class LibipcDroppedReceiverTest {

    private static final Duration LINE = Duration.ofSeconds(30);

    private final IpcOptions options = LibipcChannels.options();
    private final Logger log = Logger.getLogger(LibipcReceiver.class.getName());
    private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureWarnings() {
        log.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        log.removeHandler(capture);
    }

    @Test
    void aDroppedReceiverIsRejoinedWithAWarningByItsNextReceive() {
        String name = LibipcChannels.uniqueName("dropped-receive");
        try (IpcChannel rx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.RECEIVER);
             IpcChannel tx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.SENDER)) {
            dropTheOnlyReceiver(tx);
            assertThat(warnings).isEmpty();

            // The next receive finds it dropped, rejoins (warning) and waits at the newest message:
            // none of the 256 it had not read comes.
            assertThatThrownBy(() -> rx.receive(300)).isInstanceOfSatisfying(IpcException.class,
                    e -> assertThat(e.status()).isEqualTo(IpcStatus.ERROR_TIMEOUT));
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0).getMessage()).contains("libipc dropped it", "rejoined");
            assertThat(tx.receiverCount()).isEqualTo(1);
            assertThat(rx.isConnected()).isTrue();

            tx.send(PeerPattern.message(1000, 64), 1_000);
            assertThat(rx.receive(5_000)).isEqualTo(PeerPattern.message(1000, 64));
        }
    }

    /**
     * The same for a handle that only polls with tryReceive: it must not stay dropped for good,
     * uncounted by senders and receiving nothing ever again, without a word.
     *
     * <p>FAILS with the backend as it is: the shim's try_recv cannot tell a dropped receiver from
     * an empty ring (both -5, libipc_c.h says so), and {@code LibipcReceiver.tryReceive} takes
     * -5 as "nothing there", so only a receive with a timeout ever rejoins.
     */
    @Test
    void aDroppedReceiverThatOnlyPollsWithTryReceiveIsRejoinedToo() {
        String name = LibipcChannels.uniqueName("dropped-poll");
        try (IpcChannel rx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.RECEIVER);
             IpcChannel tx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.SENDER)) {
            dropTheOnlyReceiver(tx);

            Awaitility.await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
                assertThat(rx.tryReceive()).isEmpty();
                assertThat(tx.receiverCount()).as("senders count the polling receiver again (cpp-ipc dropped it;"
                        + " rejoin warnings so far: %d)", warnings.size()).isEqualTo(1);
            });
            assertThat(warnings).hasSize(1);
            tx.send(PeerPattern.message(1000, 64), 1_000);
            Awaitility.await("the polling receiver gets what was sent after it rejoined").atMost(Duration.ofSeconds(3))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> rx.tryReceive().map(m -> m.length == 64 && PeerPattern.matches(m, 1000)).orElse(false));
        }
    }

    /** Control: a C++ stream of 5000 messages to a Java receiver that keeps up: no rejoin, no warning. */
    @Test
    void aReceiverThatKeepsUpIsNeverRejoined() {
        String name = LibipcChannels.uniqueName("keeps-up");
        try (IpcChannel rx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.RECEIVER);
             CppPeer sender = CppPeer.start("send", "channel", name, "5000", "64,65,1,4096",
                     "--wait-receivers", "1", "--timeout-ms", "5000")) {
            for (int k = 0; k < 5000; k++) {
                assertThat(PeerPattern.matches(rx.receive(10_000), k)).as("message %d", k).isTrue();
            }
            assertThat(sender.awaitWords("SENT", LINE)).startsWith("SENT", "5000");
            assertThat(sender.awaitExit(LINE)).isZero();
            // The sender has gone: waiting on the ring it left is a plain timeout, not a drop.
            assertThatThrownBy(() -> rx.receive(300)).isInstanceOfSatisfying(IpcException.class,
                    e -> assertThat(e.status()).isEqualTo(IpcStatus.ERROR_TIMEOUT));
            Optional<byte[]> none = rx.tryReceive();
            assertThat(none).isEmpty();
        }
        assertThat(warnings).isEmpty();
    }

    /** Fills the ring past a receiver that does not read; a forced send then drops it (and reaches nobody). */
    private static void dropTheOnlyReceiver(IpcChannel tx) {
        int sent = 0;
        while (sent < 1_000 && tx.trySend(PeerPattern.message(sent, 64), 50)) {
            sent++;
        }
        assertThat(sent).isEqualTo(256);
        assertThatThrownBy(() -> tx.send(PeerPattern.message(999, 64), 200)).isInstanceOfSatisfying(IpcException.class,
                e -> assertThat(e.getMessage()).contains("reached nobody"));
        assertThat(tx.receiverCount()).as("cpp-ipc dropped the receiver").isZero();
    }
}
