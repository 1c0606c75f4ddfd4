package io.libipc.process;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.IpcException;
import io.libipc.IpcStatus;
import io.libipc.IpcWaitStrategy;
import io.libipc.support.ChildJvm;
import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.libipc.process.Children.await;
import static io.libipc.process.Children.tell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * ROUTE's single sender between processes: while one sender process lives, a second sender is
 * refused with {@code ERROR_CONNECTION_FAILED}, whether it is another process or another handle
 * in the sender's own JVM; once the sender process is killed with kill -9, a new sender connects at
 * once, without {@code clearChannelStorage} (where libipc leaves a sticky flag that blocks every
 * later sender), and its messages arrive intact.
 */
@ExtendWith(NoLeftoverStorage.class)
@Timeout(120)
class RouteSenderAcrossProcessesTest {

    @Test
    void routeRefusesASecondLiveSenderAndTakesANewOneAtOnceAfterKill9() throws Exception {
        ChannelSpec spec = ChannelSpec.fresh("route-sender", ChannelType.ROUTE, IpcWaitStrategy.AUTO,
                ChannelSpec.SMALL_RING, 1 << 20);
        ChildJvm first = null;
        ChildJvm second = null;
        ChildJvm replacement = null;
        // This process receives throughout: the channel lives across the sender's death.
        try (IpcChannel receiver = new IpcChannel(ChannelType.ROUTE, spec.name(), spec.options(), ConnMode.RECEIVER)) {
            first = Children.start(spec.args("sender", "id=1", "probeSecondSender=true"));
            // A second handle inside the sender's own JVM is refused...
            String inSameJvm = await(first, "SECOND_SENDER");
            assertThat(inSameJvm).startsWith("SECOND_SENDER ERROR_CONNECTION_FAILED -2 ").contains("live sender");
            await(first, "READY");
            // ...so is another process...
            second = Children.start(spec.args("sender", "id=2"));
            assertThat(await(second, "CONNECT_FAILED")).startsWith("CONNECT_FAILED ERROR_CONNECTION_FAILED -2 ");
            assertThat(second.awaitExit(Children.PATIENCE)).isZero();
            // ...and this one.
            assertRefused(spec);

            // The live sender is unaffected by the refusals. (Receive while it sends: 100 mixed
            // messages do not fit in the 64 KiB ring.)
            CompletableFuture<String> before = receiveAllAsync(receiver, 100, 1);
            tell(first, "SEND 100 m");
            Map<String, String> sentBefore = Children.fields(await(first, "SENT"));
            assertThat(before.get(60, TimeUnit.SECONDS)).isEqualTo(sentBefore.get("crc"));

            first.kill();
            // The kernel dropped the dead sender's lock with its process: its place is free right
            // now, on the first try, with the same storage file (nothing was cleared).
            try (IpcChannel takeover = new IpcChannel(ChannelType.ROUTE, spec.name(), spec.options(), ConnMode.SENDER)) {
                assertThat(takeover.isConnected()).isTrue();
                // The one-sender rule holds for the new sender too: a second handle in this JVM is refused.
                assertRefused(spec);
            }
            replacement = Children.start(spec.args("sender", "id=3"));
            await(replacement, "READY");
            CompletableFuture<String> after = receiveAllAsync(receiver, 200, 3);
            tell(replacement, "SEND 200 m");
            Map<String, String> sentAfter = Children.fields(await(replacement, "SENT"));
            assertThat(after.get(60, TimeUnit.SECONDS)).isEqualTo(sentAfter.get("crc"));
            assertThat(receiver.lostMessages()).isZero();
            tell(replacement, "EXIT");
            assertThat(replacement.awaitExit(Children.PATIENCE)).isZero();
        } finally {
            Children.closeAll(first, second, replacement);
            TestChannels.clear(spec.name());
        }
    }

    private static void assertRefused(ChannelSpec spec) {
        IpcException refused = catchThrowableOfType(IpcException.class,
                () -> new IpcChannel(ChannelType.ROUTE, spec.name(), spec.options(), ConnMode.SENDER).close());
        assertThat(refused).as("a second ROUTE sender must be refused").isNotNull();
        assertThat(refused.status()).isEqualTo(IpcStatus.ERROR_CONNECTION_FAILED);
        assertThat(refused.getMessage()).contains("live sender");
    }

    /**
     * Receives {@code count} messages from one sender in another thread, checking each and its
     * order.
     *
     * @return the stream checksum, to compare with the sender's
     */
    private static CompletableFuture<String> receiveAllAsync(IpcChannel receiver, int count, int sender) {
        return CompletableFuture.supplyAsync(() -> receiveAll(receiver, count, sender));
    }

    private static String receiveAll(IpcChannel receiver, int count, int sender) {
        Digest digest = new Digest();
        for (int seq = 0; seq < count; seq++) {
            byte[] m = receiver.receive(60_000);
            assertThat(Payloads.check(m)).isNull();
            assertThat(Payloads.sender(m)).isEqualTo(sender);
            assertThat(Payloads.seq(m)).isEqualTo(seq);
            digest.add(m);
        }
        assertThat(receiver.tryReceive()).isEmpty();
        return digest.hex();
    }
}
