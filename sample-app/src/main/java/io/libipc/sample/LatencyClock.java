package io.libipc.sample;

/**
 * The clock both sides of the latency measurement read.
 *
 * <p>Why {@link System#nanoTime()} is valid across processes here: on Linux, HotSpot reads it from
 * {@code clock_gettime(CLOCK_MONOTONIC)}, a single system-wide clock counting from boot, the same
 * for every process on the host, and for containers too (Docker gives them no time namespace of
 * their own). Producer and consumers share memory, so they always share a host: the difference of
 * two readings in two JVMs is a true duration, immune to wall-clock steps (NTP), unlike
 * {@code Instant.now()}. On other systems the JDK promises nanoTime only within one JVM; the
 * figures are then meaningless, which {@link #isComparableAcrossProcesses()} tells.
 */
public final class LatencyClock {

    private LatencyClock() {
    }

    /**
     * The current reading.
     *
     * @return nanoseconds on the host's monotonic clock
     */
    public static long now() {
        return System.nanoTime();
    }

    /**
     * Whether readings of two processes on this host can be subtracted.
     *
     * @return true on Linux
     */
    public static boolean isComparableAcrossProcesses() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux");
    }
}
