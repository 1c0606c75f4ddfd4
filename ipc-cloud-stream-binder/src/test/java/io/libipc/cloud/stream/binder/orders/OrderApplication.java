package io.libipc.cloud.stream.binder.orders;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The functional application as a process of its own (a child JVM of the tests): which functions
 * run ({@code spring.cloud.function.definition}) and which binder carries them come from the
 * command line and the configuration file it names. It prints {@code READY} once its context
 * runs (its bindings bound: consumers connected), an {@code INVOICE ...} line per invoice its
 * consumer gets, then waits for {@code EXIT} (or the end of standard input), closes the context and
 * prints {@code CLOSED}. A failure prints {@code ERROR ...} and exits 1.
 *
 * <p>Not a {@code @SpringBootConfiguration}, so that no test's context search picks it up.
 */
@EnableAutoConfiguration
@Import(OrderFunctions.class)
public class OrderApplication {

    /** Not instantiated but by Spring. */
    public OrderApplication() {
    }

    /**
     * Starts the application.
     *
     * @param args Spring Boot arguments
     * @return the running context
     */
    public static ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(OrderApplication.class).web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF).run(args);
    }

    /**
     * Runs the application until told to exit.
     *
     * @param args Spring Boot arguments
     */
    public static void main(String[] args) {
        try (ConfigurableApplicationContext context = start(args)) {
            System.out.println("READY");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("EXIT")) {
                // Only EXIT (or the parent going away) ends the application.
            }
        } catch (IOException | RuntimeException e) {
            System.out.println("ERROR " + e);
            e.printStackTrace();
            System.out.flush();
            System.exit(1);
        }
        System.out.println("CLOSED");
        System.out.flush();
    }
}
