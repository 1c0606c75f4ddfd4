package io.libipc.spring.endpoint;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.spring.annotation.IpcListener;
import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /actuator/ipc} over real HTTP from a running web application: the channels (type, modes,
 * receivers, capacity, backlog, lost messages, storage file) and listeners (channel, running, and
 * their counts); a {@code POST} that stops a listener by id (its messages are then counted as
 * dropped while the channel goes on), and one that starts it again (it receives again); an unknown
 * id refused with 400. Exposed only because the test lists it: by default it is not
 * ({@code IpcEndpointAutoConfigurationTest}).
 */
@ExtendWith(NoLeftoverStorage.class)
@Timeout(120)
class IpcEndpointTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String in = TestChannels.uniqueName("endpoint-in");
    private final String out = TestChannels.uniqueName("endpoint-out");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(PATIENCE).build();

    /** The application: everything auto-configured, channels from properties, one listener. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        Collector collector() {
            return new Collector();
        }
    }

    /** Collects what the in channel brings. */
    static final class Collector {
        final List<String> received = new CopyOnWriteArrayList<>();

        @IpcListener(channel = "${test.in}", id = "collector", concurrency = "1")
        void onMessage(String text) {
            received.add(text);
        }
    }

    /** A status code and the parsed body of one response. */
    record Response(int status, JsonNode body) {
    }

    @AfterEach
    void clear() {
        TestChannels.clear(in);
        TestChannels.clear(out);
    }

    @Test
    void theEndpointShowsChannelsAndListenersAndStopsAndStartsAListenerById() throws Exception {
        try (ConfigurableApplicationContext app = start();
             IpcChannel sender = new IpcChannel(ChannelType.CHANNEL, in, TestChannels.options(), ConnMode.SENDER);
             IpcChannel receiver = new IpcChannel(ChannelType.CHANNEL, out, TestChannels.options(), ConnMode.RECEIVER)) {
            Collector collector = app.getBean(Collector.class);
            assertThat(sender.waitForReceivers(1, PATIENCE.toMillis())).isTrue();
            sender.send(bytes("one"));
            await().atMost(PATIENCE).until(() -> collector.received.size() == 1);

            Response read = get(app, "/actuator/ipc");
            assertThat(read.status()).as("%s", read.body()).isEqualTo(200);
            JsonNode inChannel = read.body().path("channels").path(in);
            assertThat(inChannel.path("type").asString()).isEqualTo("CHANNEL");
            assertThat(inChannel.path("modes").asString()).isEqualTo("[RECEIVER]");
            assertThat(inChannel.path("state").asString()).isEqualTo("connected");
            assertThat(inChannel.path("capacity").asInt()).isEqualTo(4096);
            assertThat(inChannel.path("lostMessages").asLong()).isZero();
            assertThat(inChannel.path("storage").asString()).endsWith(TestChannels.PREFIX + in);
            JsonNode outChannel = read.body().path("channels").path(out);
            assertThat(outChannel.path("modes").asString()).isEqualTo("[SENDER]");
            assertThat(outChannel.path("receivers").asInt()).isEqualTo(1);
            assertThat(outChannel.path("backlogBytes").asLong()).isZero();
            JsonNode listener = read.body().path("listeners").path("collector");
            assertThat(listener.path("channel").asString()).isEqualTo(in);
            assertThat(listener.path("running").asBoolean()).isTrue();
            assertThat(listener.path("threads").asInt()).isEqualTo(1);

            Response stopped = post(app, "/actuator/ipc/collector", "{\"running\":false}");
            assertThat(stopped.status()).as("%s", stopped.body()).isEqualTo(200);
            assertThat(stopped.body().path("running").asBoolean()).isFalse();
            sender.send(bytes("missed"));
            await().atMost(PATIENCE).until(() -> get(app, "/actuator/ipc").body()
                    .path("listeners").path("collector").path("dropped").asLong() == 1);
            assertThat(get(app, "/actuator/ipc").body().path("listeners").path("collector").path("running").asBoolean()).isFalse();

            Response started = post(app, "/actuator/ipc/collector", "{\"running\":true}");
            assertThat(started.status()).as("%s", started.body()).isEqualTo(200);
            assertThat(started.body().path("running").asBoolean()).isTrue();
            sender.send(bytes("two"));
            await().atMost(PATIENCE).until(() -> collector.received.size() == 2);
            assertThat(collector.received).containsExactly("one", "two");

            Response unknown = post(app, "/actuator/ipc/nobody", "{\"running\":false}");
            assertThat(unknown.status()).as("%s", unknown.body()).isEqualTo(400);
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(App.class)
                .properties("server.port=0", "spring.main.banner-mode=off", "spring.jmx.enabled=false",
                        "management.endpoints.web.exposure.include=ipc",
                        "test.in=" + in,
                        "ipc.name-prefix=" + TestChannels.PREFIX,
                        "ipc.channels." + in + ".mode=receiver",
                        "ipc.channels." + in + ".capacity=4KB",
                        "ipc.channels." + in + ".receive-timeout=100ms",
                        "ipc.channels." + out + ".mode=sender")
                .run();
    }

    private Response get(ConfigurableApplicationContext app, String path) throws IOException, InterruptedException {
        return send(app, HttpRequest.newBuilder(uri(app, path)).timeout(PATIENCE).GET().build());
    }

    private Response post(ConfigurableApplicationContext app, String path, String body)
            throws IOException, InterruptedException {
        return send(app, HttpRequest.newBuilder(uri(app, path)).timeout(PATIENCE)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private Response send(ConfigurableApplicationContext app, HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.body().isEmpty() ? JSON.missingNode() : JSON.readTree(response.body());
        return new Response(response.statusCode(), body);
    }

    private static URI uri(ConfigurableApplicationContext app, String path) {
        return URI.create("http://localhost:" + app.getEnvironment().getRequiredProperty("local.server.port") + path);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
