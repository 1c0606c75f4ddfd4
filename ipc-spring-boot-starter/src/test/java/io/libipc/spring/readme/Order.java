package io.libipc.spring.readme;

/**
 * The README's domain object, sent as JSON.
 *
 * @param symbol what is ordered
 * @param quantity how many
 */
public record Order(String symbol, int quantity) {
}
