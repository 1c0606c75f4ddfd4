package io.libipc.process;

import io.libipc.ChannelType;
import io.libipc.IpcWaitStrategy;
import io.libipc.support.ChildJvm;
import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.libipc.process.Children.await;
import static io.libipc.process.Children.tell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Sender processes killed with kill -9 half-way through a message 512 times larger than the ring,
 * with both wait strategies: no receiver process ever delivers the partial message (receivers get
 * whole messages with correct checksums, or nothing), neither one waiting in the middle of the
 * message when its sender dies nor one that finds the orphaned fragments later. Afterwards they,
 * and a receiver that joins after the kill, get another sender's messages intact. The write lock
 * the dead sender held is taken back (after about 50 ms) by whoever needs it next, a joining
 * receiver or a sender already waiting for it, without clearing storage.
 */
@ExtendWith(NoLeftoverStorage.class)
@Timeout(120)
class SenderKilledAcrossProcessesTest {

    private static final int HUGE = 32 << 20;
    private static final int AFTER = 200;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = IpcWaitStrategy.class, names = {"FUTEX", "PORTABLE"})
    void senderKilledHalfWayThroughAHugeMessageNeverLeaksAPartialMessage(IpcWaitStrategy strategy) {
        ChannelSpec spec = ChannelSpec.fresh("sender-killed", ChannelType.CHANNEL, strategy, ChannelSpec.SMALL_RING, 64 << 20);
        ChildJvm first = null;
        ChildJvm second = null;
        ChildJvm big = null;
        ChildJvm other = null;
        ChildJvm late = null;
        ChildJvm big2 = null;
        try {
            // Created here, then every handle lives in a child: this process may probe the file.
            Children.createChannel(spec);
            first = Children.start(spec.args("receiver", "commands=true"));
            second = Children.start(spec.args("receiver", "commands=true"));
            big = Children.start(spec.args("sender", "id=1", "timeoutMs=60000"));
            for (ChildJvm child : List.of(first, second, big)) {
                await(child, "READY");
            }
            List<ChildJvm> receivers = List.of(first, second);

            // 1. The huge message does get through whole when its sender lives: what follows is
            //    not a message that could never arrive anyway.
            receivers.forEach(r -> tell(r, "RECEIVE 1"));
            tell(big, "SEND 1 " + HUGE);
            String hugeCrc = Children.fields(await(big, "SENT")).get("crc");
            for (ChildJvm receiver : receivers) {
                assertThat(Children.result(receiver)).as(receiver.describe())
                        .containsEntry("count", "1").containsEntry("crc", hugeCrc).containsEntry("bad", "0")
                        .containsEntry("maxLen", String.valueOf(HUGE));
            }

            // 2. Again, but the second receiver does not read: the sender publishes fragments until
            //    the 64 KiB ring is full, then waits for room (60 s, no eviction). Once at least two
            //    fragments are published, it is certainly half-way: kill it there. The first
            //    receiver is already receiving, so it takes the fragments as they come and is
            //    left waiting in the middle of the message; the second finds them all afterwards.
            long before = RingProbe.tail(spec.path());
            tell(first, "RECEIVE " + AFTER);
            tell(big, "SEND 1 " + HUGE);
            await(big, "SENDING");
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                    .until(() -> RingProbe.tail(spec.path()) - before >= spec.capacity() / 2);
            big.kill();
            long published = RingProbe.tail(spec.path()) - before;
            assertThat(published).as("published bytes of the killed message").isBetween((long) spec.capacity() / 2,
                    (long) spec.capacity());
            // It never finished that message: its output ends without a SENT line.
            ChildJvm killed = big;
            assertThatThrownBy(() -> killed.awaitLine("SENT", Duration.ofSeconds(10)))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("ended");

            // 3. Another sender, and a receiver that joins after the kill (joining takes the dead
            //    sender's write lock back). Its first message is itself fragmented, right after the
            //    orphaned fragments; receivers must drop those and deliver only whole messages.
            other = Children.start(spec.args("sender", "id=2"));
            late = Children.start(spec.args("receiver", "count=" + AFTER));
            await(other, "READY");
            await(late, "READY");
            tell(second, "RECEIVE " + AFTER);
            tell(other, "SEND " + AFTER + " 100000,m,m,m");
            String otherCrc = Children.fields(await(other, "SENT")).get("crc");
            for (ChildJvm receiver : List.of(first, second, late)) {
                Map<String, String> got = Children.result(receiver);
                assertThat(got).as(receiver.describe())
                        .containsEntry("count", String.valueOf(AFTER))
                        .containsEntry("crc", otherCrc)
                        .containsEntry("senders", "2:" + AFTER)
                        .containsEntry("bad", "0")
                        .containsEntry("fifo", "0")
                        .containsEntry("gaps", "0")
                        .containsEntry("lost", "0")
                        .containsEntry("maxLen", "100000");
            }
            assertThat(late.awaitExit(Children.PATIENCE)).isZero();

            // 4. A sender waiting for the write lock when its holder dies half-way: a new huge
            //    sender blocks half-way as in 2; the other sender's next batch queues behind its
            //    lock (or reaches it just after the kill: the same path); the holder is killed; the
            //    waiting sender takes the lock back and its messages arrive intact, after the
            //    receivers drop the orphaned fragments.
            big2 = Children.start(spec.args("sender", "id=3", "timeoutMs=60000"));
            await(big2, "READY");
            long before2 = RingProbe.tail(spec.path());
            tell(first, "RECEIVE " + AFTER);
            tell(big2, "SEND 1 " + HUGE);
            await(big2, "SENDING");
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                    .until(() -> RingProbe.tail(spec.path()) - before2 >= spec.capacity() / 2);
            tell(other, "SEND " + AFTER + " m,100000");
            await(other, "SENDING");
            big2.kill();
            tell(second, "RECEIVE " + AFTER);
            String otherCrc2 = Children.fields(await(other, "SENT")).get("crc");
            for (ChildJvm receiver : receivers) {
                assertThat(Children.result(receiver)).as(receiver.describe())
                        .containsEntry("count", String.valueOf(AFTER))
                        .containsEntry("crc", otherCrc2)
                        .containsEntry("senders", "2:" + AFTER)
                        .containsEntry("bad", "0")
                        .containsEntry("fifo", "0")
                        .containsEntry("gaps", "0")
                        .containsEntry("lost", "0");
            }

            // And no partial message surfaces later either.
            for (ChildJvm receiver : receivers) {
                tell(receiver, "TRY");
                assertThat(await(receiver, "TRY")).isEqualTo("TRY EMPTY");
                tell(receiver, "EXIT");
            }
            tell(other, "EXIT");
            for (ChildJvm child : List.of(first, second, other)) {
                assertThat(child.awaitExit(Children.PATIENCE)).as(child.describe()).isZero();
            }
        } finally {
            Children.closeAll(first, second, big, other, late, big2);
            TestChannels.clear(spec.name());
        }
    }
}
