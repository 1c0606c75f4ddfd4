package io.libipc.sample.producer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A stop requested by a person pressing Enter on the console (any line on standard input), or by
 * the application itself. Where there is no console (standard input at its end at once, as in a
 * container), only {@link #request()} stops: the process then runs until it is stopped from outside.
 */
public final class StopSignal {

    private final CountDownLatch requested = new CountDownLatch(1);
    private volatile boolean consoleClosed;

    /** Starts reading standard input on a daemon thread. */
    public StopSignal() {
        Thread reader = new Thread(this::readConsole, "demo-console");
        reader.setDaemon(true);
        reader.start();
    }

    /** Requests the stop. */
    public void request() {
        requested.countDown();
    }

    /**
     * Whether a stop was requested.
     *
     * @return true once requested
     */
    public boolean isRequested() {
        return requested.getCount() == 0;
    }

    /**
     * Whether standard input has ended, so Enter cannot stop anything.
     *
     * @return true when there is no console
     */
    public boolean isConsoleClosed() {
        return consoleClosed;
    }

    /**
     * Waits for the stop.
     *
     * @param timeoutNanos how long at most
     * @return true when requested
     * @throws InterruptedException when interrupted
     */
    public boolean await(long timeoutNanos) throws InterruptedException {
        return requested.await(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void readConsole() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset()))) {
            if (in.readLine() != null) {
                request();
                return;
            }
        } catch (IOException e) {
            // No usable console: the same as none.
        }
        consoleClosed = true;
    }
}
