package io.libipc.backend.libipc;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.backend.libipc.support.CppPeer;
import io.libipc.backend.libipc.support.LibipcChannels;
import io.libipc.backend.libipc.support.LibipcHome;
import io.libipc.backend.libipc.support.PeerPattern;
import io.libipc.spring.annotation.IpcListener;
import io.libipc.spring.core.IpcTemplate;
import io.libipc.spring.metrics.IpcMetrics;
import io.libipc.spring.support.IpcHeaders;
import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring Boot web application with one native and two libipc channels in one context, against
 * real C++ peers on cpp-ipc: a C++ sender reaches an {@code @IpcListener} and a Spring Integration
 * flow on the inbound channel (raw payloads, every message whole and in order, no lost-count
 * header); {@code IpcTemplate} and the outbound adapter, interleaved, reach a C++ receiver (its
 * digest equals the sender's); the native channel works beside them; meters count both sides and
 * leave out what libipc cannot count (lost messages, backlog); {@code /actuator/health/ipc} over
 * real HTTP shows each channel's backend, and a backlog only for the native one.
 */
@ExtendWith({LibipcHome.class, LibipcChannels.class, NoLeftoverStorage.class})
@Timeout(180)
class LibipcSpringApplicationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String SIZES = "1,64,65,4096,70000";
    private static final int COUNT = 300;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String fromCpp = LibipcChannels.uniqueName("spring-from-cpp");
    private final String toCpp = LibipcChannels.uniqueName("spring-to-cpp");
    private final String nativeIn = TestChannels.uniqueName("spring-native");

    /** The application: everything auto-configured, channels from properties. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        final BlockingQueue<Message<byte[]>> fromListener = new LinkedBlockingQueue<>();
        final List<byte[]> fromFlow = new CopyOnWriteArrayList<>();
        final BlockingQueue<String> nativeMessages = new LinkedBlockingQueue<>();

        @IpcListener(channel = "${test.from-cpp}")
        void onCppMessage(Message<byte[]> message) {
            fromListener.add(message);
        }

        @IpcListener(channel = "${test.native}")
        void onNativeMessage(String text) {
            nativeMessages.add(text);
        }

        @Bean
        IntegrationFlow fromCppFlow(@Value("${test.from-cpp}") String channel) {
            return IntegrationFlow.from("ipc." + channel + ".inbound")
                    .handle(byte[].class, (payload, headers) -> {
                        fromFlow.add(payload);
                        return null;
                    })
                    .get();
        }
    }

    @AfterEach
    void clearNativeStorage() {
        // A native channel's storage outlives its handles (the seed's semantics); cpp-ipc's go with LibipcChannels.
        TestChannels.clear(nativeIn);
    }

    @Test
    void aNativeAndTwoLibipcChannelsWorkSideBySideWithListenersTemplateAdaptersMetersAndHealth() throws Exception {
        try (ConfigurableApplicationContext context = start();
             CppPeer cppReceiver = CppPeer.start("recv", "channel", toCpp, String.valueOf(COUNT), "--sizes", SIZES,
                     "--timeout-ms", "20000")) {
            App app = context.getBean(App.class);
            cppReceiver.awaitLine("READY", PATIENCE);

            // C++ -> Spring: the listener and the flow each get every message, whole and in order.
            PeerPattern.Digest expected = new PeerPattern.Digest();
            int[] sizes = PeerPattern.sizes(SIZES);
            for (int k = 0; k < COUNT; k++) {
                expected.add(PeerPattern.message(k, sizes[k % sizes.length]));
            }
            try (CppPeer cppSender = CppPeer.start("send", "channel", fromCpp, String.valueOf(COUNT), SIZES,
                    "--wait-receivers", "1", "--timeout-ms", "5000")) {
                assertThat(cppSender.awaitWords("SENT", PATIENCE)).as(cppSender.describe())
                        .containsExactly("SENT", String.valueOf(COUNT), expected.hex(), "0");
            }
            PeerPattern.Digest viaListener = new PeerPattern.Digest();
            for (int k = 0; k < COUNT; k++) {
                Message<byte[]> m = app.fromListener.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                assertThat(m).as("message %d of %d reached the listener", k, COUNT).isNotNull();
                assertThat(PeerPattern.matches(m.getPayload(), k)).as("message %d is whole", k).isTrue();
                assertThat(m.getHeaders()).containsEntry(IpcHeaders.CHANNEL, fromCpp)
                        .containsEntry(IpcHeaders.RAW_SIZE, m.getPayload().length)
                        .doesNotContainKey(IpcHeaders.LOST_MESSAGES);
                viaListener.add(m.getPayload());
            }
            assertThat(viaListener.hex()).isEqualTo(expected.hex());
            Awaitility.await().atMost(PATIENCE).until(() -> app.fromFlow.size() == COUNT);
            PeerPattern.Digest viaFlow = new PeerPattern.Digest();
            app.fromFlow.forEach(viaFlow::add);
            assertThat(viaFlow.hex()).isEqualTo(expected.hex());

            // Spring -> C++: the template and the outbound adapter, taking turns, in order.
            IpcTemplate template = context.getBean(IpcTemplate.class);
            MessageChannel outbound = context.getBean("ipc." + toCpp + ".outbound", MessageChannel.class);
            assertThat(template.waitForReceivers(toCpp, 1, PATIENCE)).isTrue();
            assertThat(template.receiverCount(toCpp)).isEqualTo(1);
            for (int k = 0; k < COUNT; k++) {
                byte[] m = PeerPattern.message(k, sizes[k % sizes.length]);
                if (k % 2 == 0) {
                    template.send(toCpp, m);
                } else {
                    assertThat(outbound.send(MessageBuilder.withPayload(m).build())).isTrue();
                }
            }
            assertThat(cppReceiver.awaitWords("RECEIVED", PATIENCE)).as(cppReceiver.describe())
                    .containsExactly("RECEIVED", String.valueOf(COUNT), expected.hex(), "0");
            assertThat(cppReceiver.awaitExit(PATIENCE)).isZero();

            // The native channel beside them, from a core sender of this JVM.
            try (IpcChannel nativeSender = new IpcChannel(ChannelType.CHANNEL, nativeIn, TestChannels.options(),
                    ConnMode.SENDER)) {
                assertThat(nativeSender.waitForReceivers(1, PATIENCE.toMillis())).isTrue();
                nativeSender.send("native hello".getBytes(StandardCharsets.UTF_8));
                assertThat(app.nativeMessages.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                        .isEqualTo("native hello");

                assertMeters(context.getBean(MeterRegistry.class));
                assertHealth(context);
            }
        }
    }

    private void assertMeters(MeterRegistry registry) {
        assertThat(registry.get(IpcMetrics.RECEIVED).tag("channel", fromCpp).functionCounter().count()).isEqualTo(COUNT);
        assertThat(registry.get(IpcMetrics.SENT).tag("channel", toCpp).functionCounter().count()).isEqualTo(COUNT);
        assertThat(registry.get(IpcMetrics.RECEIVED).tag("channel", nativeIn).functionCounter().count()).isEqualTo(1);
        // libipc counts no loss and tells no backlog: those meters are left out, not made up.
        for (String libipc : List.of(fromCpp, toCpp)) {
            assertThat(registry.find(IpcMetrics.LOST).tag("channel", libipc).functionCounter()).isNull();
            assertThat(registry.find(IpcMetrics.BACKLOG).tag("channel", libipc).gauge()).isNull();
        }
        assertThat(registry.find(IpcMetrics.LOST).tag("channel", nativeIn).functionCounter()).isNotNull();
        assertThat(registry.find(IpcMetrics.BACKLOG).tag("channel", nativeIn).gauge()).isNotNull();
        // The C++ receiver is gone: the gauge reads what cpp-ipc counts now.
        Awaitility.await().atMost(PATIENCE)
                .until(() -> registry.get(IpcMetrics.RECEIVERS).tag("channel", toCpp).gauge().value() == 0);
    }

    private void assertHealth(ConfigurableApplicationContext context) throws Exception {
        String port = context.getEnvironment().getRequiredProperty("local.server.port");
        HttpClient http = HttpClient.newBuilder().connectTimeout(PATIENCE).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/health/ipc")).timeout(PATIENCE).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        assertThat(response.statusCode()).as("%s", body).isEqualTo(200);
        assertThat(body.path("status").asString()).isEqualTo("UP");
        JsonNode fromCppDetails = body.path("components").path(fromCpp).path("details");
        assertThat(fromCppDetails.path("backend").asString()).as("%s", body).isEqualTo("LIBIPC");
        assertThat(fromCppDetails.has("backlogBytes")).as("%s", fromCppDetails).isFalse();
        assertThat(fromCppDetails.has("lostMessages")).as("%s", fromCppDetails).isFalse();
        assertThat(body.path("components").path(toCpp).path("details").path("backend").asString()).isEqualTo("LIBIPC");
        JsonNode nativeDetails = body.path("components").path(nativeIn).path("details");
        assertThat(nativeDetails.path("backend").asString()).isEqualTo("NATIVE");
        assertThat(nativeDetails.has("backlogBytes")).as("%s", nativeDetails).isTrue();
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(App.class)
                .properties("server.port=0", "spring.main.banner-mode=off", "spring.jmx.enabled=false",
                        "management.endpoints.web.exposure.include=health",
                        "management.endpoint.health.show-details=always",
                        "ipc.name-prefix=" + TestChannels.PREFIX,
                        "test.from-cpp=" + fromCpp,
                        "test.native=" + nativeIn,
                        "ipc.channels." + fromCpp + ".backend=libipc",
                        "ipc.channels." + fromCpp + ".mode=receiver",
                        "ipc.channels." + fromCpp + ".receive-timeout=100ms",
                        "ipc.channels." + toCpp + ".backend=libipc",
                        "ipc.channels." + toCpp + ".mode=sender",
                        "ipc.channels." + toCpp + ".send-timeout=5s",
                        "ipc.channels." + nativeIn + ".mode=receiver",
                        "ipc.channels." + nativeIn + ".receive-timeout=100ms")
                .run();
    }
}
