package io.libipc.spring.readme;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.IpcOptions;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's Spring Boot examples, run as the README shows them: two applications with the
 * README's {@code application.yml} ({@code readme/application.yml}) on real shared memory; one
 * places orders with {@link OrderService}, the other's {@link OrderListener} receives them (JSON,
 * headers embedded) and its {@link AuditFlow} forwards an audit line to a third party, a plain
 * core receiver; {@link ChannelCustomizers} opens the orders file to the group. {@code ReadmeCodeBlocksTest}
 * checks the README's blocks are these files.
 */
@ExtendWith(NoLeftoverStorage.class)
class ReadmeSpringExamplesTest {

    // Contains "-<pid>-" so that NoLeftoverStorage watches these files too.
    private static final String PREFIX = TestChannels.PREFIX + "readme-" + ProcessHandle.current().pid() + "-";
    private final IpcOptions options = IpcOptions.builder().namePrefix(PREFIX).build();

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(ReadmeApplication.class)
                .web(WebApplicationType.NONE)
                .properties("spring.config.location=classpath:/readme/application.yml",
                        "ipc.name-prefix=" + PREFIX, "spring.main.banner-mode=off")
                .run();
    }

    @AfterEach
    void clear() {
        for (String name : List.of("orders", "audit")) {
            IpcChannel.clearChannelStorage(name, options);
        }
    }

    @Test
    void ordersSentWithTheTemplateReachTheListenerOfTheOtherApplicationAndItsAuditFlow() throws IOException {
        try (IpcChannel auditor = new IpcChannel(ChannelType.CHANNEL, "audit", options, ConnMode.RECEIVER);
             ConfigurableApplicationContext receiving = start();
             ConfigurableApplicationContext placing = start()) {
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
}
