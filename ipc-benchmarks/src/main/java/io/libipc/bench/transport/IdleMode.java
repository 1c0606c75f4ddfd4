package io.libipc.bench.transport;

/** How a transport's receivers wait, chosen per benchmark. */
public enum IdleMode {
    /**
     * As fast as the system goes: Aeron busy-spins (its low-latency setting), sockets block, and
     * libipc uses its defaults (spin briefly, then futex).
     */
    SPIN,
    /**
     * How a receiver idles for long: Aeron backs off (its default idle strategy), sockets block,
     * libipc uses its defaults. Used where idle CPU is measured.
     */
    BLOCK
}
