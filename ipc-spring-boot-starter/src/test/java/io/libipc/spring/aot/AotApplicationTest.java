package io.libipc.spring.aot;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.IpcOptions;
import io.libipc.support.ChildJvm;
import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.libipc.spring.support.IpcEmbeddedHeaders;
import org.springframework.messaging.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link AotTestApplication} (every kind of channel, a listener converting JSON, a template
 * sending with headers, a Spring Integration flow, meters, health) in a child JVM, once as a plain
 * application and once AOT-processed ({@link AotBuild}) and started with
 * {@code -Dspring.aot.enabled=true}: this JVM talks to it over real shared memory with the core
 * API, and both runs must behave alike. The AOT build saw one channel ({@code aot-build-only}) and
 * none of those the run gets on its command line: the AOT-processed application has exactly the
 * run's channels, so channels come from the run-time configuration, not from the build. The
 * build's native-image metadata holds the starter's hints.
 */
@ExtendWith(NoLeftoverStorage.class)
class AotApplicationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /** What the AOT processing of the application is given: a channel the run does not configure. */
    static final String[] BUILD_ARGUMENTS = {"--ipc.channels.aot-build-only.type=route"};

    private final String orders = TestChannels.uniqueName("aot-orders");
    private final String confirms = TestChannels.uniqueName("aot-confirms");
    private final String words = TestChannels.uniqueName("aot-words");
    private final String shout = TestChannels.uniqueName("aot-shout");
    private final String extra = TestChannels.uniqueName("aot-extra");

    @AfterEach
    void clear() {
        List.of(orders, confirms, words, shout, extra).forEach(TestChannels::clear);
    }

    @ParameterizedTest(name = "aot={0}")
    @ValueSource(booleans = {false, true})
    void everyKindOfChannelListenerFlowMeterAndHealthWorksAlikePlainAndAotProcessed(boolean aot) throws Exception {
        IpcOptions options = TestChannels.options();
        try (IpcChannel confirmsIn = new IpcChannel(ChannelType.CHANNEL, confirms, options, ConnMode.RECEIVER);
                IpcChannel shoutIn = new IpcChannel(ChannelType.ROUTE, shout, options, ConnMode.RECEIVER);
                ChildJvm app = start(aot)) {
            awaitLine(app, "READY");
            try (IpcChannel ordersOut = new IpcChannel(ChannelType.ROUTE, orders, options, ConnMode.SENDER);
                    IpcChannel wordsOut = new IpcChannel(ChannelType.CHANNEL, words, options, ConnMode.SENDER)) {
                assertThat(ordersOut.waitForReceivers(1, PATIENCE.toMillis())).as("the listener's receiver").isTrue();
                assertThat(wordsOut.waitForReceivers(1, PATIENCE.toMillis())).as("the flow's receiver").isTrue();
                ordersOut.send("{\"id\":\"A1\",\"quantity\":3}".getBytes(StandardCharsets.UTF_8));
                wordsOut.send("hello".getBytes(StandardCharsets.UTF_8));

                // The listener got the order as a record and answered through the template, with headers.
                Message<?> confirmation = IpcEmbeddedHeaders.mapper().toMessage(confirmsIn.receive(PATIENCE.toMillis()));
                assertThat(new String((byte[]) confirmation.getPayload(), StandardCharsets.UTF_8))
                        .isEqualTo("{\"id\":\"A1\",\"doubled\":6}");
                assertThat(confirmation.getHeaders()).containsEntry("orderId", "A1").containsEntry("from", orders);
                // The flow upper-cased the words.
                assertThat(new String(shoutIn.receive(PATIENCE.toMillis()), StandardCharsets.UTF_8)).isEqualTo("HELLO");
            }

            // The counters are updated just after a send or a receive returns: ask until they are.
            String expectedMeters = "METERS received=1 sent=1";
            List<String> report = new ArrayList<>();
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> {
                report.clear();
                report.addAll(report(app));
                return report.get(2).equals(expectedMeters);
            });
            assertThat(report.get(0)).isEqualTo("AOT " + aot);
            assertThat(report.get(1)).isEqualTo("CHANNELS " + String.join(" ",
                    List.of(confirms, extra, orders, shout, words).stream().sorted().map(n -> "ipc." + n + ".channel").toList()));
            assertThat(report.get(3)).isEqualTo("HEALTH " + String.join(" ", List.of(
                    confirms + "=UP", extra + "=UP", orders + "=UP", shout + "=UP", words + "=UP").stream().sorted().toList()));

            tell(app, "EXIT");
            awaitLine(app, "CLOSED");
            assertThat(app.awaitExit(PATIENCE)).as("exit code" + app.describe()).isZero();
        }
    }

    @Test
    void theAotBuildWritesTheStartersHintsIntoTheNativeImageMetadata() throws IOException {
        AotBuild build = AotBuild.of(AotTestApplication.class, BUILD_ARGUMENTS);
        JsonNode metadata = JsonMapper.builder().build().readTree(build.classPath().get(1)
                .resolve("META-INF/native-image/io.libipc/aot-tests/reachability-metadata.json").toFile());
        // The listener method and its JSON payload, through @Reflective on @IpcListener.
        assertThat(entry(metadata, "reflection", AotTestApplication.Orders.class.getName()).path("methods").toString())
                .contains("\"name\":\"on\"");
        assertThat(entry(metadata, "reflection", AotTestApplication.Order.class.getName()).path("allDeclaredConstructors")
                .asBoolean()).isTrue();
        // IpcRuntimeHints, through aot.factories.
        assertThat(entry(metadata, "jni", "com.sun.jna.Native").path("allDeclaredMethods").asBoolean()).isTrue();
        assertThat(entry(metadata, "jni", IpcRuntimeHints.FUTEX).path("allDeclaredMethods").asBoolean()).isTrue();
        assertThat(metadata.path("resources").toString()).contains("com/sun/jna/linux-x86-64/libjnidispatch.so");
    }

    private static JsonNode entry(JsonNode metadata, String kind, String type) {
        for (JsonNode entry : metadata.path(kind)) {
            if (entry.path("type").asString().equals(type)) {
                return entry;
            }
        }
        throw new AssertionError("no " + kind + " entry for " + type + " in " + metadata.path(kind));
    }

    private ChildJvm start(boolean aot) {
        String[] args = {
                "--test.orders=" + orders, "--test.confirms=" + confirms, "--test.words=" + words, "--test.shout=" + shout,
                "--ipc.name-prefix=" + TestChannels.PREFIX,
                "--ipc.channels." + orders + ".type=route", "--ipc.channels." + orders + ".mode=receiver",
                "--ipc.channels." + orders + ".receive-timeout=200ms",
                "--ipc.channels." + confirms + ".type=channel", "--ipc.channels." + confirms + ".mode=sender",
                "--ipc.channels." + confirms + ".payload-format=embedded-headers",
                "--ipc.channels." + words + ".type=channel", "--ipc.channels." + words + ".mode=both",
                "--ipc.channels." + words + ".receive-timeout=200ms",
                "--ipc.channels." + shout + ".type=route", "--ipc.channels." + shout + ".mode=sender",
                "--ipc.channels." + extra + ".type=route", "--ipc.channels." + extra + ".mode=receiver",
                "--ipc.channels." + extra + ".receive-timeout=200ms",
                "--logging.level.root=WARN",
        };
        if (!aot) {
            return ChildJvm.start(AotTestApplication.class, args);
        }
        AotBuild build = AotBuild.of(AotTestApplication.class, BUILD_ARGUMENTS);
        return ChildJvm.start(List.of(AotBuild.AOT_ENABLED), build.classPath(), AotTestApplication.class, args);
    }

    /** The four lines the application prints on REPORT: AOT, CHANNELS, METERS, HEALTH. */
    private static List<String> report(ChildJvm app) {
        tell(app, "REPORT");
        return List.of(awaitLine(app, "AOT "), awaitLine(app, "CHANNELS "), awaitLine(app, "METERS "),
                awaitLine(app, "HEALTH "));
    }

    private static String awaitLine(ChildJvm child, String prefix) {
        String line = child.awaitLine(l -> l.startsWith(prefix) || l.startsWith("ERROR") || l.startsWith("Exception"), PATIENCE);
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
