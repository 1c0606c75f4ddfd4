package io.libipc.backend.libipc.support;

import io.libipc.support.OutputLines;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A running {@code libipc_peer}: the C++ test peer, on cpp-ipc directly, built by
 * {@link LibipcHome}. Its event lines (the first word one of the peer's keywords) are queued for
 * {@link #awaitLine}; other lines on its standard output ({@code force_push: ...}, which cpp-ipc
 * prints itself) are dropped, its standard error is kept for failure messages. {@link #kill()}
 * is kill -9. One test thread drives a peer.
 */
public final class CppPeer implements AutoCloseable {

    /** The first words of the peer's event lines (libipc_peer.cpp, OUTPUT). */
    private static final Set<String> KEYWORDS = Set.of("READY", "SENT", "RECEIVED", "TIMEOUT", "ECHOED", "RTT",
            "THROUGHPUT-SEND", "THROUGHPUT-RECV", "COUNT", "WAIT", "HELD", "CLEARED", "ERROR");

    /** The lines after which the peer exits (libipc_peer.cpp prints nothing more). */
    private static final Set<String> FINAL = Set.of("SENT", "RECEIVED", "ECHOED", "RTT", "THROUGHPUT-SEND",
            "THROUGHPUT-RECV", "COUNT", "WAIT", "HELD", "CLEARED", "ERROR");

    private final String label;
    private final Process process;
    private final OutputLines lines;
    private final StringBuffer stderr = new StringBuffer();
    private final StringBuffer dropped = new StringBuffer();
    private volatile boolean finished;

    private CppPeer(String label, Process process) {
        this.label = label;
        this.process = process;
        this.lines = new OutputLines(label);
        Thread out = new Thread(() -> pump(true), label + "-stdout");
        Thread err = new Thread(() -> pump(false), label + "-stderr");
        out.setDaemon(true);
        err.setDaemon(true);
        out.start();
        err.start();
    }

    /**
     * Starts the peer.
     *
     * @param args its command line after the program: {@code <command> <route|channel> <args...> [--option value ...]}
     * @return the running peer
     */
    public static CppPeer start(String... args) {
        List<String> command = new ArrayList<>();
        command.add(LibipcHome.peer().toString());
        command.addAll(Arrays.asList(args));
        try {
            Process process = new ProcessBuilder(command).start();
            process.getOutputStream().close();
            return new CppPeer("libipc_peer " + args[0] + "@" + process.pid(), process);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the C++ peer: " + command, e);
        }
    }

    /**
     * Runs the peer to its end.
     *
     * @param timeout how long it may take
     * @param args as for {@link #start}
     * @return the finished peer, to read its lines and exit code
     */
    public static CppPeer run(Duration timeout, String... args) {
        CppPeer peer = start(args);
        peer.awaitExit(timeout);
        return peer;
    }

    /**
     * Waits for the next event line starting with {@code prefix}; an {@code ERROR} line on the way
     * fails at once (unless {@code ERROR} is what is awaited).
     *
     * @param prefix e.g. {@code "READY"} or {@code "RECEIVED "}
     * @param timeout how long at most
     * @return the line
     * @throws AssertionError when the peer fails, ends or the time runs out first, with its output
     */
    public String awaitLine(String prefix, Duration timeout) {
        return lines.await(l -> {
            if (l.startsWith("ERROR") && !prefix.startsWith("ERROR")) {
                throw new AssertionError(label + ": " + l + describe());
            }
            return l.startsWith(prefix);
        }, "starting with '" + prefix + "'", timeout, this::describe);
    }

    /**
     * Waits for the next line starting with {@code prefix} and splits it into its words.
     *
     * @param prefix the line's first word
     * @param timeout how long at most
     * @return its words, the keyword first
     */
    public String[] awaitWords(String prefix, Duration timeout) {
        return awaitLine(prefix, timeout).split(" ");
    }

    /**
     * Waits for the peer to exit.
     *
     * @param timeout how long at most
     * @return its exit code (libipc_peer.cpp: 0 done, 1 mismatch/loss/failed sends, 2 usage, 3 no connection or timeout)
     * @throws AssertionError when it is still running after the timeout
     */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(label + ": still running after " + timeout + describe());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(label + ": interrupted", e);
        }
    }

    /** Kills the peer with SIGKILL (kill -9: {@link Process#destroyForcibly()} on Linux) and waits until it is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError(label + ": still alive 30 s after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return whether the peer is still running */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** @return the peer's pid */
    public long pid() {
        return process.pid();
    }

    /** @return the lines consumed so far, its dropped noise and its standard error, for assertion messages */
    public String describe() {
        return "\n--- " + label + " (alive=" + process.isAlive() + ") event lines consumed: " + lines.consumed()
                + "\n--- other stdout lines:\n" + dropped + "--- stderr:\n" + stderr;
    }

    /**
     * Ends the peer: one that has printed its last line is given a few seconds to exit by itself,
     * any other is killed at once. A kill -9 while cpp-ipc's exit handlers run would leave the
     * reference counts of its machine-wide objects ({@code __IPC_SHM__CHUNK_INFO__*},
     * {@code __IPC_SHM__CA_CONN__}) raised, and the objects in /dev/shm for good.
     */
    @Override
    public void close() {
        if (process.isAlive() && finished) {
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (process.isAlive()) {
            kill();
        }
    }

    private void pump(boolean out) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                out ? process.getInputStream() : process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!out) {
                    stderr.append(line).append('\n');
                } else if (KEYWORDS.contains(line.split(" ", 2)[0])) {
                    finished |= FINAL.contains(line.split(" ", 2)[0]);
                    lines.add(line);
                } else if (dropped.length() < 4096) {
                    dropped.append(line).append('\n');
                }
            }
        } catch (IOException ignored) {
            // The peer went away; end() below tells the waiters.
        } finally {
            if (out) {
                lines.end();
            }
        }
    }
}
