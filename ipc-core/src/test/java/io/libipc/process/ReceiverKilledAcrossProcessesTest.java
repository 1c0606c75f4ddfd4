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
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static io.libipc.process.Children.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Receiver processes killed with kill -9, one idle and one holding the ring back, with both wait
 * strategies: the sender (this process) never blocks past its send timeout, dead receivers stop
 * being counted within a few seconds (also when nothing is being sent), the channel carries
 * 10,000 more messages intact to the receiver that lives, and nothing leaks: all 64 receiver
 * places can be taken again, the dead one's included, and the storage file goes with
 * {@code clearChannelStorage}. And a receiver process that lives but hangs delays a send no
 * longer than the send's timeout.
 */
@ExtendWith(NoLeftoverStorage.class)
@Timeout(120)
class ReceiverKilledAcrossProcessesTest {

    private static final long SEND_TIMEOUT_MS = 3000;
    /** "Never blocks past its timeout", with slack for a loaded 2-core machine. */
    private static final long SEND_BOUND_MS = SEND_TIMEOUT_MS + 2000;
    private static final int BEFORE_KILL = 1000;
    private static final int AFTER_KILL = 10_000;
    private static final int MAX_RECEIVERS = 64;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = IpcWaitStrategy.class, names = {"FUTEX", "PORTABLE"})
    void killedReceiverNeverBlocksTheSenderIsReleasedAndLeaksNothing(IpcWaitStrategy strategy) throws Exception {
        ChannelSpec spec = ChannelSpec.fresh("receiver-killed", ChannelType.CHANNEL, strategy, ChannelSpec.SMALL_RING, 1 << 20);
        ChildJvm victim = null;
        ChildJvm survivor = null;
        ChildJvm newcomer = null;
        ChildJvm idle = null;
        List<IpcChannel> fillers = new ArrayList<>();
        Thread sending = null;
        CountDownLatch released = new CountDownLatch(1);
        try (IpcChannel sender = new IpcChannel(ChannelType.CHANNEL, spec.name(), spec.options(), ConnMode.SENDER)) {
            // The victim reads 200 messages and then hangs without reading: the ring fills behind
            // it and the sender waits for room, which is exactly when we kill it.
            victim = Children.start(spec.args("receiver", "count=" + Integer.MAX_VALUE, "stallAfter=200"));
            survivor = Children.start(spec.args("receiver", "count=" + (BEFORE_KILL + AFTER_KILL)));
            idle = Children.start(spec.args("receiver", "commands=true"));
            for (ChildJvm child : List.of(victim, survivor, idle)) {
                await(child, "READY");
            }
            assertThat(sender.receiverCount()).isEqualTo(3);
            // Killed while nothing is sent: receiverCount alone must notice.
            idle.kill();
            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                    .until(sender::receiverCount, count -> count == 2);

            AtomicLong slowestSendNanos = new AtomicLong();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Digest sent = new Digest();
            sending = new Thread(() -> {
                try {
                    for (int seq = 0; seq < BEFORE_KILL + AFTER_KILL; seq++) {
                        if (seq == BEFORE_KILL) {
                            released.await();
                        }
                        byte[] m = Payloads.make(0, seq, Payloads.mixedSize(0, seq));
                        long t0 = System.nanoTime();
                        sender.send(m, SEND_TIMEOUT_MS);
                        slowestSendNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
                        sent.add(m);
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "sender");
            sending.start();

            await(victim, "STALLED");
            victim.kill();
            // Released within a bounded time (the design says 1 s; allow for a loaded machine).
            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                    .until(sender::receiverCount, count -> count == 1);
            released.countDown();

            sending.join(TimeUnit.SECONDS.toMillis(90));
            assertThat(sending.isAlive()).as("sender thread still running").isFalse();
            assertThat(failure.get()).isNull();
            long slowestMs = TimeUnit.NANOSECONDS.toMillis(slowestSendNanos.get());
            System.out.println(strategy + ": slowest of " + (BEFORE_KILL + AFTER_KILL) + " sends took " + slowestMs + " ms");
            assertThat(slowestMs).as("slowest send, timeoutMs=%d", SEND_TIMEOUT_MS).isLessThan(SEND_BOUND_MS);

            Map<String, String> got = Children.result(survivor);
            assertThat(got).as(survivor.describe())
                    .containsEntry("count", String.valueOf(BEFORE_KILL + AFTER_KILL))
                    .containsEntry("crc", sent.hex())
                    .containsEntry("bad", "0")
                    .containsEntry("fifo", "0")
                    .containsEntry("gaps", "0")
                    .containsEntry("lost", "0");
            assertThat(survivor.awaitExit(Children.PATIENCE)).isZero();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(sender::receiverCount, count -> count == 0);

            // Nothing leaked: a new receiver process and 63 handles here take all 64 places, the
            // killed receiver's included, and the 65th is refused naming the limit.
            newcomer = Children.start(spec.args("receiver", "count=100"));
            await(newcomer, "READY");
            for (int i = 1; i < MAX_RECEIVERS; i++) {
                fillers.add(new IpcChannel(ChannelType.CHANNEL, spec.name(), spec.options(), ConnMode.RECEIVER));
            }
            assertThat(sender.receiverCount()).isEqualTo(MAX_RECEIVERS);
            IpcException full = catchThrowableOfType(IpcException.class,
                    () -> new IpcChannel(ChannelType.CHANNEL, spec.name(), spec.options(), ConnMode.RECEIVER).close());
            assertThat(full).isNotNull();
            assertThat(full.status()).isEqualTo(IpcStatus.ERROR_CONNECTION_FAILED);
            assertThat(full.getMessage()).contains(String.valueOf(MAX_RECEIVERS));
            closeAll(fillers);
            assertThat(sender.receiverCount()).isEqualTo(1);

            // And the channel still works for the newcomer.
            Digest more = new Digest();
            for (int seq = 0; seq < 100; seq++) {
                byte[] m = Payloads.make(0, seq, Payloads.mixedSize(0, seq));
                sender.send(m, 30_000);
                more.add(m);
            }
            assertThat(Children.result(newcomer)).as(newcomer.describe())
                    .containsEntry("count", "100").containsEntry("crc", more.hex()).containsEntry("lost", "0");
            assertThat(newcomer.awaitExit(Children.PATIENCE)).isZero();
        } finally {
            closeAll(fillers);
            Children.closeAll(victim, survivor, newcomer, idle);
            released.countDown();
            if (sending != null) {
                sending.join(TimeUnit.SECONDS.toMillis(10));
            }
            TestChannels.clear(spec.name());
        }
        assertThat(spec.path()).doesNotExist();
    }

    @Test
    void senderNeverBlocksPastItsTimeoutBehindAHungReceiverProcessEvenWithAMessageLargerThanTheRing() {
        // A receiver process that lives but does not read (hung, stopped, busy elsewhere) is not
        // released like a dead one; the sender waits up to its timeout and then evicts it. That
        // bound must hold for the whole send, also when the message spans many rings.
        ChannelSpec spec = ChannelSpec.fresh("receiver-hung", ChannelType.CHANNEL, IpcWaitStrategy.AUTO,
                ChannelSpec.SMALL_RING, 4 << 20);
        long timeoutMs = 200;
        ChildJvm hung = null;
        ChildJvm reader = null;
        try (IpcChannel sender = new IpcChannel(ChannelType.CHANNEL, spec.name(), spec.options(), ConnMode.SENDER)) {
            hung = Children.start(spec.args("receiver", "count=" + Integer.MAX_VALUE, "stallAfter=0"));
            reader = Children.start(spec.args("receiver", "count=1"));
            await(hung, "STALLED");
            await(reader, "READY");
            // 2 MiB: 32 rings of 64 KiB.
            byte[] message = Payloads.make(0, 0, 2 << 20);
            Digest sent = new Digest();
            sent.add(message);
            long t0 = System.nanoTime();
            sender.send(message, timeoutMs);
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(Children.result(reader)).as(reader.describe())
                    .containsEntry("count", "1").containsEntry("crc", sent.hex()).containsEntry("lost", "0");
            assertThat(elapsedMs).as("send(2 MiB, timeoutMs=%d) behind a hung receiver took %d ms", timeoutMs, elapsedMs)
                    .isLessThan(timeoutMs + 2000);
        } finally {
            Children.closeAll(hung, reader);
            TestChannels.clear(spec.name());
        }
    }

    private static void closeAll(List<IpcChannel> channels) {
        channels.forEach(IpcChannel::close);
        channels.clear();
    }
}
