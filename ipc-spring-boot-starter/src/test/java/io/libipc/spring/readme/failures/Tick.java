package io.libipc.spring.readme.failures;

/**
 * The README's tick.
 *
 * @param symbol the instrument
 * @param price the price in cents
 */
record Tick(String symbol, long price) {
}
