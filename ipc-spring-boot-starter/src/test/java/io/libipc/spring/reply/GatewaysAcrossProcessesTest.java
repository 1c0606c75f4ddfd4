package io.libipc.spring.reply;

import io.libipc.spring.annotation.IpcListener;
import io.libipc.spring.core.IpcOperations;
import io.libipc.spring.core.IpcRemoteException;
import io.libipc.spring.core.IpcTemplate;
import io.libipc.spring.integration.dsl.Ipc;
import io.libipc.support.ChildJvm;
import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.integration.dsl.IntegrationFlow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.libipc.spring.reply.ReplyProcesses.PATIENCE;
import static io.libipc.spring.reply.ReplyProcesses.awaitLine;
import static io.libipc.spring.reply.ReplyProcesses.tell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The Spring Integration gateways and {@code @SendTo} across processes: a flow in this JVM, started
 * by a messaging gateway, asks through {@code Ipc.outboundGateway}; the {@link ReplierApplication}
 * in a child JVM answers with an {@code Ipc.inboundGateway} flow ending in a transformer. Proves the
 * replies (also to concurrent callers), the replier flow's exception reaching the caller, and that a
 * listener's return value goes to its {@code @SendTo} channel for one-way messages but to the
 * requester for a request.
 */
@ExtendWith(NoLeftoverStorage.class)
@Timeout(120)
class GatewaysAcrossProcessesTest {

    /** The door into the requesting flow. */
    interface Shouting {
        String shout(String text);
    }

    /** The requesting flow, and a listener on the {@code @SendTo} channel of the other process. */
    @Configuration(proxyBeanMethods = false)
    static class RequesterConfig {
        @Bean
        IntegrationFlow shouting(IpcOperations ipc, Environment env) {
            return IntegrationFlow.from(Shouting.class)
                    .handle(Ipc.outboundGateway(ipc, env.getRequiredProperty("test.gateway"))
                            .expectedReplyType(String.class).replyTimeout(Duration.ofSeconds(20)))
                    .get();
        }

        @Bean
        SeenListener seenListener() {
            return new SeenListener();
        }
    }

    static final class SeenListener {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @IpcListener(channel = "${test.sendto-out}")
        void seen(String text) {
            seen.add(text);
        }
    }

    private final String gateway = TestChannels.uniqueName("gx-gateway");
    private final String sendToIn = TestChannels.uniqueName("gx-in");
    private final String sendToOut = TestChannels.uniqueName("gx-out");
    private final String replies = TestChannels.uniqueName("gx-replies");

    @AfterEach
    void clear() {
        for (String name : List.of(gateway, sendToIn, sendToOut, replies)) {
            TestChannels.clear(name);
        }
    }

    @Test
    void anOutboundGatewayFlowIsAnsweredByAnInboundGatewayFlowInAnotherProcessAndSendToCarriesOneWayResults() {
        List<String> properties = List.of("test.gateway=" + gateway, "test.sendto-in=" + sendToIn,
                "test.sendto-out=" + sendToOut);
        try (ChildJvm replier = ReplyProcesses.startReplier(properties, List.of(gateway, sendToIn), List.of(sendToOut))) {
            ReplyProcesses.context(List.of(sendToOut), List.of(gateway, sendToIn))
                    .withUserConfiguration(RequesterConfig.class)
                    .withPropertyValues(properties.toArray(String[]::new))
                    .withPropertyValues("ipc.reply-channel=" + replies)
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        IpcTemplate ipc = context.getBean(IpcTemplate.class);
                        assertThat(ipc.waitForReceivers(gateway, 1, PATIENCE)).isTrue();
                        Shouting shouting = context.getBean(Shouting.class);

                        assertThat(shouting.shout("hello")).isEqualTo("HELLO");
                        assertConcurrentCallersGetTheirOwnReplies(shouting);
                        assertThatThrownBy(() -> shouting.shout("boom")).isInstanceOfSatisfying(IpcRemoteException.class, e -> {
                            assertThat(e.getRemoteExceptionClass()).isEqualTo(IllegalArgumentException.class.getName());
                            assertThat(e.getRemoteMessage()).isEqualTo("no boom please");
                        });
                        assertThat(shouting.shout("after")).isEqualTo("AFTER");

                        // @SendTo for one-way messages; the requester gets a request's return value.
                        assertThat(ipc.waitForReceivers(sendToIn, 1, PATIENCE)).isTrue();
                        ipc.send(sendToIn, "a");
                        assertThat(ipc.sendAndReceive(sendToIn, "b", String.class)).isEqualTo("seen: b");
                        ipc.send(sendToIn, "c");
                        SeenListener listener = context.getBean(SeenListener.class);
                        await().atMost(PATIENCE).until(() -> listener.seen.size() >= 2);
                        assertThat(listener.seen).containsExactly("seen: a", "seen: c");
                    });
            tell(replier, "EXIT");
            awaitLine(replier, "CLOSED");
            assertThat(replier.awaitExit(PATIENCE)).as("replier exit code" + replier.describe()).isZero();
        }
    }

    private static void assertConcurrentCallersGetTheirOwnReplies(Shouting shouting) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> replies = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String text = "call-" + i;
                replies.add(pool.submit(() -> shouting.shout(text)));
            }
            for (int i = 0; i < replies.size(); i++) {
                assertThat(replies.get(i).get(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                        .isEqualTo(("call-" + i).toUpperCase(Locale.ROOT));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
