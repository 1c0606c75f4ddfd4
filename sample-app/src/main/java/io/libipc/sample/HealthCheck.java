package io.libipc.sample;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code java -jar ipc-sample-app.jar health-check [url]}: a real HTTP GET of an actuator health
 * endpoint (default {@value #DEFAULT_URL}), without starting Spring. It prints the body and exits
 * 0 when the top-level status is UP, 1 otherwise. It exists for images that have java but no curl or wget
 * (such as a bare JRE image): Docker and Compose health checks, and {@code docker exec} in tests
 * whose containers have no network but their own loopback.
 */
public final class HealthCheck {

    /** The first argument that selects the health check instead of the application. */
    public static final String COMMAND = "health-check";

    /** Where the health is read when no URL is given. */
    public static final String DEFAULT_URL = "http://localhost:8080/actuator/health";

    private HealthCheck() {
    }

    /**
     * Checks the health.
     *
     * @param args {@code health-check} and, optionally, the URL
     * @return the exit code: 0 when UP
     */
    public static int run(String[] args) {
        URI uri = URI.create(args.length > 1 ? args[1] : DEFAULT_URL);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            System.out.println(response.body());
            // Actuator answers 503 when DOWN or OUT_OF_SERVICE; the top-level status is the verdict.
            boolean up = response.statusCode() == 200
                    && "UP".equals(JsonMapper.builder().build().readTree(response.body()).path("status").asString());
            if (!up) {
                System.err.println("health-check: " + uri + " answered " + response.statusCode());
            }
            return up ? 0 : 1;
        } catch (IOException | JacksonException e) {
            System.err.println("health-check: " + uri + " failed: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
