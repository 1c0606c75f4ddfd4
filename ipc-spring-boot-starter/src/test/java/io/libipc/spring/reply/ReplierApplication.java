package io.libipc.spring.reply;

import io.libipc.spring.annotation.IpcListener;
import io.libipc.spring.core.IpcChannelBindings;
import io.libipc.spring.integration.dsl.Ipc;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.messaging.handler.annotation.SendTo;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The replying side of the cross-process request/reply tests, run in a child JVM: a plain Spring
 * Boot application (auto-configuration from the class path, web off) whose channels come from its
 * command line, each group of listeners present when its channel property is:
 * <ul>
 *   <li>{@code test.bytes}, {@code test.text}, {@code test.orders}: byte[] reversed, "echo:" + text,
 *       an {@link Order} billed as an {@link Invoice};</li>
 *   <li>{@code test.slow}: {@code hold:<ms>:<tag>} prints {@code HANDLING <tag>}, waits that long,
 *       answers {@code held:<tag>};</li>
 *   <li>{@code test.fails}: throws {@code IllegalStateException("cannot bill <payload>")};</li>
 *   <li>{@code test.broadcast}: answers {@code <test.replier-id>:<payload>};</li>
 *   <li>{@code test.sendto-in}: returns {@code seen: <payload>} with {@code @SendTo(test.sendto-out)};</li>
 *   <li>{@code test.gateway}: an {@code Ipc.inboundGateway} flow that upper-cases (and throws
 *       {@code IllegalArgumentException("no boom please")} on {@code boom}).</li>
 * </ul>
 * Reports {@code READY} once its context runs (listeners subscribed, adapters receiving);
 * {@code STATS <channel>} prints {@code STATS received=<n> failedReplies=<n>}; {@code EXIT} (or the
 * end of input) closes it, printing {@code CLOSED}.
 *
 * <p>Not a {@code @SpringBootConfiguration}, as {@code SenderApplication} explains.
 */
@EnableAutoConfiguration
@Import({ReplierApplication.Answering.class, ReplierApplication.Broadcasting.class,
        ReplierApplication.SendingOn.class, ReplierApplication.GatewayFlow.class})
public class ReplierApplication {

    /**
     * Runs the replier.
     *
     * @param args Spring Boot command line arguments
     */
    public static void main(String[] args) {
        ChildIo.main(() -> {
            SpringApplication application = new SpringApplication(ReplierApplication.class);
            application.setWebApplicationType(WebApplicationType.NONE);
            application.setBannerMode(Banner.Mode.OFF);
            try (ConfigurableApplicationContext context = application.run(args)) {
                ChildIo.say("READY");
                IpcChannelBindings bindings = context.getBean(IpcChannelBindings.class);
                ChildIo.serve(command -> {
                    if (command[0].equals("STATS")) {
                        var stats = bindings.get(command[1]).statistics();
                        ChildIo.say("STATS received=" + stats.received() + " failedReplies=" + stats.failedReplies());
                    }
                });
            }
            ChildIo.say("CLOSED");
        });
    }

    /** Listeners whose return values are the replies. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty("test.text")
    static class Answering {
        @Bean
        Listeners listeners() {
            return new Listeners();
        }
    }

    /** A second replier's listener on a broadcast channel. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty("test.broadcast")
    static class Broadcasting {
        @Bean
        BroadcastListener broadcastListener(Environment env) {
            return new BroadcastListener(env.getRequiredProperty("test.replier-id"));
        }
    }

    /** A listener whose return value goes to its {@code @SendTo} channel unless the message is a request. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty("test.sendto-in")
    static class SendingOn {
        @Bean
        SendToListener sendToListener() {
            return new SendToListener();
        }
    }

    /** An inbound gateway and its flow. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty("test.gateway")
    static class GatewayFlow {
        @Bean
        IntegrationFlow upperCaseGateway(Environment env) {
            return IntegrationFlow.from(Ipc.inboundGateway(env.getRequiredProperty("test.gateway")).replyTimeout(5_000))
                    .transform(byte[].class, payload -> {
                        String text = new String(payload, StandardCharsets.UTF_8);
                        if (text.equals("boom")) {
                            throw new IllegalArgumentException("no boom please");
                        }
                        return text.toUpperCase(Locale.ROOT);
                    })
                    .get();
        }
    }

    static final class Listeners {
        @IpcListener(channel = "${test.bytes}", id = "bytes")
        byte[] reverse(byte[] request) {
            return reversed(request);
        }

        @IpcListener(channel = "${test.text}", id = "text")
        String echo(String request) {
            return "echo:" + request;
        }

        @IpcListener(channel = "${test.orders}", id = "orders")
        Invoice bill(Order order) {
            return Invoice.of(order);
        }

        @IpcListener(channel = "${test.slow}", id = "slow")
        String hold(String request) throws InterruptedException {
            String[] parts = request.split(":", 3);
            ChildIo.say("HANDLING " + parts[2]);
            Thread.sleep(Long.parseLong(parts[1]));
            return "held:" + parts[2];
        }

        @IpcListener(channel = "${test.fails}", id = "fails")
        String fail(String request) {
            throw new IllegalStateException("cannot bill " + request);
        }
    }

    static final class BroadcastListener {
        private final String replierId;

        BroadcastListener(String replierId) {
            this.replierId = replierId;
        }

        @IpcListener(channel = "${test.broadcast}", id = "broadcast")
        String answer(String request) {
            return replierId + ":" + request;
        }
    }

    static final class SendToListener {
        @IpcListener(channel = "${test.sendto-in}", id = "seen")
        @SendTo("${test.sendto-out}")
        String seen(String payload) {
            return "seen: " + payload;
        }
    }

    /**
     * The bytes in reverse order: what the bytes listener answers.
     *
     * @param bytes the request
     * @return a reversed copy
     */
    static byte[] reversed(byte[] bytes) {
        byte[] copy = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            copy[i] = bytes[bytes.length - 1 - i];
        }
        return copy;
    }
}
