package io.libipc.spring.e2e;

import io.libipc.spring.core.IpcOperations;
import org.springframework.boot.SpringApplication;
import org.springframework.aot.AotDetector;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.messaging.support.MessageBuilder;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The sending side of {@link SpringContextsAcrossProcessesTest}, run in a child JVM: a plain Spring
 * Boot application (auto-configuration from the class path, as a user's would be, web off) whose
 * {@code ipc.channels} come from its command line. It reports with standard output lines:
 * {@code READY aot=<true|false>} (context up, and whether AOT-processed), {@code RECEIVERS} (every
 * channel has a receiver), {@code SENT n},
 * then waits for {@code EXIT} (or the end of standard input, when the parent goes away), closes
 * the context, prints {@code CLOSED} and returns from {@code main}: the JVM then ends only if the
 * context left no thread that keeps it alive. Any failure prints {@code ERROR ...} and exits 1.
 *
 * <p>Channels (names from {@code test.ticks}, {@code test.texts}, {@code test.headers}): ticks
 * gets three {@link Tick} records (the second is one the receiver's listener rejects), texts gets
 * a String and a byte[], headers ({@code payload-format=embedded-headers}) gets two messages with
 * custom headers.
 *
 * <p>Deliberately not a {@code @SpringBootConfiguration} (nor any {@code @Component}): a
 * {@code @SpringBootTest} elsewhere in {@code io.libipc.spring} searches the packages around it for
 * one and would pick this up; {@code @EnableAutoConfiguration} alone is enough for a primary source.
 */
@EnableAutoConfiguration
public class SenderApplication {

    /** How long to wait for the receiving context: generous, for a loaded 2-core machine. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /** The bytes sent on the texts channel: every byte value, so nothing is lost to a charset. */
    static final byte[] BINARY = allByteValues();

    /** The String sent on the texts channel: not ASCII, so a wrong charset would show. */
    static final String TEXT = "h\u00e9llo w\u00f6rld \u20ac";

    /**
     * Runs the sender.
     *
     * @param args Spring Boot command line arguments ({@code --ipc.channels...}, {@code --test.*})
     */
    public static void main(String[] args) {
        int exit = 0;
        try {
            run(args);
        } catch (SpringApplication.AbandonedRunException e) {
            // AOT processing (AotBuild) stops the application once its context is prepared.
            throw e;
        } catch (Throwable t) {
            System.out.println("ERROR " + t);
            t.printStackTrace();
            exit = 1;
        }
        System.out.flush();
        if (exit != 0) {
            System.exit(exit);
        }
    }

    private static void run(String[] args) throws IOException {
        SpringApplication application = new SpringApplication(SenderApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setBannerMode(Banner.Mode.OFF);
        try (ConfigurableApplicationContext context = application.run(args)) {
            Environment env = context.getEnvironment();
            String ticks = env.getRequiredProperty("test.ticks");
            String texts = env.getRequiredProperty("test.texts");
            String headers = env.getRequiredProperty("test.headers");
            IpcOperations ipc = context.getBean(IpcOperations.class);
            // Whether the context came from the AOT-generated initializer (-Dspring.aot.enabled=true).
            say("READY aot=" + AotDetector.useGeneratedArtifacts());
            for (String channel : new String[] {ticks, texts, headers}) {
                if (!ipc.waitForReceivers(channel, 1, PATIENCE)) {
                    throw new IllegalStateException("no receiver on " + channel + " within " + PATIENCE);
                }
            }
            say("RECEIVERS");

            ipc.send(ticks, new Tick("ACME", 12.5));
            ipc.send(ticks, new Tick("BOOM", 0));
            ipc.send(ticks, new Tick("AFTER", 13.25));
            ipc.send(texts, TEXT);
            ipc.send(texts, BINARY);
            ipc.send(headers, MessageBuilder.withPayload("with headers")
                    .setHeader("myHeader", "v1").setHeader("count", 42).build());
            ipc.send(headers, MessageBuilder.withPayload(new Tick("HDR", 1.5))
                    .setHeader("myHeader", "v2").build());
            say("SENT 7");

            awaitExitCommand();
        }
        say("CLOSED");
    }

    private static void awaitExitCommand() throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("EXIT")) {
                return;
            }
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static byte[] allByteValues() {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }
}
