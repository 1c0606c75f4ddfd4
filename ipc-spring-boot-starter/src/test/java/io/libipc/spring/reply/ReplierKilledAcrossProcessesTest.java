package io.libipc.spring.reply;

import io.libipc.IpcException;
import io.libipc.IpcStatus;
import io.libipc.spring.core.IpcReplyTimeoutException;
import io.libipc.spring.core.IpcTemplate;
import io.libipc.support.ChildJvm;
import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.libipc.spring.reply.ReplyProcesses.PATIENCE;
import static io.libipc.spring.reply.ReplyProcesses.awaitLine;
import static io.libipc.spring.reply.ReplyProcesses.tell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * The replying Spring Boot application ({@link ReplierApplication} in a child JVM) killed with
 * kill -9 in the middle of a stream of requests from a context in this JVM. Proves that the calls
 * in flight time out cleanly within their timeout (a margin allowed), that calls made after the
 * kill fail at once with ERROR_SEND_FAILED (the requester notices the dead replier rather than wait
 * a timeout for it), that no call hangs or gets a wrong reply, and that a new replier started by
 * the test answers the next requests.
 */
@ExtendWith(NoLeftoverStorage.class)
@Timeout(120)
class ReplierKilledAcrossProcessesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final Duration HOLD_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration MARGIN = Duration.ofSeconds(2);
    private static final int STREAMS = 3;

    /** One call of the stream: when it started, how long it took, what it got. */
    record Call(long startNanos, long nanos, String request, Object outcome) {
    }

    private final String bytes = TestChannels.uniqueName("rx-bytes");
    private final String text = TestChannels.uniqueName("rx-text");
    private final String orders = TestChannels.uniqueName("rx-orders");
    private final String slow = TestChannels.uniqueName("rx-slow");
    private final String fails = TestChannels.uniqueName("rx-fails");
    private final String replies = TestChannels.uniqueName("rx-replies");
    private final List<String> channels = List.of(bytes, text, orders, slow, fails);

    @AfterEach
    void clear() {
        channels.forEach(TestChannels::clear);
        TestChannels.clear(replies);
    }

    private ChildJvm startReplier() {
        return ReplyProcesses.startReplier(List.of("test.bytes=" + bytes, "test.text=" + text, "test.orders=" + orders,
                "test.slow=" + slow, "test.fails=" + fails), channels, List.of());
    }

    @Test
    void callersOfAKilledReplierTimeOutOrFailAtOnceAndANewReplierAnswersTheNextRequests() throws Exception {
        ChildJvm first = startReplier();
        try {
            ReplyProcesses.context(List.of(), channels).withPropertyValues("ipc.reply-channel=" + replies).run(context -> {
                IpcTemplate ipc = context.getBean(IpcTemplate.class);
                assertThat(ipc.waitForReceivers(text, 1, PATIENCE)).isTrue();
                assertThat(ipc.waitForReceivers(slow, 1, PATIENCE)).isTrue();

                AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
                List<Call> calls = new CopyOnWriteArrayList<>();
                List<Thread> streams = new ArrayList<>();
                for (int t = 0; t < STREAMS; t++) {
                    int stream = t;
                    Thread thread = new Thread(() -> stream(ipc, stream, calls, killedAt), "stream-" + t);
                    thread.start();
                    streams.add(thread);
                }
                await().atMost(PATIENCE).until(() -> calls.stream().filter(c -> c.outcome() instanceof String).count() >= 30);

                long holdStart = System.nanoTime();
                CompletableFuture<String> hold = ipc.sendAndReceiveAsync(slow, "hold:30000:inflight", String.class,
                        HOLD_TIMEOUT);
                awaitLine(first, "HANDLING inflight");
                first.kill();
                killedAt.set(System.nanoTime());

                // In flight when the replier died: a clean timeout, within its timeout and a margin.
                try {
                    hold.get(HOLD_TIMEOUT.plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS);
                    fail("a reply from a killed replier");
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(IpcReplyTimeoutException.class).hasMessageContaining(slow);
                }
                assertThat(Duration.ofNanos(System.nanoTime() - holdStart)).isLessThan(HOLD_TIMEOUT.plus(MARGIN));
                for (Thread thread : streams) {
                    thread.join(PATIENCE.toMillis());
                    assertThat(thread.isAlive()).as("%s ended", thread.getName()).isFalse();
                }

                for (Call call : calls) {
                    assertThat(Duration.ofNanos(call.nanos())).as("call %s", call).isLessThan(TIMEOUT.plus(MARGIN));
                    if (call.startNanos() > killedAt.get()) {
                        // After the kill: nobody receives, and the requester knows it at once.
                        assertThat(call.outcome()).as("call %s", call).isInstanceOfSatisfying(IpcException.class,
                                e -> assertThat(e.status()).isEqualTo(IpcStatus.ERROR_SEND_FAILED));
                        assertThat(Duration.ofNanos(call.nanos())).as("call %s", call).isLessThan(MARGIN);
                    } else if (call.outcome() instanceof String reply) {
                        assertThat(reply).as("call %s", call).isEqualTo("echo:" + call.request());
                    } else {
                        assertThat(call.outcome()).as("call %s", call)
                                .isInstanceOfAny(IpcReplyTimeoutException.class, IpcException.class);
                    }
                }

                ChildJvm second = startReplier();
                try {
                    assertThat(ipc.waitForReceivers(text, 1, PATIENCE)).isTrue();
                    for (int i = 0; i < 10; i++) {
                        assertThat(ipc.sendAndReceive(text, "again-" + i, String.class)).isEqualTo("echo:again-" + i);
                    }
                    assertThat(ipc.sendAndReceive(slow, "hold:0:fresh", String.class)).isEqualTo("held:fresh");
                    tell(second, "EXIT");
                    awaitLine(second, "CLOSED");
                } finally {
                    second.close();
                }
            });
        } finally {
            first.close();
        }
    }

    /** Requests one after the other until the first one that started after the kill has ended. */
    private void stream(IpcTemplate ipc, int stream, List<Call> calls, AtomicLong killedAt) {
        for (int i = 0; ; i++) {
            String request = "s" + stream + "-" + i;
            long start = System.nanoTime();
            Object outcome;
            try {
                outcome = ipc.sendAndReceive(text, request, String.class, TIMEOUT);
            } catch (RuntimeException e) {
                outcome = e;
            }
            calls.add(new Call(start, System.nanoTime() - start, request, outcome));
            if (start > killedAt.get()) {
                return;
            }
        }
    }
}
