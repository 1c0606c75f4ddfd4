package io.libipc.sample;

/**
 * What a consumer tells the producer, as JSON on {@link SampleChannels#REPORTS}: its progress every
 * interval, and once the stream has ended its final account.
 *
 * @param consumerId the consumer's name
 * @param pid its process id (in its own pid namespace: 1 in a container)
 * @param httpPort the port of its actuator endpoints (on its own host or container)
 * @param kind progress or final
 * @param received ticks received so far
 * @param firstSequence the first sequence it received (it joined then); 0 before any
 * @param lastSequence the highest sequence it received
 * @param missing sequences between first and last that never arrived
 * @param outOfOrder ticks that arrived with a sequence lower than one before them
 * @param lost messages the receiver lost to eviction (its ring fell a whole ring behind)
 * @param latency percentiles: of the last interval in a progress report, of the whole run in a final one
 */
public record ConsumerReport(String consumerId, long pid, int httpPort, Kind kind, long received, long firstSequence,
        long lastSequence, long missing, long outOfOrder, long lost, LatencySummary latency) {

    /** Progress or final. */
    public enum Kind {
        /** Sent every progress interval. */
        PROGRESS,
        /** Sent once after the end of the stream. */
        FINAL
    }

    /**
     * The same report with the consumer's HTTP port.
     *
     * @param port the port
     * @return the report
     */
    public ConsumerReport withHttpPort(int port) {
        return new ConsumerReport(consumerId, pid, port, kind, received, firstSequence, lastSequence, missing,
                outOfOrder, lost, latency);
    }

    /**
     * Whether every tick from the first one received to the last one sent arrived, once each and
     * in order, with nothing lost.
     *
     * @param producerLastSequence the last sequence the producer sent
     * @return true when complete
     */
    public boolean isComplete(long producerLastSequence) {
        return received > 0 && lastSequence == producerLastSequence && missing == 0 && outOfOrder == 0 && lost == 0
                && received == lastSequence - firstSequence + 1;
    }

    /**
     * For the console, in {@code name=value} form.
     *
     * @return the text
     */
    public String describe() {
        return "received=" + received + " first=" + firstSequence + " last=" + lastSequence + " missing=" + missing
                + " outOfOrder=" + outOfOrder + " lost=" + lost;
    }
}
