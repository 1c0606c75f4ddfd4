package io.libipc.cloud.stream.binder.orders;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The orders the application's supplier hands out: {@code orders.count} of them (property), then
 * none. Order {@code n} is {@code order-n}, for {@code n % 5 + 1} widgets at 250 cents.
 */
public final class OrderBook {

    private final int count;
    private final AtomicInteger next = new AtomicInteger();

    /**
     * A book.
     *
     * @param count how many orders it hands out
     */
    public OrderBook(int count) {
        this.count = count;
    }

    /** @return the next order, or null when all were handed out */
    public Order next() {
        int n = next.incrementAndGet();
        return n <= count ? order(n) : null;
    }

    /**
     * Order {@code n}.
     *
     * @param n from 1
     * @return the order
     */
    public static Order order(int n) {
        return new Order("order-" + n, "widget", n % 5 + 1, 250);
    }
}
