package io.libipc.cloud.stream.binder.orders;

import io.libipc.cloud.stream.binder.support.BinderStorage;
import io.libipc.support.ChildJvm;
import io.libipc.support.NoLeftoverStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static io.libipc.cloud.stream.binder.orders.OrderProcesses.expectedInvoices;
import static io.libipc.cloud.stream.binder.orders.OrderProcesses.exit;
import static io.libipc.cloud.stream.binder.orders.OrderProcesses.invoices;
import static io.libipc.cloud.stream.binder.orders.OrderProcesses.startReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The functional application over the libipc binder across two JVMs: a billing process runs the
 * {@code Function<Order, Invoice>}, a shop process the {@code Supplier<Order>} and the
 * {@code Consumer<Invoice>}, both child JVMs on real shared memory. Every order comes back as its
 * invoice, converted from and to JSON on each hop, in the order sent; a second member of the
 * billing group (a context in this JVM) is refused at start-up, naming the property; the shop
 * closes and exits cleanly; once the billing process is killed with kill -9, a new member joins
 * the group at once.
 */
@ExtendWith(NoLeftoverStorage.class)
class LibipcAcrossProcessesTest {

    private static final int ORDERS = 300;

    private final BinderStorage storage = BinderStorage.fresh("orders");

    @AfterEach
    void clear() {
        storage.clear();
    }

    private String[] args(String functions, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("--spring.config.additional-location=classpath:stream/orders-libipc.yml",
                "--spring.cloud.function.definition=" + functions, "--ipc.name-prefix=" + storage.prefix()));
        args.addAll(List.of(more));
        return args.toArray(new String[0]);
    }

    @Test
    void everyOrderComesBackAsItsInvoiceInOrderAcrossTwoJvms() {
        try (ChildJvm billing = startReady(args("bill"))) {
            // The group has its member now: a second one, here, would get every order too.
            assertThatThrownBy(() -> OrderApplication.start(args("bill")).close())
                    .hasStackTraceContaining("spring.cloud.stream.bindings.bill-in-0.group=billing")
                    .hasStackTraceContaining("already has a member on this host");

            try (ChildJvm shop = startReady(args("orders;ledger", "--orders.count=" + ORDERS))) {
                assertThat(invoices(shop, ORDERS)).containsExactlyElementsOf(expectedInvoices(ORDERS));
                exit(shop);
            }
            billing.kill();
            // The dead member's place is free: the core drops a killed sender's claim by itself.
            OrderApplication.start(args("bill")).close();
        }
    }
}
