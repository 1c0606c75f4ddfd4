package io.libipc.bench.harness;

/**
 * How long to measure: {@link #QUICK} for a look in under about three minutes, {@link #FULL} for
 * the README table (medians of three repetitions, more messages), {@link #SMOKE} for the test
 * that proves the harness runs end to end.
 */
public enum Mode {
    /** Tiny counts: proves every path works, measures nothing worth quoting. */
    SMOKE(1, 50, 50, 100, 2_000, 50, 20, 5, 0),
    /** One repetition, half a second of warm-up, a second of measurement per figure. */
    QUICK(1, 500, 2_000, 1_000, 50_000, 20_000, 100, 10, 1),
    /** Three repetitions (medians reported), longer warm-up and measurement, longer JMH runs. */
    FULL(3, 1_000, 3_000, 3_000, 200_000, 100_000, 300, 10, 3);

    final int repetitions;
    /** Warm-up before each measurement: the JIT must have compiled both sides first. */
    final long warmupMillis;
    /**
     * Warm-up of the Spring rows: the path from template to listener is hundreds of methods deep,
     * and the JIT takes seconds (more on a busy machine) to compile it; figures taken earlier
     * would measure the interpreter, not the starter.
     */
    final long springWarmupMillis;
    /** How long a throughput run measures. */
    final long measureMillis;
    final int rttCount;
    /**
     * Round trips recorded per request/reply row: fewer than {@link #rttCount}, since the HTTP
     * peer's take a hundred microseconds or more each.
     */
    final int requestReplyCount;
    final int wakeCount;
    final int wakeGapMillis;
    /** JMH measurement iterations of one second; 0 skips JMH. */
    final int jmhIterations;

    Mode(int repetitions, long warmupMillis, long springWarmupMillis, long measureMillis, int rttCount,
         int requestReplyCount, int wakeCount, int wakeGapMillis, int jmhIterations) {
        this.repetitions = repetitions;
        this.warmupMillis = warmupMillis;
        this.springWarmupMillis = springWarmupMillis;
        this.measureMillis = measureMillis;
        this.rttCount = rttCount;
        this.requestReplyCount = requestReplyCount;
        this.wakeCount = wakeCount;
        this.wakeGapMillis = wakeGapMillis;
        this.jmhIterations = jmhIterations;
    }
}
