package io.libipc.spring.readme;

/**
 * The README's reply, sent as JSON.
 *
 * @param symbol what was priced
 * @param quantity how many
 * @param priceCents the price of them all, in cents
 */
public record Quote(String symbol, int quantity, long priceCents) {
}
