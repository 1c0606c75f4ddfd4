package io.libipc.cloud.stream.binder.orders;

import io.libipc.support.ChildJvm;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts and stops {@link OrderApplication} in child JVMs for the tests, and reads what they print.
 */
public final class OrderProcesses {

    /** How long to wait for a child: generous, for a loaded 2-core machine. */
    public static final Duration PATIENCE = Duration.ofSeconds(90);

    private OrderProcesses() {
    }

    /**
     * Starts the application in a child JVM and waits until its context runs.
     *
     * @param args Spring Boot arguments
     * @return the running child
     */
    public static ChildJvm startReady(String... args) {
        // More heap than ChildJvm's default: a context with Spring Cloud Stream and Kafka's clients.
        ChildJvm child = ChildJvm.start(List.of("-Xmx256m"), OrderApplication.class, args);
        String line = child.awaitLine(l -> l.equals("READY") || l.startsWith("ERROR"), PATIENCE);
        assertThat(line).as("first line of %s%s", child.pid(), child.describe()).isEqualTo("READY");
        return child;
    }

    /**
     * Reads {@code count} invoice lines.
     *
     * @param child the child whose ledger prints them
     * @param count how many
     * @return the lines without their {@code INVOICE } prefix, in the order printed
     */
    public static List<String> invoices(ChildJvm child, int count) {
        List<String> invoices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            invoices.add(child.awaitLine("INVOICE ", PATIENCE).substring("INVOICE ".length()));
        }
        return invoices;
    }

    /**
     * The invoice lines orders 1 to {@code count} give.
     *
     * @param count how many orders
     * @return {@code <orderId> <totalCents>} for each, in order
     */
    public static List<String> expectedInvoices(int count) {
        List<String> expected = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            Order order = OrderBook.order(n);
            expected.add(order.id() + " " + order.quantity() * order.unitPriceCents());
        }
        return expected;
    }

    /**
     * Tells a child to close its context, and checks that it exits with status 0.
     *
     * @param child the child
     */
    public static void exit(ChildJvm child) {
        try {
            OutputStream in = child.process().getOutputStream();
            in.write("EXIT\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(child.awaitExit(PATIENCE)).as("exit status%s", child.describe()).isZero();
    }
}
