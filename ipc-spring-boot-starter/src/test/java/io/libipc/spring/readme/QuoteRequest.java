package io.libipc.spring.readme;

/**
 * The README's request, sent as JSON.
 *
 * @param symbol what to price
 * @param quantity how many
 */
public record QuoteRequest(String symbol, int quantity) {
}
