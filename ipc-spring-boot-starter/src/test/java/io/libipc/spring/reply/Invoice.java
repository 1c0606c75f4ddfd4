package io.libipc.spring.reply;

/**
 * The reply to an {@link Order}: the replier bills ten per item.
 *
 * @param orderId the order's id
 * @param item the order's item
 * @param total ten times the quantity
 */
public record Invoice(int orderId, String item, int total) {

    /**
     * The invoice a correct replier sends for an order.
     *
     * @param order the order
     * @return its invoice
     */
    static Invoice of(Order order) {
        return new Invoice(order.id(), order.item(), order.quantity() * 10);
    }
}
