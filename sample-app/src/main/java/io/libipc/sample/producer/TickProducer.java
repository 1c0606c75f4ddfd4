package io.libipc.sample.producer;

import io.libipc.IpcException;
import io.libipc.IpcStatus;
import io.libipc.sample.ConsumerReport;
import io.libipc.sample.ControlFrame;
import io.libipc.sample.DemoProperties;
import io.libipc.sample.SampleChannels;
import io.libipc.spring.autoconfigure.IpcProperties;
import io.libipc.spring.core.IpcOperations;
import jakarta.annotation.PreDestroy;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.core.env.Environment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The producer role and the demo's main job: starts a consumer in a second JVM (unless told not
 * to), waits for the consumers to connect, streams price ticks through {@link IpcOperations} while
 * printing progress, ends the stream, prints the consumers' final accounts, and makes everybody
 * leave. {@link #runDemo()} runs on the main thread once the application is up and ready (not as
 * an {@code ApplicationRunner}: until the runners return, the readiness state, and with it
 * {@code /actuator/health}, says OUT_OF_SERVICE); its exit code is the process's.
 *
 * <p>A bean of the producer role, registered by {@link io.libipc.sample.SampleRoles}.
 */
public class TickProducer implements ExitCodeGenerator {

    private static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(20);

    private final IpcOperations ipc;
    private final DemoProperties demo;
    private final IpcProperties ipcProperties;
    private final ReportBoard board;
    private final Environment environment;
    private final StopSignal stop = new StopSignal();
    private final ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-progress");
        t.setDaemon(true);
        return t;
    });

    private volatile ConsumerLauncher launcher;
    private volatile boolean shuttingDown;
    private boolean left;
    private volatile long sent;
    private volatile long lastSequence;
    private volatile long unsent;
    private volatile int exitCode;
    private long progressSent;
    private long progressNanos;

    /**
     * Creates the producer.
     *
     * @param ipc sends ticks and control frames
     * @param demo the demo options
     * @param ipcProperties passed on to the consumer it starts (name prefix, directory)
     * @param board the consumers' reports
     * @param environment for this process's HTTP port
     */
    public TickProducer(IpcOperations ipc, DemoProperties demo, IpcProperties ipcProperties, ReportBoard board,
            Environment environment) {
        this.ipc = ipc;
        this.demo = demo;
        this.ipcProperties = ipcProperties;
        this.board = board;
        this.environment = environment;
    }

    /**
     * Runs the demo from start to end; returns when the producer has left (normally, on error, or
     * when stopped from outside).
     */
    public void runDemo() {
        String port = environment.getProperty("local.server.port", "?");
        say("producer: pid=" + ProcessHandle.current().pid() + " health=http://localhost:" + port
                + "/actuator/health metrics=http://localhost:" + port + "/actuator/metrics/ipc.messages.sent");
        try {
            if (demo.isSpawnConsumer()) {
                launcher = ConsumerLauncher.start("consumer-1", consumerArguments());
                say("producer: started consumer-1 in a second JVM, pid=" + launcher.pid());
            }
            if (!awaitConsumers()) {
                return;
            }
            progressNanos = System.nanoTime();
            long period = demo.getProgressInterval().toMillis();
            progress.scheduleAtFixedRate(this::printProgress, period, period, TimeUnit.MILLISECONDS);
            long started = System.nanoTime();
            stream();
            long elapsed = System.nanoTime() - started;
            if (shuttingDown) {
                return;
            }
            progress.shutdownNow();
            List<ConsumerReport> reports = endStream();
            exitCode = new Summary(sent, unsent, lastSequence, elapsed, reports, board).print() ? 0 : 1;
            if (demo.isKeepRunning()) {
                keepRunning(port);
            }
        } catch (RuntimeException e) {
            if (!shuttingDown) {
                exitCode = 1;
                say("producer: failed: " + e);
                e.printStackTrace(System.out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exitCode = 1;
        } finally {
            leave();
        }
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }

    /**
     * Whether the process is being stopped from outside (SIGTERM, Ctrl+C) rather than ending the demo itself.
     *
     * @return true once the context is closing
     */
    public boolean isStoppedFromOutside() {
        return shuttingDown;
    }

    /** Stopped from outside (SIGTERM, Ctrl+C): stop streaming and make the consumers leave. */
    @PreDestroy
    public void shutDown() {
        shuttingDown = true;
        stop.request();
        leave();
    }

    private List<String> consumerArguments() {
        List<String> arguments = new ArrayList<>();
        arguments.add("--ipc.name-prefix=" + ipcProperties.getNamePrefix());
        if (ipcProperties.getStorageDirectory() != null) {
            arguments.add("--ipc.storage-directory=" + ipcProperties.getStorageDirectory());
        }
        // Its own free port, whatever this process was given (SERVER_PORT is inherited).
        arguments.add("--server.port=0");
        arguments.add("--demo.progress-interval=" + demo.getProgressInterval().toMillis() + "ms");
        arguments.add("--demo.warmup=" + demo.getWarmup().toMillis() + "ms");
        // This process prints the consumer's progress beside its own.
        arguments.add("--demo.print-progress=false");
        return arguments;
    }

    private boolean awaitConsumers() throws InterruptedException {
        int wanted = demo.getConsumers();
        say("producer: waiting for " + wanted + " consumer(s) to connect to '" + SampleChannels.TICKS + "' and '"
                + SampleChannels.CONTROL + "'");
        long deadline = System.nanoTime() + demo.getConnectTimeout().toNanos();
        // In slices, to notice a consumer JVM that died on start-up or a stop request.
        // Connected is not enough: a consumer's receivers connect while its context starts, and its
        // listeners run only later (seconds on a busy machine); its first report says it listens.
        while (!ipc.waitForReceivers(SampleChannels.TICKS, wanted, Duration.ofMillis(500))
                || !ipc.waitForReceivers(SampleChannels.CONTROL, wanted, Duration.ofMillis(500))
                || board.latest().size() < wanted) {
            if (launcher != null && !launcher.isAlive()) {
                say("producer: consumer-1 exited before connecting (exit code " + launcher.awaitExit(Duration.ZERO) + ")");
                exitCode = 2;
                return false;
            }
            if (stop.isRequested() || System.nanoTime() - deadline > 0) {
                say("producer: gave up waiting: " + ipc.receiverCount(SampleChannels.TICKS) + " of " + wanted
                        + " consumer(s) connected, " + board.latest().size() + " listening");
                exitCode = 2;
                return false;
            }
        }
        say("producer: " + ipc.receiverCount(SampleChannels.TICKS) + " consumer(s) connected and listening; streaming "
                + (demo.getCount() == 0 ? "until Enter is pressed" : demo.getCount() + " ticks") + " at "
                + (demo.getRate() == 0 ? "full speed" : demo.getRate() + " ticks/s"));
        return true;
    }

    private void stream() {
        TickSource source = new TickSource();
        long interval = demo.getRate() == 0 ? 0 : TimeUnit.SECONDS.toNanos(1) / demo.getRate();
        long start = System.nanoTime();
        for (long sequence = 1; demo.getCount() == 0 || sequence <= demo.getCount(); sequence++) {
            if (stop.isRequested()) {
                return;
            }
            if (interval > 0) {
                // An absolute schedule: a late wake-up is made up by the next ticks, so the rate holds.
                long wait = start + (sequence - 1) * interval - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            try {
                ipc.send(SampleChannels.TICKS, source.next(sequence));
                sent++;
                lastSequence = sequence;
            } catch (IpcException e) {
                if (e.status() != IpcStatus.ERROR_SEND_FAILED) {
                    throw e;
                }
                unsent++;
                awaitAnyConsumer();
                // Start the schedule afresh rather than burst to catch up.
                start = System.nanoTime() - sequence * interval;
            }
        }
    }

    /** Every consumer has gone: the next tick is sent once one is back (or a stop is requested). */
    private void awaitAnyConsumer() {
        say("producer: no consumer connected; waiting for one (press Enter to stop)");
        while (!stop.isRequested() && !ipc.waitForReceivers(SampleChannels.TICKS, 1, Duration.ofMillis(200))) {
            // waitForReceivers is the wait.
        }
    }

    private List<ConsumerReport> endStream() throws InterruptedException {
        int connected = ipc.receiverCount(SampleChannels.TICKS);
        ControlFrame end = new ControlFrame(ControlFrame.Kind.END, sent, lastSequence);
        say("producer: stream ended: sent=" + sent + " lastSequence=" + lastSequence + "; waiting for the final"
                + " reports of " + connected + " consumer(s)");
        if (connected > 0 && sendControl(end) && !board.awaitFinals(connected, demo.getReportTimeout().toMillis())) {
            say("producer: warning: not every consumer reported within " + demo.getReportTimeout().toSeconds() + " s");
        }
        return board.latest();
    }

    private void keepRunning(String port) throws InterruptedException {
        say("keep-running: producer health=http://localhost:" + port + "/actuator/health metrics=http://localhost:"
                + port + "/actuator/metrics");
        for (ConsumerReport report : board.latest()) {
            ConsumerReport last = board.finalReport(report.consumerId());
            if (last != null) {
                say("keep-running: " + last.consumerId() + " health=http://localhost:" + last.httpPort()
                        + "/actuator/health metrics=http://localhost:" + last.httpPort() + "/actuator/metrics");
            }
        }
        // Read before the message: an Enter typed after it must count.
        int seen = stop.presses();
        say(stop.isConsoleClosed()
                ? "keep-running: no console; stop the process (SIGTERM) to stop the producer and its consumers"
                : "keep-running: press Enter to stop the producer and its consumers (or stop the process)");
        stop.awaitPressAfter(seen);
    }

    /**
     * Tells the consumers to leave, waits for them, and for the consumer JVM it started. Idempotent;
     * a second caller waits until the first is done: stopped from outside while the main thread
     * leaves, the context must not close the channels under it.
     */
    private synchronized void leave() {
        if (left) {
            return;
        }
        left = true;
        progress.shutdownNow();
        try {
            if (sendControl(new ControlFrame(ControlFrame.Kind.SHUTDOWN, sent, lastSequence))) {
                long deadline = System.nanoTime() + LEAVE_TIMEOUT.toNanos();
                // Polled: there is no "wait until fewer receivers"; a consumer that exits is gone from the count at once.
                while (ipc.receiverCount(SampleChannels.TICKS) > 0 && System.nanoTime() - deadline < 0) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                }
            }
        } catch (RuntimeException e) {
            say("producer: could not tell the consumers to leave: " + e.getMessage());
        }
        ConsumerLauncher consumer = launcher;
        if (consumer != null) {
            say("producer: consumer-1 exited with code " + consumer.awaitExit(LEAVE_TIMEOUT));
        }
    }

    /** Sends a control frame, giving a busy ring a few tries; false when nobody is connected. */
    private boolean sendControl(ControlFrame frame) {
        for (int attempt = 0; attempt < 20; attempt++) {
            if (ipc.receiverCount(SampleChannels.CONTROL) == 0) {
                return false;
            }
            if (ipc.trySend(SampleChannels.CONTROL, frame.toBytes())) {
                return true;
            }
        }
        return false;
    }

    private void printProgress() {
        try {
            long now = System.nanoTime();
            long count = sent;
            double rate = (count - progressSent) * 1e9 / Math.max(1, now - progressNanos);
            progressSent = count;
            progressNanos = now;
            sendControl(new ControlFrame(ControlFrame.Kind.HEARTBEAT, count, lastSequence));
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "progress: sent=%d rate=%.0f/s receivers=%d",
                    count, rate, ipc.receiverCount(SampleChannels.TICKS)));
            for (ConsumerReport report : board.latest()) {
                line.append(" | ").append(report.consumerId()).append(" received=").append(report.received())
                        .append(" missing=").append(report.missing()).append(" lost=").append(report.lost())
                        .append(" latency p50=").append(report.latency().format(report.latency().p50()))
                        .append(" p99=").append(report.latency().format(report.latency().p99()));
            }
            say(line.toString());
        } catch (RuntimeException e) {
            // A progress line is not worth stopping the stream for; the channel may be closing.
            say("progress: unavailable: " + e.getMessage());
        }
    }

    private static void say(String line) {
        System.out.println(line);
    }
}
