package io.libipc.bench.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JVM the harness starts from its own class path, reporting through standard output lines.
 * The harness kills only what it started: every child is closed (stdin closed, then killed if
 * still alive) when its measurement ends.
 */
final class ChildProcess implements AutoCloseable {

    private static final String EOF = "\u0000eof";
    /** Children still running: killed if the harness itself is stopped (Ctrl-C), and only those. */
    private static final java.util.Set<Process> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly), "kill-children"));
    }

    private final String label;
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer errors = new StringBuffer();

    private ChildProcess(String label, Process process) {
        this.label = label;
        this.process = process;
        RUNNING.add(process);
        pump(true);
        pump(false);
    }

    /**
     * Starts a main class with the harness's class path and JVM options.
     *
     * @param main the class
     * @param jvmOptions options for the child JVM
     * @param args its arguments
     * @return the child
     */
    static ChildProcess start(Class<?> main, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).start();
            return new ChildProcess(main.getSimpleName() + " " + String.join(" ", args), process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /**
     * Starts a native program (the C++ peer), reporting through standard output lines as the
     * JVM children do. It does not read its standard input: the caller ends it its own way (the
     * peer's commands end by themselves), else {@link #close()} kills it after 10 seconds.
     *
     * @param command the program and its arguments
     * @return the child
     */
    static ChildProcess exec(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).start();
            List<String> shown = new ArrayList<>(command);
            shown.set(0, Paths.get(command.get(0)).getFileName().toString());
            return new ChildProcess(String.join(" ", shown), process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /**
     * Waits for the next line starting with {@code prefix}.
     *
     * @param prefix e.g. {@code READY}
     * @param timeout how long to wait
     * @return the line
     */
    String await(String prefix, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (;;) {
                String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new IllegalStateException(label + ": no '" + prefix + "' within " + timeout + "; stderr:\n" + errors);
                }
                if (line.equals(EOF)) {
                    lines.add(EOF);
                    throw new IllegalStateException(label + ": ended before '" + prefix + "'; stderr:\n" + errors);
                }
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return the child's pid */
    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        } finally {
            RUNNING.remove(process);
        }
    }

    private void pump(boolean out) {
        Thread t = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                    out ? process.getInputStream() : process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (out) {
                        lines.add(line);
                    } else {
                        errors.append(line).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // The child is gone; EOF tells the waiters.
            } finally {
                if (out) {
                    lines.add(EOF);
                }
            }
        }, label + (out ? " stdout" : " stderr"));
        t.setDaemon(true);
        t.start();
    }
}
