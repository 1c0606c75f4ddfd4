package io.libipc.spring.e2e;

import io.libipc.spring.annotation.IpcListener;
import io.libipc.spring.aot.AotBuild;
import io.libipc.spring.autoconfigure.IpcAutoConfiguration;
import io.libipc.spring.listener.IpcListenerErrorHandler;
import io.libipc.spring.listener.IpcListenerExecutionFailedException;
import io.libipc.spring.support.IpcHeaders;
import io.libipc.support.ChildJvm;
import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Headers;
import org.springframework.messaging.handler.annotation.Payload;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Spring Boot application in a child JVM ({@link SenderApplication}) sends with
 * {@code IpcTemplate} to {@code @IpcListener} methods of a context in this JVM, over real shared
 * memory: records as JSON, Strings and byte[] on raw channels, {@code Message}s with custom headers
 * on an embedded-headers channel. Proves that each listener gets each message converted to its
 * parameter type, that custom headers cross the process boundary next to {@code ipc_channel},
 * that a throwing listener goes to its named error handler while the next message still arrives,
 * and that the sending application closes and its JVM exits with status 0, leaving no storage.
 * The sender runs once as a plain application and once AOT-processed ({@link AotBuild},
 * {@code -Dspring.aot.enabled=true}).
 */
@ExtendWith(NoLeftoverStorage.class)
class SpringContextsAcrossProcessesTest {

    /** How long to wait for anything the child does: generous, for a loaded 2-core machine. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /** The receiving application's listeners; each records what it got, in order. */
    static final class Listeners {
        final List<Tick> ticks = new CopyOnWriteArrayList<>();
        final List<String> texts = new CopyOnWriteArrayList<>();
        final List<String> textChannels = new CopyOnWriteArrayList<>();
        final List<byte[]> bytes = new CopyOnWriteArrayList<>();
        final List<String> headerPayloads = new CopyOnWriteArrayList<>();
        final List<String> myHeaders = new CopyOnWriteArrayList<>();
        final List<Map<String, Object>> headerMaps = new CopyOnWriteArrayList<>();
        final List<Message<?>> messages = new CopyOnWriteArrayList<>();
        final List<IpcListenerExecutionFailedException> tickFailures = new CopyOnWriteArrayList<>();
        final List<Message<?>> failedMessages = new CopyOnWriteArrayList<>();

        @IpcListener(channel = "${test.ticks}", id = "ticks", errorHandler = "tickErrorHandler")
        void tick(Tick tick) {
            if (tick.symbol().equals("BOOM")) {
                throw new IllegalStateException("no BOOM please");
            }
            ticks.add(tick);
        }

        @IpcListener(channel = "${test.texts}", id = "text")
        void text(String text, @Header(IpcHeaders.CHANNEL) String channel) {
            texts.add(text);
            textChannels.add(channel);
        }

        @IpcListener(channel = "${test.texts}", id = "bytes")
        void bytes(byte[] data) {
            bytes.add(data);
        }

        @IpcListener(channel = "${test.headers}", id = "one-header")
        void oneHeader(@Payload String payload, @Header("myHeader") String myHeader) {
            headerPayloads.add(payload);
            myHeaders.add(myHeader);
        }

        @IpcListener(channel = "${test.headers}", id = "all-headers")
        void allHeaders(@Headers Map<String, Object> headers) {
            headerMaps.add(Map.copyOf(headers));
        }

        @IpcListener(channel = "${test.headers}", id = "message")
        void message(Message<?> message) {
            messages.add(message);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ReceiverConfig {
        @Bean
        Listeners listeners() {
            return new Listeners();
        }

        @Bean
        IpcListenerErrorHandler tickErrorHandler(Listeners listeners) {
            return (message, exception) -> {
                listeners.failedMessages.add(message);
                listeners.tickFailures.add(exception);
            };
        }
    }

    private final String ticks = TestChannels.uniqueName("e2e-ticks");
    private final String texts = TestChannels.uniqueName("e2e-texts");
    private final String headers = TestChannels.uniqueName("e2e-headers");

    @AfterEach
    void clear() {
        TestChannels.clear(ticks);
        TestChannels.clear(texts);
        TestChannels.clear(headers);
    }

    @ParameterizedTest(name = "aot child={0}")
    @ValueSource(booleans = {false, true})
    void listenersInThisJvmGetWhatASpringApplicationInAnotherJvmSends(boolean aotChild) {
        try (ChildJvm sender = startSender(aotChild)) {
            // The child starts first: its template must wait until our context has connected.
            assertThat(awaitLine(sender, "READY")).isEqualTo("READY aot=" + aotChild);

            receiver().run(context -> {
                Listeners listeners = context.getBean(Listeners.class);
                awaitLine(sender, "SENT");
                await().atMost(PATIENCE).until(() -> listeners.ticks.size() == 2 && listeners.bytes.size() == 2
                        && listeners.texts.size() == 2 && listeners.messages.size() == 2
                        && listeners.headerMaps.size() == 2 && listeners.headerPayloads.size() == 2);

                // A record as JSON; the listener threw on BOOM, its error handler got it, AFTER still came.
                assertThat(listeners.ticks).containsExactly(new Tick("ACME", 12.5), new Tick("AFTER", 13.25));
                assertThat(listeners.tickFailures).singleElement().satisfies(failure -> {
                    assertThat(failure.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("no BOOM please");
                });
                assertThat(listeners.failedMessages).singleElement().satisfies(failed -> {
                    assertThat(new String((byte[]) failed.getPayload(), StandardCharsets.UTF_8)).contains("\"BOOM\"");
                    assertThat(failed.getHeaders()).containsEntry(IpcHeaders.CHANNEL, ticks);
                });

                // One raw channel, two listeners: each gets both messages as its own parameter type.
                assertThat(listeners.bytes.get(0)).isEqualTo(SenderApplication.TEXT.getBytes(StandardCharsets.UTF_8));
                assertThat(listeners.bytes.get(1)).isEqualTo(SenderApplication.BINARY);
                assertThat(listeners.texts).containsExactly(SenderApplication.TEXT,
                        new String(SenderApplication.BINARY, StandardCharsets.UTF_8));
                assertThat(listeners.textChannels).containsOnly(texts);

                // Embedded headers: the sender's headers arrive with the payload, beside ipc_channel.
                assertThat(listeners.myHeaders).containsExactly("v1", "v2");
                assertThat(listeners.headerPayloads.get(0)).isEqualTo("with headers");
                assertThat(listeners.headerPayloads.get(1)).contains("\"symbol\":\"HDR\"").contains("\"price\":1.5");
                assertThat(listeners.headerMaps.get(0))
                        .containsEntry("myHeader", "v1")
                        .containsEntry("count", 42)
                        .containsEntry(IpcHeaders.CHANNEL, headers);
                assertThat(listeners.headerMaps.get(1))
                        .containsEntry("myHeader", "v2")
                        .doesNotContainKey("count")
                        .containsEntry(IpcHeaders.CHANNEL, headers);
                assertThat(listeners.messages).allSatisfy(m -> assertThat(m.getPayload()).isInstanceOf(byte[].class));
                assertThat(new String((byte[]) listeners.messages.get(0).getPayload(), StandardCharsets.UTF_8))
                        .isEqualTo("with headers");
                assertThat(listeners.messages.get(0).getHeaders())
                        .containsEntry("myHeader", "v1")
                        .containsEntry("count", 42)
                        .containsEntry(IpcHeaders.CHANNEL, headers)
                        .containsEntry(IpcHeaders.LOST_MESSAGES, 0L);

                tell(sender, "EXIT");
                awaitLine(sender, "CLOSED");
                assertThat(sender.awaitExit(PATIENCE)).as("sender exit code" + sender.describe()).isZero();
            });
        }
    }

    /**
     * The sending application, plain or AOT-processed; its AOT processing sees no channel at all,
     * so every channel it has comes from its run-time command line.
     */
    private ChildJvm startSender(boolean aot) {
        if (!aot) {
            return ChildJvm.start(SenderApplication.class, senderArgs());
        }
        AotBuild build = AotBuild.of(SenderApplication.class);
        return ChildJvm.start(List.of(AotBuild.AOT_ENABLED), build.classPath(), SenderApplication.class, senderArgs());
    }

    private ApplicationContextRunner receiver() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class,
                        JacksonAutoConfiguration.class, IpcAutoConfiguration.class))
                .withUserConfiguration(ReceiverConfig.class)
                .withPropertyValues("test.ticks=" + ticks, "test.texts=" + texts, "test.headers=" + headers,
                        "ipc.name-prefix=" + TestChannels.PREFIX,
                        "ipc.channels." + ticks + ".mode=receiver",
                        "ipc.channels." + ticks + ".receive-timeout=200ms",
                        "ipc.channels." + texts + ".mode=receiver",
                        "ipc.channels." + texts + ".receive-timeout=200ms",
                        "ipc.channels." + headers + ".mode=receiver",
                        "ipc.channels." + headers + ".receive-timeout=200ms",
                        "ipc.channels." + headers + ".payload-format=embedded-headers");
    }

    private String[] senderArgs() {
        return new String[] {
                "--test.ticks=" + ticks, "--test.texts=" + texts, "--test.headers=" + headers,
                "--ipc.name-prefix=" + TestChannels.PREFIX,
                "--ipc.channels." + ticks + ".mode=sender",
                "--ipc.channels." + texts + ".mode=sender",
                "--ipc.channels." + headers + ".mode=sender",
                "--ipc.channels." + headers + ".payload-format=embedded-headers",
                // Quiet: the test reads the child's standard output for its report lines.
                "--logging.level.root=WARN",
        };
    }

    /** Waits for a report line, failing at once when the child reports an error instead. */
    private static String awaitLine(ChildJvm child, String prefix) {
        String line = child.awaitLine(l -> l.startsWith(prefix) || l.startsWith("ERROR"), PATIENCE);
        assertThat(line).as("child's line while waiting for %s%s", prefix, child.describe()).startsWith(prefix);
        return line;
    }

    private static void tell(ChildJvm child, String command) {
        try {
            OutputStream in = child.process().getOutputStream();
            in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to child " + child.pid() + child.describe(), e);
        }
    }
}
