package io.libipc.spring.reply;

import io.libipc.IpcException;
import io.libipc.IpcStatus;
import io.libipc.spring.core.IpcChannelBindings;
import io.libipc.spring.core.IpcChannelStatistics;
import io.libipc.spring.core.IpcRemoteException;
import io.libipc.spring.core.IpcReplyTimeoutException;
import io.libipc.spring.core.IpcTemplate;
import io.libipc.spring.metrics.IpcMetrics;
import io.libipc.support.ChildJvm;
import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.libipc.spring.reply.ReplyProcesses.PATIENCE;
import static io.libipc.spring.reply.ReplyProcesses.awaitLine;
import static io.libipc.spring.reply.ReplyProcesses.counter;
import static io.libipc.spring.reply.ReplyProcesses.tell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Request/reply between Spring Boot applications in different JVMs, over real shared memory: a
 * {@link ReplierApplication} child whose {@code @IpcListener} return values are the replies,
 * asked by a {@link RequesterApplication} child and by a context in this JVM. Proves that 1,000
 * requests from 8 threads at once each get their own reply (byte[], String, a JSON record), and
 * each error case with its exception, its message and its time bound: no replier fails at once; a
 * slow replier times its caller out and its late reply is counted, never given to the next caller;
 * the replier's exception arrives with its class and message; on a broadcast channel with two
 * repliers the first reply wins and the other is counted late.
 */
@ExtendWith(NoLeftoverStorage.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class RequestReplyAcrossProcessesTest {

    /** The margin a call may take beyond its timeout on a loaded 2-core machine. */
    private static final Duration MARGIN = Duration.ofSeconds(2);

    private final String bytes = TestChannels.uniqueName("rr-bytes");
    private final String text = TestChannels.uniqueName("rr-text");
    private final String orders = TestChannels.uniqueName("rr-orders");
    private final String slow = TestChannels.uniqueName("rr-slow");
    private final String fails = TestChannels.uniqueName("rr-fails");
    private final String broadcast = TestChannels.uniqueName("rr-broadcast");
    private final String nobody = TestChannels.uniqueName("rr-nobody");
    private final List<String> answered = List.of(bytes, text, orders, slow, fails, broadcast);
    private final List<String> cleared = new ArrayList<>();
    private ChildJvm replier;

    @BeforeAll
    void startReplier() {
        replier = ReplyProcesses.startReplier(List.of("test.bytes=" + bytes, "test.text=" + text,
                "test.orders=" + orders, "test.slow=" + slow, "test.fails=" + fails, "test.broadcast=" + broadcast,
                "test.replier-id=A"), answered, List.of());
        cleared.addAll(answered);
        cleared.add(nobody);
    }

    @AfterAll
    void stopReplier() {
        try {
            tell(replier, "EXIT");
            awaitLine(replier, "CLOSED");
            assertThat(replier.awaitExit(PATIENCE)).as("replier exit code" + replier.describe()).isZero();
        } finally {
            replier.close();
            cleared.forEach(TestChannels::clear);
        }
    }

    /** Each requesting context creates the storage of the channel nobody receives on. */
    @AfterEach
    void clearUnanswered() {
        TestChannels.clear(nobody);
    }

    /** A requesting context in this JVM with its own reply channel. */
    private ApplicationContextRunner requester() {
        String replies = TestChannels.uniqueName("rr-replies");
        cleared.add(replies);
        List<String> sending = new ArrayList<>(answered);
        sending.add(nobody);
        return ReplyProcesses.context(List.of(), sending)
                .withPropertyValues("ipc.reply-channel=" + replies, "ipc.reply-timeout=10s");
    }

    @Test
    void aThousandRequestsFromEightThreadsAtOnceEachGetTheirOwnReply() {
        String name = TestChannels.uniqueName("rr-load");
        cleared.add(name + ".replies");
        try (ChildJvm requester = ReplyProcesses.startRequester(name, List.of(bytes, text, orders))) {
            for (String channel : List.of(bytes, text, orders)) {
                tell(requester, "WAIT " + channel + " 1");
                awaitLine(requester, "RECEIVERS " + channel);
            }
            tell(requester, "LOAD " + bytes + " bytes 1000 8");
            assertThat(awaitLine(requester, "LOADED bytes")).isEqualTo("LOADED bytes ok=1000 wrong=0 failed=0 first=none");
            tell(requester, "LOAD " + text + " text 1000 8");
            assertThat(awaitLine(requester, "LOADED text")).isEqualTo("LOADED text ok=1000 wrong=0 failed=0 first=none");
            tell(requester, "LOAD " + orders + " orders 1000 8");
            assertThat(awaitLine(requester, "LOADED orders")).isEqualTo("LOADED orders ok=1000 wrong=0 failed=0 first=none");

            tell(requester, "EXIT");
            awaitLine(requester, "CLOSED");
            assertThat(requester.awaitExit(PATIENCE)).as("requester exit code" + requester.describe()).isZero();
        }
    }

    @Test
    void withoutAReplierARequestFailsAtOnceWithSendFailed() {
        requester().run(context -> {
            IpcTemplate ipc = context.getBean(IpcTemplate.class);
            long start = System.nanoTime();
            assertThatThrownBy(() -> ipc.sendAndReceive(nobody, "anyone?", String.class, Duration.ofSeconds(10)))
                    .isInstanceOfSatisfying(IpcException.class, e -> {
                        assertThat(e.status()).isEqualTo(IpcStatus.ERROR_SEND_FAILED);
                        assertThat(e.getMessage()).contains(nobody);
                    });
            // At once: not the 10 s reply timeout.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(MARGIN);
            assertThat(requests(context, nobody, "error")).isEqualTo(1);
        });
    }

    @Test
    void aSlowReplierTimesItsCallerOutAndItsLateReplyIsCountedNeverGivenToTheNextCaller() {
        requester().run(context -> {
            IpcTemplate ipc = context.getBean(IpcTemplate.class);
            assertThat(ipc.waitForReceivers(slow, 1, PATIENCE)).isTrue();
            Duration timeout = Duration.ofMillis(300);
            long start = System.nanoTime();
            assertThatThrownBy(() -> ipc.sendAndReceive(slow, "hold:1500:late", String.class, timeout))
                    .isInstanceOfSatisfying(IpcReplyTimeoutException.class, e -> {
                        assertThat(e.getMessage()).contains("'" + slow + "'", "timeout=PT0.3S");
                        assertThat(e.getChannel()).isEqualTo(slow);
                        assertThat(e.getTimeout()).isEqualTo(timeout);
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plus(MARGIN));

            // Asked while the late reply is still on its way: the replier answers in order, so the
            // late reply reaches the reply channel first, and this caller still gets its own.
            assertThat(ipc.sendAndReceive(slow, "hold:0:next", String.class)).isEqualTo("held:next");
            IpcChannelStatistics stats = stats(context, slow);
            await().atMost(PATIENCE).until(() -> stats.lateReplies() == 1);
            assertThat(counter(context, IpcMetrics.LATE_REPLIES, "channel", slow)).isEqualTo(1);
            assertThat(requests(context, slow, "timeout")).isEqualTo(1);
            assertThat(requests(context, slow, "success")).isEqualTo(1);
        });
    }

    @Test
    void theRepliersExceptionReachesTheCallerWithItsClassAndMessage() {
        requester().run(context -> {
            IpcTemplate ipc = context.getBean(IpcTemplate.class);
            assertThat(ipc.waitForReceivers(fails, 1, PATIENCE)).isTrue();
            long start = System.nanoTime();
            assertThatThrownBy(() -> ipc.sendAndReceive(fails, "order-7", String.class, Duration.ofSeconds(10)))
                    .isInstanceOfSatisfying(IpcRemoteException.class, e -> {
                        assertThat(e.getRemoteExceptionClass()).isEqualTo(IllegalStateException.class.getName());
                        assertThat(e.getRemoteMessage()).isEqualTo("cannot bill order-7");
                        assertThat(e.getMessage()).contains("'" + fails + "'", "java.lang.IllegalStateException",
                                "cannot bill order-7");
                    });
            // As soon as the replier answered, not at the timeout.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(requests(context, fails, "error")).isEqualTo(1);
        });
    }

    @Test
    void onABroadcastChannelWithTwoRepliersTheFirstReplyWinsAndTheOtherIsCountedLate() {
        try (ChildJvm second = ReplyProcesses.startReplier(List.of("test.broadcast=" + broadcast, "test.replier-id=B"),
                List.of(broadcast), List.of())) {
            requester().run(context -> {
                IpcTemplate ipc = context.getBean(IpcTemplate.class);
                assertThat(ipc.waitForReceivers(broadcast, 2, PATIENCE)).isTrue();
                for (int i = 0; i < 3; i++) {
                    assertThat(ipc.sendAndReceive(broadcast, "q" + i, String.class)).isIn("A:q" + i, "B:q" + i);
                }
                IpcChannelStatistics stats = stats(context, broadcast);
                await().atMost(PATIENCE).until(() -> stats.lateReplies() == 3);
                assertThat(counter(context, IpcMetrics.LATE_REPLIES, "channel", broadcast)).isEqualTo(3);
                assertThat(requests(context, broadcast, "success")).isEqualTo(3);
            });
            tell(second, "EXIT");
            awaitLine(second, "CLOSED");
        }
    }

    private static IpcChannelStatistics stats(ApplicationContext context, String channel) {
        return context.getBean(IpcChannelBindings.class).get(channel).statistics();
    }

    /** The count of {@code ipc.requests{channel, outcome}}, read through the meter registry. */
    private static double requests(ApplicationContext context, String channel, String outcome) {
        return context.getBean(MeterRegistry.class).get(IpcMetrics.REQUESTS).tags("channel", channel, "outcome", outcome)
                .functionTimer().count();
    }
}
