package io.libipc.bench.harness;

import io.libipc.bench.transport.IdleMode;
import io.libipc.bench.transport.Transport;
import io.libipc.bench.transport.Transports;
import org.HdrHistogram.Histogram;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * The child side of each measurement, one JVM per role:
 * <ul>
 *   <li>{@code echo system runDir pingLink pongLink size count}: receives on the ping link and sends each
 *       message back on the pong link;</li>
 *   <li>{@code sink system runDir link size}: receives until the second 1-byte marker message and
 *       reports how many messages of {@code size} bytes came between the two markers and how
 *       long that took (what came before the first marker was warm-up);</li>
 *   <li>{@code wake system runDir link size count}: ignores warm-up messages (any size but
 *       {@code size}), then receives {@code count} messages that come after idle gaps, and reports
 *       their one-way latency (from the send time stamped in them) and this process's CPU use.</li>
 * </ul>
 * Each prints {@code READY} once connected and {@code DONE key=value...} at the end.
 */
public final class Roles {

    /** Length of the messages that open and close a throughput measurement. */
    static final int MARKER_LENGTH = 1;

    private Roles() {
    }

    /**
     * Runs one role.
     *
     * @param args the role and its arguments
     */
    public static void main(String[] args) {
        exitWhenParentCloses();
        String role = args[0];
        String system = args[1];
        Path runDir = Path.of(args[2]);
        switch (role) {
            case "echo":
                echo(system, runDir, args[3], args[4], Integer.parseInt(args[5]), Long.parseLong(args[6]));
                break;
            case "sink":
                sink(system, runDir, args[3], Integer.parseInt(args[4]));
                break;
            case "wake":
                wake(system, runDir, args[3], Integer.parseInt(args[4]), Long.parseLong(args[5]));
                break;
            default:
                throw new IllegalArgumentException("unknown role " + role);
        }
    }

    /** Set once the parent closed standard input: a receive failing from then on is the way out. */
    private static volatile boolean stopping;
    /** What the watcher runs before it halts the JVM, e.g. ending a blocked receive; null for nothing. */
    private static volatile Runnable onParentClose;
    private static volatile Thread mainThread;

    /**
     * The harness ends a child by closing its standard input: a child blocked in a receive that
     * will never complete (its sender is gone) exits then, instead of being killed a while later.
     * Every child main calls this first. With an {@link #onParentClose} hook set, the main thread
     * gets up to 5 s to finish (close its channels) before the halt.
     */
    public static void exitWhenParentCloses() {
        mainThread = Thread.currentThread();
        Thread watcher = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // nothing is ever sent on stdin
                }
            } catch (java.io.IOException ignored) {
                // closed: same as end of input
            }
            stopping = true;
            Runnable hook = onParentClose;
            if (hook != null) {
                try {
                    hook.run();
                    mainThread.join(5_000);
                } catch (InterruptedException | RuntimeException ignored) {
                    // halt anyway
                }
            }
            System.out.flush();
            Runtime.getRuntime().halt(0);
        }, "parent-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void echo(String system, Path runDir, String pingLink, String pongLink, int size, long count) {
        try (Transport transport = Transports.create(system, IdleMode.SPIN, runDir);
             Transport.Sender pong = transport.sender(pongLink, size);
             Transport.Receiver ping = transport.receiver(pingLink, size)) {
            if (system.equals(Transports.LIBIPC_BACKEND)) {
                // cpp-ipc counts each process's references to its objects in /dev/shm and removes them
                // with the last one: a halted JVM would leave them behind. Closing the receiver from
                // the watcher ends the blocked receive; the channels then close here.
                onParentClose = ping::close;
            }
            System.out.println("READY");
            pong.awaitReceivers(1, 60_000);
            ByteBuffer buffer = ByteBuffer.allocateDirect(Math.max(size, 8));
            for (long i = 0; i < count; i++) {
                int n;
                try {
                    n = ping.receive(buffer);
                } catch (RuntimeException e) {
                    if (stopping) {
                        return;
                    }
                    throw e;
                }
                buffer.limit(n).position(0);
                pong.send(buffer);
            }
            System.out.println("DONE");
        }
    }

    private static void sink(String system, Path runDir, String link, int size) {
        String done;
        try (Transport transport = Transports.create(system, IdleMode.SPIN, runDir);
             Transport.Receiver in = transport.receiver(link, size)) {
            System.out.println("READY");
            ByteBuffer buffer = ByteBuffer.allocateDirect(Math.max(size, 8));
            int markers = 0;
            long count = 0;
            long bad = 0;
            long start = 0;
            while (markers < 2) {
                int n = in.receive(buffer);
                if (n == MARKER_LENGTH) {
                    if (++markers == 1) {
                        start = System.nanoTime();
                    }
                } else if (markers == 1) {
                    count++;
                    if (n != size) {
                        bad++;
                    }
                }
            }
            long nanos = System.nanoTime() - start;
            done = "DONE nanos=" + nanos + " count=" + count + " bad=" + bad;
        }
        // Only once the channels are closed: the parent closes this JVM's stdin (and so halts it) on DONE.
        System.out.println(done);
    }

    private static void wake(String system, Path runDir, String link, int size, long count) {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Histogram latency = new Histogram(3_600_000_000_000L, 3);
        String done;
        try (Transport transport = Transports.create(system, IdleMode.BLOCK, runDir);
             Transport.Receiver in = transport.receiver(link, size)) {
            System.out.println("READY");
            ByteBuffer buffer = ByteBuffer.allocateDirect(Math.max(size, 8)).order(ByteOrder.nativeOrder());
            while (in.receive(buffer) != size) {
                // warm-up messages: let the JIT compile the receive path before idling is measured
            }
            // Measure from the first idle-phase message on: start-up and warm-up are not idling.
            long cpu0 = os.getProcessCpuTime();
            long wall0 = System.nanoTime();
            for (long i = 1; i < count; i++) {
                in.receive(buffer);
                // System.nanoTime is CLOCK_MONOTONIC: comparable between processes of one machine.
                latency.recordValue(Math.max(0, System.nanoTime() - buffer.getLong(0)));
            }
            double cpuShare = (os.getProcessCpuTime() - cpu0) / (double) (System.nanoTime() - wall0);
            done = String.format(java.util.Locale.ROOT, "DONE p50=%.2f p99=%.2f cpu=%.2f", latency.getValueAtPercentile(50) / 1e3,
                    latency.getValueAtPercentile(99) / 1e3, 100 * cpuShare);
        }
        System.out.println(done);
    }
}
