package io.libipc.cloud.stream.binder.orders;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The functional application: a supplier of orders, a function billing each, a consumer of the
 * invoices, and, for the bridge, a function forwarding orders as they are. Nothing here names a
 * binder: which one carries the messages is configuration.
 */
@Configuration(proxyBeanMethods = false)
public class OrderFunctions {

    /** Read by Spring. */
    public OrderFunctions() {
    }

    /**
     * The orders handed out.
     *
     * @param count {@code orders.count}
     * @return the book
     */
    @Bean
    OrderBook orderBook(@Value("${orders.count:0}") int count) {
        return new OrderBook(count);
    }

    /** @return where invoices go */
    @Bean
    Ledger invoiceLedger() {
        return new Ledger();
    }

    // README: order-functions
    @Bean
    Supplier<Order> orders(OrderBook book) {
        return book::next;                       // polled; null when there is no order: nothing is sent
    }

    @Bean
    Function<Order, Invoice> bill() {
        return order -> new Invoice(order.id(), order.quantity() * order.unitPriceCents());
    }

    @Bean
    Consumer<Invoice> ledger(Ledger invoiceLedger) {
        return invoiceLedger::record;
    }
    // README: end

    /**
     * The bridge's function: an order from one binder goes on to the other unchanged.
     *
     * @return the function
     */
    // README: bridge-function
    @Bean
    Function<Order, Order> forward() {
        return order -> order;
    }
    // README: end
}
