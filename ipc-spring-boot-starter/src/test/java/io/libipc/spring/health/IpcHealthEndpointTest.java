package io.libipc.spring.health;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.spring.core.IpcTemplate;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/health/ipc} and {@code /actuator/health/ipc/<channel>} over real HTTP from a
 * running web application: DOWN with HTTP 503 and the reason while a sending channel has no
 * receiver although receivers are required, then UP with every channel's details (type, receivers,
 * capacity, backlog, fill) once one arrives; 404 for a channel that is not configured; UP without
 * receivers by default; and DOWN with the reason once the channel's storage is cleared under the
 * running application.
 */
@ExtendWith(NoLeftoverStorage.class)
@Timeout(120)
class IpcHealthEndpointTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String out = TestChannels.uniqueName("health-out");
    private final String in = TestChannels.uniqueName("health-in");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(PATIENCE).build();
    private final List<IpcChannel> coreHandles = new ArrayList<>();

    /** The application: everything auto-configured, channels from properties. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    /** A status code and the parsed body of one response. */
    record Response(int status, JsonNode body) {
    }

    @AfterEach
    void clear() {
        coreHandles.forEach(IpcChannel::close);
        TestChannels.clear(out);
        TestChannels.clear(in);
    }

    @Test
    void aSenderIsDownUntilAReceiverArrivesWhenReceiversAreRequiredThenUpWithItsDetails() throws Exception {
        try (ConfigurableApplicationContext app = start("ipc.health.require-receivers=true")) {
            Response all = get(app, "/actuator/health/ipc");
            assertThat(all.status()).as("%s", all.body()).isEqualTo(503);
            assertThat(all.body().path("status").asString()).isEqualTo("DOWN");
            JsonNode outComponent = all.body().path("components").path(out);
            assertThat(outComponent.path("status").asString()).isEqualTo("DOWN");
            assertThat(outComponent.path("details").path("reason").asString()).contains("no receiver");
            assertThat(outComponent.path("details").path("receivers").asInt()).isZero();
            // Only sending channels need receivers.
            assertThat(all.body().path("components").path(in).path("status").asString()).isEqualTo("UP");
            Response one = get(app, "/actuator/health/ipc/" + out);
            assertThat(one.status()).isEqualTo(503);
            assertThat(one.body().path("details").path("reason").asString()).contains("no receiver");
            assertThat(get(app, "/actuator/health/ipc/" + in).status()).isEqualTo(200);

            // A receiver arrives: the next look says UP, with every channel's details.
            IpcChannel receiver = coreReceiver(out);
            all = get(app, "/actuator/health/ipc");
            assertThat(all.status()).as("%s", all.body()).isEqualTo(200);
            assertThat(all.body().path("status").asString()).isEqualTo("UP");
            outComponent = all.body().path("components").path(out);
            assertThat(outComponent.path("status").asString()).isEqualTo("UP");
            JsonNode outDetails = outComponent.path("details");
            assertThat(outDetails.has("reason")).isFalse();
            assertThat(outDetails.path("type").asString()).isEqualTo("CHANNEL");
            assertThat(outDetails.path("receivers").asInt()).isEqualTo(1);
            assertThat(outDetails.path("capacity").asInt()).isEqualTo(64 * 1024);
            assertThat(outDetails.path("backlogBytes").asLong()).isZero();
            assertThat(outDetails.path("fill").asDouble()).isZero();
            assertThat(outDetails.path("lostMessages").asLong()).isZero();
            JsonNode inComponent = all.body().path("components").path(in);
            assertThat(inComponent.path("status").asString()).isEqualTo("UP");
            assertThat(inComponent.path("details").path("capacity").asInt()).isEqualTo(4096);

            // A message the core receiver has not read yet shows as backlog and fill.
            app.getBean(IpcTemplate.class).send(out, new byte[16 * 1024]);
            one = get(app, "/actuator/health/ipc/" + out);
            assertThat(one.status()).as("%s", one.body()).isEqualTo(200);
            assertThat(one.body().path("status").asString()).isEqualTo("UP");
            long backlog = one.body().path("details").path("backlogBytes").asLong();
            assertThat(backlog).isGreaterThanOrEqualTo(16 * 1024).isLessThan(64 * 1024);
            assertThat(one.body().path("details").path("fill").asDouble())
                    .isEqualTo(Math.round(1000.0 * backlog / (64 * 1024)) / 1000.0).isGreaterThan(0.2);

            receiver.receive(PATIENCE.toMillis());
            assertThat(get(app, "/actuator/health/ipc/" + out).body().path("details").path("fill").asDouble()).isZero();

            // Only configured channels have a health.
            assertThat(get(app, "/actuator/health/ipc/no-such-channel").status()).isEqualTo(404);
        }
    }

    @Test
    void aSenderWithoutReceiversIsUpByDefaultAndDownOnceItsStorageIsClearedUnderTheRunningApplication() throws Exception {
        try (ConfigurableApplicationContext app = start()) {
            Response before = get(app, "/actuator/health/ipc");
            assertThat(before.status()).as("%s", before.body()).isEqualTo(200);
            assertThat(before.body().path("components").path(out).path("details").path("receivers").asInt()).isZero();

            IpcChannel.clearChannelStorage(out, TestChannels.options());

            Response all = get(app, "/actuator/health/ipc");
            assertThat(all.status()).as("%s", all.body()).isEqualTo(503);
            assertThat(all.body().path("status").asString()).isEqualTo("DOWN");
            JsonNode outComponent = all.body().path("components").path(out);
            assertThat(outComponent.path("status").asString()).isEqualTo("DOWN");
            assertThat(outComponent.path("details").path("reason").asString()).containsIgnoringCase("cleared");
            assertThat(outComponent.path("details").path("status").asString()).isEqualTo("ERROR_CONNECTION_FAILED");
            // The other channel is untouched.
            assertThat(all.body().path("components").path(in).path("status").asString()).isEqualTo("UP");
            Response one = get(app, "/actuator/health/ipc/" + out);
            assertThat(one.status()).isEqualTo(503);
            assertThat(one.body().path("details").path("reason").asString()).containsIgnoringCase("cleared");
        }
    }

    private ConfigurableApplicationContext start(String... extra) {
        return new SpringApplicationBuilder(App.class)
                .properties("server.port=0", "spring.main.banner-mode=off", "spring.jmx.enabled=false",
                        "management.endpoints.web.exposure.include=health",
                        "management.endpoint.health.show-details=always",
                        "ipc.name-prefix=" + TestChannels.PREFIX,
                        "ipc.channels." + out + ".mode=sender",
                        "ipc.channels." + out + ".capacity=64KB",
                        "ipc.channels." + in + ".mode=receiver",
                        "ipc.channels." + in + ".capacity=4KB",
                        "ipc.channels." + in + ".receive-timeout=100ms")
                .properties(extra)
                .run();
    }

    private IpcChannel coreReceiver(String name) {
        IpcChannel channel = new IpcChannel(ChannelType.CHANNEL, name, TestChannels.options(), ConnMode.RECEIVER);
        coreHandles.add(channel);
        return channel;
    }

    private Response get(ConfigurableApplicationContext app, String path) throws IOException, InterruptedException {
        String port = app.getEnvironment().getRequiredProperty("local.server.port");
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(PATIENCE).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.body().isEmpty() ? JSON.missingNode() : JSON.readTree(response.body());
        return new Response(response.statusCode(), body);
    }
}
