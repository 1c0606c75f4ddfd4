package io.libipc.bench.spring;

/**
 * The small JSON payload of the {@code libipc-spring-json} rows: 76 bytes as JSON, e.g.
 * {@code {"symbol":"ACME","bid":101.25,"ask":101.5,"quantity":300,"sequence":1000000}}.
 *
 * @param symbol the instrument
 * @param bid the bid price
 * @param ask the ask price
 * @param quantity the quantity
 * @param sequence a running number; negative marks the start and end of a throughput measurement
 */
public record Quote(String symbol, double bid, double ask, int quantity, long sequence) {

    // No other accessor-like methods here: Jackson would write them as properties too.

    /**
     * The first quote of a run; seven-digit sequence numbers keep the JSON length steady.
     *
     * @return the quote
     */
    public static Quote first() {
        return new Quote("ACME", 101.25, 101.5, 300, 1_000_000);
    }

    /**
     * The marker that opens and closes a throughput measurement.
     *
     * @return a quote with sequence -1
     */
    public static Quote marker() {
        return new Quote("ACME", 101.25, 101.5, 300, -1);
    }

    /**
     * The next quote, as an application would send it: a new object.
     *
     * @return this quote with the sequence one higher
     */
    public Quote next() {
        return new Quote(symbol, bid, ask, quantity, sequence + 1);
    }
}
