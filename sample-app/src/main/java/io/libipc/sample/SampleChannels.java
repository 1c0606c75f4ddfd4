package io.libipc.sample;

/**
 * The names of the sample's channels, as configured under {@code ipc.channels} in
 * {@code application.yml}.
 */
public final class SampleChannels {

    /** Price ticks as JSON; ROUTE: the producer broadcasts to every consumer. */
    public static final String TICKS = "ticks";

    /** The producer's {@link ControlFrame}s as raw bytes; ROUTE. */
    public static final String CONTROL = "control";

    /** The consumers' {@link ConsumerReport}s as JSON; CHANNEL, since every consumer sends. */
    public static final String REPORTS = "reports";

    /** All of them, for clearing the storage. */
    public static final String[] ALL = {TICKS, CONTROL, REPORTS};

    private SampleChannels() {
    }
}
