package io.libipc.spring.reply;

import io.libipc.spring.annotation.IpcListener;
import io.libipc.spring.core.IpcChannelBindings;
import io.libipc.spring.core.IpcChannelStatistics;
import io.libipc.spring.core.IpcTemplate;
import io.libipc.spring.metrics.IpcMetrics;
import io.libipc.support.ChildJvm;
import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.libipc.spring.reply.ReplyProcesses.PATIENCE;
import static io.libipc.spring.reply.ReplyProcesses.awaitLine;
import static io.libipc.spring.reply.ReplyProcesses.counter;
import static io.libipc.spring.reply.ReplyProcesses.tell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A requesting Spring Boot application in a child JVM ({@link RequesterApplication}) killed with
 * kill -9, and the replier in this JVM that outlives it. Proves that a reply to a dead requester
 * fails at once (no send timeout, no retry), is counted in {@code ipc.replies.failed}, and that the
 * listener goes on serving other requesters; and that a requester restarted under the same
 * {@code spring.application.name} takes over its reply file (exactly one
 * {@code <prefix><name>.replies} in the storage directory, answered again), which its clean
 * shutdown then removes.
 */
@ExtendWith(NoLeftoverStorage.class)
@Timeout(120)
class RequesterKilledAcrossProcessesTest {

    /** The replier's listeners: {@code hold} is answered only when the test releases it. */
    static final class Listeners {
        final CountDownLatch handling = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @IpcListener(channel = "${test.slow}", id = "slow")
        String hold(String request) throws InterruptedException {
            if (request.equals("hold")) {
                handling.countDown();
                // Bounded, so that a failed test still lets its context close.
                release.await(60, TimeUnit.SECONDS);
            }
            return "held:" + request;
        }

        @IpcListener(channel = "${test.text}", id = "text")
        String echo(String request) {
            return "echo:" + request;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ReplierConfig {
        @Bean
        Listeners listeners() {
            return new Listeners();
        }
    }

    private final String slow = TestChannels.uniqueName("rk-slow");
    private final String text = TestChannels.uniqueName("rk-text");
    private final List<String> cleared = new ArrayList<>(List.of(slow, text));

    @AfterEach
    void clear() {
        cleared.forEach(TestChannels::clear);
    }

    private ApplicationContextRunner replier() {
        return ReplyProcesses.context(List.of(slow, text), List.of()).withUserConfiguration(ReplierConfig.class)
                .withPropertyValues("test.slow=" + slow, "test.text=" + text);
    }

    /** Another requester, in this JVM. */
    private ApplicationContextRunner otherRequester() {
        String replies = TestChannels.uniqueName("rk-replies");
        cleared.add(replies);
        return ReplyProcesses.context(List.of(), List.of(slow, text)).withPropertyValues("ipc.reply-channel=" + replies);
    }

    @Test
    void aReplyToARequesterKilledWhileItsRequestWasHandledFailsAtOnceAndTheListenerServesTheNextRequester() {
        String name = TestChannels.uniqueName("rk-dying");
        // Killed, it cannot remove its reply channel.
        cleared.add(name + ".replies");
        replier().run(replying -> {
            Listeners listeners = replying.getBean(Listeners.class);
            IpcChannelStatistics stats = replying.getBean(IpcChannelBindings.class).get(slow).statistics();
            try (ChildJvm requester = ReplyProcesses.startRequester(name, List.of(slow, text))) {
                tell(requester, "WAIT " + slow + " 1");
                awaitLine(requester, "RECEIVERS");
                tell(requester, "ASYNC " + slow + " 60000 hold");
                awaitLine(requester, "SENT");
                assertThat(listeners.handling.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
                requester.kill();
            }

            long released = System.nanoTime();
            listeners.release.countDown();
            await().atMost(PATIENCE).until(() -> stats.failedReplies() == 1);
            // At once: the send found no receiver; it waited for no timeout and was not retried.
            assertThat(Duration.ofNanos(System.nanoTime() - released)).isLessThan(Duration.ofSeconds(3));
            assertThat(counter(replying, IpcMetrics.FAILED_REPLIES, "channel", slow)).isEqualTo(1);

            otherRequester().run(requesting -> {
                IpcTemplate ipc = requesting.getBean(IpcTemplate.class);
                assertThat(ipc.sendAndReceive(slow, "next", String.class)).isEqualTo("held:next");
                assertThat(ipc.sendAndReceive(text, "still here", String.class)).isEqualTo("echo:still here");
            });
            assertThat(stats.failedReplies()).isEqualTo(1);
        });
    }

    @Test
    void aRequesterRestartedUnderItsNameTakesOverItsOneReplyFileAndItsCleanShutdownRemovesIt() {
        String name = TestChannels.uniqueName("rk-restart");
        String replyFile = TestChannels.PREFIX + name + ".replies";
        cleared.add(name + ".replies");
        replier().run(replying -> {
            try (ChildJvm first = ReplyProcesses.startRequester(name, List.of(text))) {
                tell(first, "WAIT " + text + " 1");
                awaitLine(first, "RECEIVERS");
                tell(first, "ASK " + text + " 10000 hi");
                assertThat(awaitLine(first, "REPLY")).isEqualTo("REPLY echo:hi");
                first.kill();
            }
            assertThat(filesOf(name)).containsExactly(replyFile);

            // The replier goes on serving others.
            otherRequester().run(requesting -> assertThat(requesting.getBean(IpcTemplate.class)
                    .sendAndReceive(text, "others", String.class)).isEqualTo("echo:others"));

            try (ChildJvm second = ReplyProcesses.startRequester(name, List.of(text))) {
                tell(second, "WAIT " + text + " 1");
                awaitLine(second, "RECEIVERS");
                tell(second, "ASK " + text + " 10000 again");
                assertThat(awaitLine(second, "REPLY")).isEqualTo("REPLY echo:again");
                assertThat(filesOf(name)).as("the restarted requester's files").containsExactly(replyFile);

                tell(second, "EXIT");
                awaitLine(second, "CLOSED");
                assertThat(second.awaitExit(PATIENCE)).as("requester exit code" + second.describe()).isZero();
            }
            assertThat(filesOf(name)).as("after a clean shutdown").isEmpty();
            assertThat(replying.getBean(IpcChannelBindings.class).get(text).statistics().failedReplies()).isZero();
        });
    }

    /** The storage files of a requester: the test prefix, its name, a dot (the reply channel is {@code <name>.replies}). */
    private static List<String> filesOf(String name) {
        Path dir = TestChannels.options().storageDirectory();
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(f -> f.startsWith(TestChannels.PREFIX + name + ".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
