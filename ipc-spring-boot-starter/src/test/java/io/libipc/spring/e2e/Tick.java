package io.libipc.spring.e2e;

/**
 * The POJO the cross-process tests send as JSON: a record, so that both JVMs build it from the
 * same class and compare by value.
 *
 * @param symbol the instrument
 * @param price its price
 */
public record Tick(String symbol, double price) {
}
