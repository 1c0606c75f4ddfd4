package io.libipc.cloud.stream.binder.orders;

/**
 * The invoice of an order.
 *
 * @param orderId the order's id
 * @param totalCents what it costs, in cents
 */
public record Invoice(String orderId, long totalCents) {
}
