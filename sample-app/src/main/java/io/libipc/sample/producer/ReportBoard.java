package io.libipc.sample.producer;

import io.libipc.sample.ConsumerReport;
import io.libipc.sample.SampleChannels;
import io.libipc.spring.annotation.IpcListener;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The consumers' reports as they arrive on the {@code reports} channel: the latest progress of
 * each consumer, and the final accounts. Safe from any thread.
 *
 * <p>A bean of the producer role, registered by {@link io.libipc.sample.SampleRoles}.
 */
public class ReportBoard {

    private final Map<String, ConsumerReport> latest = new ConcurrentHashMap<>();
    private final Map<String, ConsumerReport> finals = new ConcurrentHashMap<>();

    /**
     * Takes one report.
     *
     * @param report the report, from JSON
     */
    @IpcListener(channel = SampleChannels.REPORTS, id = "reports")
    public void onReport(ConsumerReport report) {
        latest.put(report.consumerId(), report);
        if (report.kind() == ConsumerReport.Kind.FINAL) {
            synchronized (this) {
                finals.put(report.consumerId(), report);
                notifyAll();
            }
        }
    }

    /**
     * The latest report of every consumer heard from, sorted by id.
     *
     * @return the reports
     */
    public List<ConsumerReport> latest() {
        List<ConsumerReport> reports = new ArrayList<>(latest.values());
        reports.sort((a, b) -> a.consumerId().compareTo(b.consumerId()));
        return reports;
    }

    /**
     * The final report of a consumer.
     *
     * @param consumerId its id
     * @return the report, or null when none came
     */
    public ConsumerReport finalReport(String consumerId) {
        return finals.get(consumerId);
    }

    /**
     * Forgets the final reports, before a new end of stream.
     */
    public synchronized void clearFinals() {
        finals.clear();
    }

    /**
     * Waits until at least {@code count} final reports have come.
     *
     * @param count how many
     * @param timeoutMillis how long at most
     * @return true when they came
     * @throws InterruptedException when interrupted
     */
    public synchronized boolean awaitFinals(int count, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (finals.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }
}
