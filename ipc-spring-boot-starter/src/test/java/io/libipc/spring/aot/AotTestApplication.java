package io.libipc.spring.aot;

import io.libipc.IpcChannel;
import io.libipc.spring.annotation.IpcListener;
import io.libipc.spring.core.IpcOperations;
import io.libipc.spring.metrics.IpcMetrics;
import io.libipc.spring.support.IpcHeaders;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.aot.AotDetector;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.handler.annotation.Header;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.TreeMap;

/**
 * The application {@link AotApplicationTest} AOT-processes and runs in a child JVM, with a piece of
 * every kind the starter offers, its channels given on the command line:
 * <ul>
 *   <li>{@code test.orders}: ROUTE, receiver, raw; an {@code @IpcListener} takes each
 *       {@link Order} (JSON) and answers with a {@link Confirmation} through {@link IpcOperations}
 *       on {@code test.confirms} (CHANNEL, sender, embedded headers, with custom headers);</li>
 *   <li>{@code test.words}: CHANNEL, both modes, raw; a Spring Integration flow upper-cases each
 *       message into {@code test.shout} (ROUTE, sender, raw);</li>
 *   <li>metrics (Boot's simple registry) and the {@code ipcHealthContributor}, both printed on
 *       {@code REPORT}.</li>
 * </ul>
 * Lines on standard output: {@code READY} once started; on {@code REPORT} from standard input
 * {@code AOT <whether the AOT-generated initializer ran>}, {@code CHANNELS <names of the
 * IpcChannel beans>}, {@code METERS received=<n> sent=<n>}, {@code HEALTH <channel>=<status> ...};
 * on {@code EXIT} (or the end of input) it closes the context and prints {@code CLOSED}.
 *
 * <p>Not a {@code @SpringBootConfiguration}, for the reason {@code SenderApplication} gives.
 */
@EnableAutoConfiguration
@Import(AotTestApplication.Wiring.class)
public class AotTestApplication {

    /**
     * Runs the application.
     *
     * @param args Spring Boot command line arguments ({@code --ipc.channels...}, {@code --test.*})
     */
    public static void main(String[] args) throws IOException {
        SpringApplication application = new SpringApplication(AotTestApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setBannerMode(Banner.Mode.OFF);
        // AOT processing ends inside run (SpringApplication.AbandonedRunException): let it through.
        try (ConfigurableApplicationContext context = application.run(args)) {
            say("READY");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("EXIT")) {
                if (line.equals("REPORT")) {
                    report(context);
                }
            }
        }
        say("CLOSED");
    }

    private static void report(ConfigurableApplicationContext context) {
        Environment env = context.getEnvironment();
        say("AOT " + AotDetector.useGeneratedArtifacts());
        String[] channels = context.getBeanNamesForType(IpcChannel.class);
        Arrays.sort(channels);
        say("CHANNELS " + String.join(" ", channels));
        MeterRegistry meters = context.getBean(MeterRegistry.class);
        say("METERS received=" + count(meters.find(IpcMetrics.RECEIVED).tag("channel", env.getRequiredProperty("test.orders")).meter())
                + " sent=" + count(meters.find(IpcMetrics.SENT).tag("channel", env.getRequiredProperty("test.confirms")).meter()));
        CompositeHealthContributor health = context.getBean("ipcHealthContributor", CompositeHealthContributor.class);
        TreeMap<String, String> statuses = new TreeMap<>();
        health.stream().forEach(c -> statuses.put(c.name(), ((HealthIndicator) c.contributor()).health().getStatus().getCode()));
        StringBuilder line = new StringBuilder("HEALTH");
        statuses.forEach((name, status) -> line.append(' ').append(name).append('=').append(status));
        say(line.toString());
    }

    private static String count(Meter meter) {
        return meter == null ? "none" : Long.toString((long) meter.measure().iterator().next().getValue());
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** An order, as JSON on {@code test.orders}. */
    public record Order(String id, int quantity) {
    }

    /** The answer to an order, as JSON with headers on {@code test.confirms}. */
    public record Confirmation(String id, int doubled) {
    }

    /** The listener answering orders. */
    public static final class Orders {

        private final IpcOperations ipc;
        private final String confirms;

        Orders(IpcOperations ipc, String confirms) {
            this.ipc = ipc;
            this.confirms = confirms;
        }

        /**
         * Confirms an order.
         *
         * @param order the order, from JSON
         * @param channel the channel it came on
         */
        @IpcListener(channel = "${test.orders}", id = "orders")
        public void on(Order order, @Header(IpcHeaders.CHANNEL) String channel) {
            ipc.send(confirms, MessageBuilder.withPayload(new Confirmation(order.id(), order.quantity() * 2))
                    .setHeader("orderId", order.id()).setHeader("from", channel).build());
        }
    }

    /** The application's beans. */
    @Configuration(proxyBeanMethods = false)
    static class Wiring {

        @Bean
        Orders orders(IpcOperations ipc, Environment env) {
            return new Orders(ipc, env.getRequiredProperty("test.confirms"));
        }

        @Bean
        IntegrationFlow shout(Environment env) {
            return IntegrationFlow.from("ipc." + env.getRequiredProperty("test.words") + ".inbound")
                    .transform(byte[].class, bytes -> new String(bytes, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT))
                    .channel("ipc." + env.getRequiredProperty("test.shout") + ".outbound")
                    .get();
        }
    }
}
