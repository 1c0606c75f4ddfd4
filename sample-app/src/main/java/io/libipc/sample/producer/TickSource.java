package io.libipc.sample.producer;

import io.libipc.sample.LatencyClock;
import io.libipc.sample.PriceTick;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;

/**
 * Makes plausible price ticks: a few symbols in turn, each price a small random walk. Seeded, so
 * every run sends the same prices. One thread.
 */
final class TickSource {

    private static final String[] SYMBOLS = {"ACME", "GLOBEX", "INITECH", "UMBRELLA", "HOOLI"};

    private final Random random = new Random(42);
    private final double[] prices = {101.25, 54.10, 12.87, 230.00, 77.42};

    /**
     * The tick of a sequence, stamped now.
     *
     * @param sequence its sequence
     * @return the tick
     */
    PriceTick next(long sequence) {
        int i = (int) (sequence % SYMBOLS.length);
        prices[i] = Math.max(0.01, Math.round(prices[i] * (1 + random.nextGaussian() * 0.0005) * 100) / 100.0);
        return new PriceTick(SYMBOLS[i], prices[i], sequence, Instant.now().truncatedTo(ChronoUnit.MICROS),
                LatencyClock.now());
    }
}
