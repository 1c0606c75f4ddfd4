package io.libipc.cloud.stream.binder.orders;

/**
 * An order of the functional application: JSON on the wire.
 *
 * @param id the order's id
 * @param item what is ordered
 * @param quantity how many
 * @param unitPriceCents the price of one, in cents
 */
public record Order(String id, String item, int quantity, long unitPriceCents) {
}
