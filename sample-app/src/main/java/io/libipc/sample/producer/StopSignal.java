package io.libipc.sample.producer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;

/**
 * Stops asked for by a person pressing Enter on the console (any line on standard input), or by
 * the application itself ({@link #request()}, which ends every wait). Each Enter counts: the first
 * may end an endless stream, the next one a run kept alive after its summary. Where there is no
 * console (standard input at its end at once, as in a container), only {@link #request()} stops:
 * the process then runs until it is stopped from outside.
 */
public final class StopSignal {

    private int presses;
    private boolean requested;
    private volatile boolean consoleClosed;

    /** Starts reading standard input on a daemon thread. */
    public StopSignal() {
        Thread reader = new Thread(this::readConsole, "demo-console");
        reader.setDaemon(true);
        reader.start();
    }

    /** Requests a stop that ends every wait, now and later. */
    public synchronized void request() {
        requested = true;
        notifyAll();
    }

    /**
     * Whether a stop was requested or Enter pressed.
     *
     * @return true once either happened
     */
    public synchronized boolean isRequested() {
        return requested || presses > 0;
    }

    /**
     * How often Enter was pressed so far.
     *
     * @return the count
     */
    public synchronized int presses() {
        return presses;
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
     * Waits until Enter is pressed more often than {@code seen} times, or a stop is requested.
     *
     * @param seen the presses already accounted for
     * @throws InterruptedException when interrupted
     */
    public synchronized void awaitPressAfter(int seen) throws InterruptedException {
        while (!requested && presses <= seen) {
            wait();
        }
    }

    private void readConsole() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset()))) {
            while (in.readLine() != null) {
                synchronized (this) {
                    presses++;
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // No usable console: the same as none.
        }
        consoleClosed = true;
    }
}
