package io.libipc.bench.rr;

import io.libipc.bench.spring.Quote;
import io.libipc.bench.spring.SpringBenchApplication;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * The HTTP peer of the request/reply rows: Spring's {@link RestClient} posting to a Spring MVC
 * endpoint ({@link EchoController}, embedded Tomcat on the loopback address, port chosen by the
 * system) in the replier JVM. The client is the JDK's {@link HttpClient} that RestClient picks by
 * default, held to HTTP/1.1 (plain-text HTTP/2 would need an upgrade Tomcat is not set up for),
 * with its pool of kept-alive connections shared by the requesting threads. Bodies are
 * {@code application/octet-stream} bytes or JSON written and read by RestClient's Jackson converter.
 */
final class HttpRequestReply {

    private HttpRequestReply() {
    }

    private static Path portFile(Path runDir, String link) {
        return runDir.resolve(link + ".port");
    }

    /**
     * Starts the replier, a Spring Boot web application; its port is in the run directory once
     * this returns.
     *
     * @param runDir the run directory
     * @param link the link's name (names the port file)
     * @return the running context
     */
    static ConfigurableApplicationContext replier(Path runDir, String link) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(SpringBenchApplication.class)
                .web(WebApplicationType.SERVLET)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                // The starter has nothing to do here: no channel is measured in this JVM.
                .properties(Map.of("logging.level.root", "warn", "ipc.enabled", "false", "server.port", "0",
                        "server.address", "127.0.0.1"))
                .initializers(c -> ((GenericApplicationContext) c).registerBean(EchoController.class))
                .run();
        String port = context.getEnvironment().getProperty("local.server.port");
        try {
            Path tmp = runDir.resolve(link + ".port.tmp");
            Files.writeString(tmp, port, StandardCharsets.US_ASCII);
            // Atomic: the requester never reads half a port number.
            Files.move(tmp, portFile(runDir, link), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish the port", e);
        }
        return context;
    }

    /**
     * The client of a running replier, shared by every caller.
     *
     * @param runDir the run directory
     * @param link the link's name
     * @return the client
     */
    static RestClient client(Path runDir, String link) {
        String port;
        try {
            port = Files.readString(portFile(runDir, link), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("the replier published no port", e);
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .requestFactory(new JdkClientHttpRequestFactory(http)).build();
    }

    /**
     * A caller posting on the shared client.
     *
     * @param json whether it posts JSON quotes or bytes
     * @param client the client
     * @return the caller
     */
    static Caller caller(boolean json, RestClient client) {
        return json ? Callers.quotes(q -> client.post().uri("/json").contentType(MediaType.APPLICATION_JSON).body(q)
                .retrieve().body(Quote.class), null)
                : Callers.bytes(b -> client.post().uri("/bytes").contentType(MediaType.APPLICATION_OCTET_STREAM).body(b)
                .retrieve().body(byte[].class), null);
    }
}
