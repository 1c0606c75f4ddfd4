package io.libipc.sample.consumer;

import io.libipc.sample.ConsumerReport;
import io.libipc.sample.ControlFrame;
import io.libipc.sample.DemoProperties;
import io.libipc.sample.LatencyClock;
import io.libipc.sample.PriceTick;
import io.libipc.sample.SampleChannels;
import io.libipc.spring.annotation.IpcListener;
import io.libipc.spring.core.IpcOperations;
import io.libipc.spring.support.IpcHeaders;
import jakarta.annotation.PreDestroy;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.handler.annotation.Header;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The consumer role: receives price ticks (JSON, converted to {@link PriceTick} by
 * {@code @IpcListener}) and the producer's control frames (raw bytes), measures, and reports to
 * the producer over the {@code reports} channel: progress every interval, a final account once the
 * stream has ended. It exits when the producer says it is leaving.
 *
 * <p>Threads: each channel has its own receive thread calling its listener; a single reporting
 * thread sends the reports.
 *
 * <p>A bean of the consumer role, registered by {@link io.libipc.sample.SampleRoles}.
 */
public class TickConsumer {

    /** How long a final report keeps being offered while the producer's receiver is busy or absent. */
    private static final Duration FINAL_REPORT_PATIENCE = Duration.ofSeconds(10);

    private final IpcOperations ipc;
    private final DemoProperties demo;
    private final ConfigurableApplicationContext context;
    private final String consumerId;
    private final TickStatistics statistics;
    private final ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-reporter");
        t.setDaemon(true);
        return t;
    });

    private volatile int httpPort;
    private volatile ControlFrame lastHeartbeat;
    private volatile ControlFrame end;
    private volatile long endArrivedNanos;
    private boolean finalSent;

    /**
     * Creates the consumer.
     *
     * @param ipc sends the reports
     * @param demo the demo options
     * @param context closed when the producer leaves
     */
    public TickConsumer(IpcOperations ipc, DemoProperties demo, ConfigurableApplicationContext context) {
        this.ipc = ipc;
        this.demo = demo;
        this.context = context;
        this.consumerId = demo.consumerIdOrDefault();
        this.statistics = new TickStatistics(demo.getWarmup());
    }

    /**
     * Receives one tick.
     *
     * @param tick the tick, from JSON
     * @param lostMessages how many messages this receiver has lost to eviction so far
     */
    @IpcListener(channel = SampleChannels.TICKS, id = "ticks")
    public void onTick(PriceTick tick, @Header(IpcHeaders.LOST_MESSAGES) long lostMessages) {
        statistics.record(tick.sequence(), LatencyClock.now() - tick.sentAtNanos(), lostMessages);
    }

    /**
     * Receives one control frame.
     *
     * @param bytes the frame, as raw bytes
     */
    @IpcListener(channel = SampleChannels.CONTROL, id = "control")
    public void onControl(byte[] bytes) {
        ControlFrame frame = ControlFrame.fromBytes(bytes);
        switch (frame.kind()) {
            case HEARTBEAT -> lastHeartbeat = frame;
            case END -> {
                endArrivedNanos = System.nanoTime();
                end = frame;
                reporter.execute(this::finishWhenDrained);
            }
            case SHUTDOWN -> {
                say("the producer is leaving; exiting");
                // Not on this receive thread: closing the context waits for the listeners to stop.
                Thread exit = new Thread(() -> System.exit(SpringApplication.exit(context, () -> 0)), "demo-exit");
                exit.start();
            }
        }
    }

    /**
     * Says the consumer is ready and starts the reports, once the web server has its port.
     *
     * @param event the event
     */
    @EventListener
    public void onReady(ApplicationReadyEvent event) {
        httpPort = event.getApplicationContext().getEnvironment().getProperty("local.server.port", Integer.class, 0);
        say("ready: " + consumerId + " pid=" + ProcessHandle.current().pid() + " health=http://localhost:" + httpPort
                + "/actuator/health metrics=http://localhost:" + httpPort + "/actuator/metrics/ipc.messages.received");
        if (!LatencyClock.isComparableAcrossProcesses()) {
            say("warning: System.nanoTime() is not shared by processes on this system; latency figures are meaningless");
        }
        // The first report at once: it tells the producer that this consumer listens (connected
        // alone is not enough: a receiver connects while the context starts, before its listeners run).
        reporter.scheduleAtFixedRate(this::reportProgress, 0, demo.getProgressInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the reports when the context closes. */
    @PreDestroy
    public void stopReporting() {
        reporter.shutdownNow();
    }

    private void reportProgress() {
        if (finalSent) {
            return;
        }
        ConsumerReport report = statistics.report(consumerId, ConsumerReport.Kind.PROGRESS).withHttpPort(httpPort);
        // trySend: nobody may be listening (the producer not started yet, or gone); that is fine.
        ipc.trySend(SampleChannels.REPORTS, report);
        if (demo.isPrintProgress()) {
            ControlFrame heartbeat = lastHeartbeat;
            String behind = heartbeat == null ? "" : " behind=" + Math.max(0, heartbeat.lastSequence() - report.lastSequence());
            say("progress: " + consumerId + " " + report.describe() + behind + " latency " + report.latency().describe());
        }
    }

    /** Runs on the reporting thread until the ticks sent before the end frame have arrived. */
    private void finishWhenDrained() {
        ControlFrame frame = end;
        if (finalSent || frame == null) {
            return;
        }
        boolean drained = statistics.lastSequence() >= frame.lastSequence();
        long drain = demo.getDrainTimeout().toNanos();
        boolean idle = statistics.nanosSinceLastArrival() >= drain && System.nanoTime() - endArrivedNanos >= drain;
        if (!drained && !idle) {
            reporter.schedule(this::finishWhenDrained, 20, TimeUnit.MILLISECONDS);
            return;
        }
        finalSent = true;
        ConsumerReport report = statistics.report(consumerId, ConsumerReport.Kind.FINAL).withHttpPort(httpPort);
        say("final: " + consumerId + " " + report.describe() + " latency " + report.latency().describe());
        long deadline = System.nanoTime() + FINAL_REPORT_PATIENCE.toNanos();
        while (!ipc.trySend(SampleChannels.REPORTS, report)) {
            if (System.nanoTime() - deadline > 0) {
                say("warning: the producer did not take the final report");
                return;
            }
        }
    }

    private static void say(String line) {
        System.out.println(line);
    }
}
