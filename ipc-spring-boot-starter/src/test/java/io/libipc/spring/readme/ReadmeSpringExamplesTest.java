package io.libipc.spring.readme;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.IpcOptions;
import io.libipc.spring.core.IpcOperations;
import io.libipc.spring.core.IpcRemoteException;
import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The README's Spring Boot examples, run as the README shows them: two applications with the
 * README's {@code application.yml} ({@code readme/application.yml}) on real shared memory; one
 * places orders with {@link OrderService}, the other's {@link OrderListener} receives them (JSON,
 * headers embedded) and its {@link AuditFlow} forwards an audit line to a third party, a plain
 * core receiver; {@link ChannelCustomizers} opens the orders file to the group. Request and reply:
 * one asks with {@link QuoteClient} and the {@link PricingFlows} outbound gateway, the other answers
 * with {@link QuoteDesk} (its {@code @SendTo} taking what one-way messages return) and the inbound
 * gateway's flow. {@code ReadmeCodeBlocksTest} checks the README's blocks are these files.
 */
@ExtendWith(NoLeftoverStorage.class)
class ReadmeSpringExamplesTest {

    // Contains "-<pid>-" so that NoLeftoverStorage watches these files too.
    private static final String PREFIX = TestChannels.PREFIX + "readme-" + ProcessHandle.current().pid() + "-";
    private final IpcOptions options = IpcOptions.builder().namePrefix(PREFIX).build();

    private ConfigurableApplicationContext start(String name) {
        return new SpringApplicationBuilder(ReadmeApplication.class)
                .web(WebApplicationType.NONE)
                .properties("spring.config.location=classpath:/readme/application.yml",
                        "ipc.name-prefix=" + PREFIX, "spring.main.banner-mode=off", "spring.application.name=" + name)
                .run();
    }

    @AfterEach
    void clear() {
        for (String name : List.of("orders", "audit", "quotes", "prices")) {
            IpcChannel.clearChannelStorage(name, options);
        }
    }

    @Test
    void ordersSentWithTheTemplateReachTheListenerOfTheOtherApplicationAndItsAuditFlow() throws IOException {
        try (IpcChannel auditor = new IpcChannel(ChannelType.CHANNEL, "audit", options, ConnMode.RECEIVER);
             ConfigurableApplicationContext receiving = start("receiving");
             ConfigurableApplicationContext placing = start("placing")) {
            boolean trySent = placing.getBean(OrderService.class).place(new Order("ACME", 2));
            assertThat(trySent).isTrue();

            OrderListener listener = receiving.getBean(OrderListener.class);
            String channel = "orders";
            await().atMost(Duration.ofSeconds(20)).until(() -> listener.received.size() == 3);
            assertThat(listener.received).containsExactly(
                    "Order[symbol=ACME, quantity=2] on " + channel + " for null",
                    "Order[symbol=ACME, quantity=2] on " + channel + " for acme",
                    "Order[symbol=ACME, quantity=3] on " + channel + " for null");
            assertThat(placing.getBean(OrderListener.class).received).as("a handle never receives its own").isEmpty();

            List<String> audit = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                audit.add(new String(auditor.receive(20_000), StandardCharsets.UTF_8));
            }
            assertThat(audit).containsExactly("audit: ACME", "audit: ACME", "audit: ACME");
            assertThat(auditor.tryReceive()).isEmpty();

            // The customizer changed the orders channel only.
            IpcChannel orders = receiving.getBean("ipc.orders.channel", IpcChannel.class);
            assertThat(orders.options().filePermissions()).isEqualTo(PosixFilePermissions.fromString("rw-rw----"));
            assertThat(Files.getPosixFilePermissions(orders.storagePath()))
                    .isEqualTo(PosixFilePermissions.fromString("rw-rw----"));
            assertThat(receiving.getBean("ipc.audit.channel", IpcChannel.class).options().filePermissions())
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void quotesAreAnsweredByTheOtherApplicationsListenerAndItsFlowAndOneWayQuotesGoToSendTo() throws Exception {
        try (IpcChannel auditor = new IpcChannel(ChannelType.CHANNEL, "audit", options, ConnMode.RECEIVER);
             ConfigurableApplicationContext desk = start("desk");
             ConfigurableApplicationContext client = start("client")) {
            IpcOperations ipc = client.getBean(IpcOperations.class);
            assertThat(ipc.waitForReceivers("quotes", 1, Duration.ofSeconds(20))).isTrue();
            QuoteClient quotes = client.getBean(QuoteClient.class);

            assertThat(quotes.quote(new QuoteRequest("ACME", 2))).isEqualTo(new Quote("ACME", 2, 2500));
            assertThat(quotes.quoteAsync(new QuoteRequest("ACME", 4)).get(20, TimeUnit.SECONDS))
                    .isEqualTo(new Quote("ACME", 4, 5000));
            assertThatThrownBy(() -> quotes.quote(new QuoteRequest("ACME", 0)))
                    .isInstanceOfSatisfying(IpcRemoteException.class, e -> {
                        assertThat(e.getRemoteExceptionClass()).isEqualTo(IllegalArgumentException.class.getName());
                        assertThat(e.getRemoteMessage()).isEqualTo("quantity must be positive: 0");
                    });

            // Asked for no reply: the desk's return value went to its @SendTo channel.
            quotes.note(new QuoteRequest("ACME", 3));
            assertThat(new String(auditor.receive(20_000), StandardCharsets.UTF_8))
                    .isEqualTo("{\"symbol\":\"ACME\",\"quantity\":3,\"priceCents\":3750}");

            // The gateways: the client's flow asks, the desk's flow answers.
            assertThat(ipc.waitForReceivers("prices", 1, Duration.ofSeconds(20))).isTrue();
            assertThat(client.getBean(PricingFlows.Pricing.class).price(new QuoteRequest("ACME", 5))).isEqualTo(6250L);
            assertThat(auditor.tryReceive()).isEmpty();
        }
    }
}
