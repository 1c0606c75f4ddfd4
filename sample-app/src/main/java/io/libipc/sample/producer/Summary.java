package io.libipc.sample.producer;

import io.libipc.sample.ConsumerReport;

import java.util.List;
import java.util.Locale;


/**
 * The demo's closing account, printed on the console: what was sent, and for each consumer heard
 * from, what it received (from its final report) or that it went away.
 */
final class Summary {

    private final long sent;
    private final long unsent;
    private final long lastSequence;
    private final long elapsedNanos;
    private final List<ConsumerReport> consumers;
    private final ReportBoard board;

    /**
     * Creates the summary.
     *
     * @param sent ticks sent
     * @param unsent ticks not sent because no consumer was connected
     * @param lastSequence the last sequence sent
     * @param elapsedNanos how long the stream took
     * @param consumers the latest report of each consumer heard from
     * @param board their final reports
     */
    Summary(long sent, long unsent, long lastSequence, long elapsedNanos, List<ConsumerReport> consumers,
            ReportBoard board) {
        this.sent = sent;
        this.unsent = unsent;
        this.lastSequence = lastSequence;
        this.elapsedNanos = elapsedNanos;
        this.consumers = consumers;
        this.board = board;
    }

    /**
     * Prints the summary.
     *
     * @return true when at least one consumer reported and every consumer that reported received
     *         every tick sent after it joined; a consumer that went away (killed, stopped) before
     *         the end does not count against it
     */
    boolean print() {
        double seconds = elapsedNanos / 1e9;
        System.out.println();
        System.out.println("==== summary ====");
        System.out.println(String.format(Locale.ROOT, "summary: sent=%d ticks in %.2f s (%.0f/s) unsent=%d lastSequence=%d",
                sent, seconds, sent / Math.max(seconds, 1e-9), unsent, lastSequence));
        int reported = 0;
        boolean allComplete = true;
        for (ConsumerReport latest : consumers) {
            ConsumerReport last = board.finalReport(latest.consumerId());
            if (last == null) {
                System.out.println("summary: " + latest.consumerId() + " pid=" + latest.pid()
                        + " GONE (no final report; went away before the end) last progress: " + latest.describe());
                continue;
            }
            reported++;
            boolean complete = last.isComplete(lastSequence);
            allComplete &= complete;
            System.out.println("summary: " + last.consumerId() + " pid=" + last.pid() + " "
                    + (complete ? "COMPLETE" : "INCOMPLETE") + " " + last.describe()
                    + " expected=" + (lastSequence - last.firstSequence() + 1));
            System.out.println("summary: " + last.consumerId() + " latency send->listener over " + last.latency().count()
                    + " ticks (after " + (last.received() - last.latency().count()) + " warm-up): " + last.latency().describe());
        }
        boolean ok = reported > 0 && allComplete;
        System.out.println(ok
                ? "summary: OK: every consumer that stayed received every tick sent after it joined, in order, none lost"
                : "summary: FAILED: " + (reported == 0 ? "no consumer reported" : "a consumer missed ticks (see above)"));
        return ok;
    }
}
