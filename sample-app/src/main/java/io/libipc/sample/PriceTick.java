package io.libipc.sample;

import java.time.Instant;

/**
 * One price tick, the domain object of the sample; it travels as JSON on {@link SampleChannels#TICKS}.
 *
 * @param symbol the instrument, e.g. ACME
 * @param price the price
 * @param sequence 1 for the first tick of a run, then one more per tick: how consumers spot gaps
 * @param timestamp when the tick was made (wall clock, for people)
 * @param sentAtNanos {@link System#nanoTime()} of the producer just before sending, for latency:
 *                    see {@link LatencyClock}
 */
public record PriceTick(String symbol, double price, long sequence, Instant timestamp, long sentAtNanos) {
}
