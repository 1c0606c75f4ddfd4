package io.libipc.process;

import io.libipc.ChannelType;
import io.libipc.IpcWaitStrategy;
import io.libipc.support.ChildJvm;
import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.libipc.process.Children.await;
import static io.libipc.process.Children.tell;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integrity and order between processes, with both wait strategies: every receiver process gets
 * every message, byte for byte, from the empty message to messages sixteen times larger than the
 * ring; and with three sender and three receiver processes on one CHANNEL, all receivers see the
 * same global order, FIFO per sender, and nobody is evicted.
 */
@ExtendWith(NoLeftoverStorage.class)
@Timeout(120)
class IntegrityAndOrderAcrossProcessesTest {

    /** Empty, tiny, a cache line, a page, exactly the ring, and larger than the ring. */
    private static final String SIZES = "0,1,64,4096,65536,1048576,1048589";
    private static final int SIZE_COUNT = SIZES.split(",").length;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = IpcWaitStrategy.class, names = {"FUTEX", "PORTABLE"})
    void everyReceiverProcessGetsEveryMessageIntactFromEmptyToLargerThanTheRing(IpcWaitStrategy strategy) {
        ChannelSpec spec = ChannelSpec.fresh("sizes", ChannelType.CHANNEL, strategy, ChannelSpec.SMALL_RING, 4 << 20);
        int rounds = 3;
        int count = SIZE_COUNT * rounds;
        List<ChildJvm> children = new ArrayList<>();
        try {
            Children.createChannel(spec);
            ChildJvm first = start(children, spec.args("receiver", "count=" + count));
            ChildJvm second = start(children, spec.args("receiver", "count=" + count));
            ChildJvm sender = start(children, spec.args("sender", "id=1"));
            await(first, "READY");
            await(second, "READY");
            await(sender, "READY");
            tell(sender, "SEND " + count + " " + SIZES);
            Map<String, String> sent = Children.fields(await(sender, "SENT"));
            for (ChildJvm receiver : List.of(first, second)) {
                Map<String, String> got = Children.result(receiver);
                // Same count and same stream checksum (lengths and bytes, in order) as what was sent.
                assertThat(got).as(receiver.describe())
                        .containsEntry("count", String.valueOf(count))
                        .containsEntry("crc", sent.get("crc"))
                        .containsEntry("bad", "0")
                        .containsEntry("fifo", "0")
                        .containsEntry("lost", "0")
                        .containsEntry("timeout", "false")
                        .containsEntry("maxLen", "1048589");
            }
            tell(sender, "EXIT");
            for (ChildJvm child : children) {
                assertThat(child.awaitExit(Children.PATIENCE)).as(child.describe()).isZero();
            }
        } finally {
            Children.closeAll(children.toArray(new ChildJvm[0]));
            TestChannels.clear(spec.name());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = IpcWaitStrategy.class, names = {"FUTEX", "PORTABLE"})
    void threeSenderProcessesAndThreeReceiverProcessesShareOneGlobalOrderFifoPerSender(IpcWaitStrategy strategy) {
        ChannelSpec spec = ChannelSpec.fresh("order", ChannelType.CHANNEL, strategy, ChannelSpec.SMALL_RING, 1 << 20);
        int perSender = 2000;
        int total = 3 * perSender;
        List<ChildJvm> receivers = new ArrayList<>();
        List<ChildJvm> senders = new ArrayList<>();
        List<ChildJvm> children = new ArrayList<>();
        try {
            Children.createChannel(spec);
            for (int i = 0; i < 3; i++) {
                receivers.add(start(children, spec.args("receiver", "count=" + total)));
                senders.add(start(children, spec.args("sender", "id=" + i)));
            }
            for (ChildJvm child : children) {
                await(child, "READY");
            }
            // All receivers are connected before anything is sent, so each must get all of it.
            // Mixed sizes: mostly small, some fragmented (over a quarter of the 64 KiB ring), so
            // that fragments of concurrent senders would interleave if the write lock failed.
            for (ChildJvm sender : senders) {
                tell(sender, "SEND " + perSender + " m");
            }
            List<Map<String, String>> sent = new ArrayList<>();
            for (ChildJvm sender : senders) {
                sent.add(Children.fields(await(sender, "SENT")));
            }
            String expectedPerSender = "0:" + perSender + ",1:" + perSender + ",2:" + perSender;
            String expectedCrcs = "0:" + sent.get(0).get("crc") + ",1:" + sent.get(1).get("crc") + ",2:" + sent.get(2).get("crc");
            List<Map<String, String>> results = new ArrayList<>();
            for (ChildJvm receiver : receivers) {
                Map<String, String> got = Children.result(receiver);
                results.add(got);
                assertThat(got).as(receiver.describe())
                        .containsEntry("count", String.valueOf(total))
                        .containsEntry("bad", "0")
                        // FIFO per sender: each sender's seq 0, 1, 2... with no gap or repeat.
                        .containsEntry("fifo", "0")
                        .containsEntry("gaps", "0")
                        .containsEntry("lost", "0")
                        .containsEntry("timeout", "false")
                        .containsEntry("senders", expectedPerSender)
                        // Each sender's sub-stream arrives byte for byte as it was sent.
                        .containsEntry("crcs", expectedCrcs);
            }
            // One global order: the same interleaving (and bytes) at every receiver.
            assertThat(results).extracting(r -> r.get("order")).containsOnly(results.get(0).get("order"));
            assertThat(results).extracting(r -> r.get("crc")).containsOnly(results.get(0).get("crc"));
            for (ChildJvm sender : senders) {
                tell(sender, "EXIT");
            }
            for (ChildJvm child : children) {
                assertThat(child.awaitExit(Children.PATIENCE)).as(child.describe()).isZero();
            }
        } finally {
            Children.closeAll(children.toArray(new ChildJvm[0]));
            TestChannels.clear(spec.name());
        }
    }

    private static ChildJvm start(List<ChildJvm> children, String... args) {
        ChildJvm child = Children.start(args);
        children.add(child);
        return child;
    }
}
