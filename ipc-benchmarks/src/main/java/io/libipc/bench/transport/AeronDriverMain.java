package io.libipc.bench.transport;

import io.aeron.driver.Configuration;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.concurrent.BackoffIdleStrategy;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Aeron's media driver for a benchmark run, in its own JVM as Aeron recommends for IPC between
 * processes: {@code java ... io.libipc.bench.transport.AeronDriverMain <aeronDir>}. Prints
 * {@code READY} once clients can connect, runs until its standard input reaches end of file (the
 * harness closes it) or the process is stopped, then closes the driver, which deletes its
 * directory.
 *
 * <p>Settings, and why:
 * <ul>
 *   <li>{@link ThreadingMode#SHARED}, one driver thread for conductor, sender and receiver: with
 *       {@code aeron:ipc} the driver is not on the data path (publishers write the log buffer,
 *       subscribers read it, both in shared memory); its thread only handles commands, moves
 *       the publisher limit forward as subscribers advance (every window/8 bytes, i.e. 4 MiB) and
 *       zeroes consumed terms. Aeron's own IPC sample configuration ({@code aeron-ipc.properties})
 *       also uses SHARED.</li>
 *   <li>{@link BackoffIdleStrategy} with Aeron's default parameters (10 spins, 20 yields, then
 *       parks from 1 us to 1 ms) instead of that sample's busy spin: this machine has 2 vCPUs and
 *       the busy-spinning sender and receiver already take both; a spinning driver would take
 *       time from them and distort every figure. The publisher's window is half a term (32 MiB),
 *       so a driver parked up to 1 ms never stalls it (32 MiB is ~20 ms of writing at the
 *       fastest rate seen here).</li>
 *   <li>IPC MTU 8 KiB (Aeron's default is 1408, chosen for UDP; {@code aeron-ipc.properties}
 *       uses 8k): fewer, larger fragments for big messages, and 4 KiB messages travel unfragmented.
 *       A setting of the driver rather than a channel parameter so every client sees the same.</li>
 *   <li>Non-sparse term buffers (Aeron's low-latency setting): the log files are allocated when a
 *       publication is created, not page by page while messages are being written.</li>
 *   <li>IPC term length left at Aeron's default of 64 MiB: the largest message is termLength / 8
 *       = 8 MiB, enough for the 1 MiB messages of the benchmarks.</li>
 *   <li>The directory is deleted on start (a stale one from a killed run) and on shutdown.</li>
 * </ul>
 * Other {@code aeron.*} system properties still apply, for experiments.
 */
public final class AeronDriverMain {

    /** The IPC MTU: see the class comment. */
    static final int IPC_MTU_LENGTH = 8 * 1024;

    private AeronDriverMain() {
    }

    /**
     * Runs the media driver until standard input ends.
     *
     * @param args the Aeron directory (the harness passes {@code runDir/aeron})
     * @throws IOException if standard input cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: AeronDriverMain <aeron directory>");
            System.exit(2);
        }
        MediaDriver.Context context = new MediaDriver.Context()
            .aeronDirectoryName(args[0])
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy(Configuration.IDLE_MAX_SPINS,
                Configuration.IDLE_MAX_YIELDS, Configuration.IDLE_MIN_PARK_NS, Configuration.IDLE_MAX_PARK_NS))
            .ipcMtuLength(IPC_MTU_LENGTH)
            .termBufferSparseFile(false);

        MediaDriver driver = MediaDriver.launch(context);
        AtomicBoolean closed = new AtomicBoolean();
        Runnable close = () -> {
            if (closed.compareAndSet(false, true)) {
                driver.close();
            }
        };
        // Killed with SIGTERM/SIGINT (the harness on Ctrl-C): still delete the directory.
        Runtime.getRuntime().addShutdownHook(new Thread(close, "aeron-driver-close"));

        System.out.println("READY");
        System.out.flush();

        // The harness keeps our stdin open for as long as it wants the driver; EOF means stop.
        InputStream in = System.in;
        byte[] ignored = new byte[256];
        try {
            while (in.read(ignored) >= 0) {
                // input carries no commands; only its end matters
            }
        } finally {
            close.run();
        }
    }
}
