package io.libipc.support;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real child JVM running a {@code main} class from the test class path: how the tests prove
 * behaviour across processes. Its standard output is read line by line into a queue (the child
 * reports with lines such as {@code READY} or {@code RESULT ...}); its standard error is kept for
 * failure messages. {@link #kill()} is kill -9 (SIGKILL) on Linux.
 */
public final class ChildJvm implements AutoCloseable {

    private final String label;
    private final Process process;
    private final OutputLines lines;
    private final StringBuffer stderr = new StringBuffer();

    private ChildJvm(String label, Process process) {
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
     * Starts {@code main} in a new JVM with this JVM's class path.
     *
     * @param main a class with a {@code main(String[])} method
     * @param args its arguments
     * @return the running child
     */
    public static ChildJvm start(Class<?> main, String... args) {
        return start(List.of(), main, args);
    }

    /**
     * Starts {@code main} in a new JVM with extra JVM options.
     *
     * @param jvmOptions options such as {@code -Dx=y}
     * @param main a class with a {@code main(String[])} method
     * @param args its arguments
     * @return the running child
     */
    public static ChildJvm start(List<String> jvmOptions, Class<?> main, String... args) {
        return start(jvmOptions, List.of(), main, args);
    }

    /**
     * Starts {@code main} in a new JVM with extra JVM options and class path entries ahead of this
     * JVM's class path (classes generated for the child, e.g. by AOT processing).
     *
     * @param jvmOptions options such as {@code -Dx=y}
     * @param classPathFirst directories or jars to put first on the class path
     * @param main a class with a {@code main(String[])} method
     * @param args its arguments
     * @return the running child
     */
    public static ChildJvm start(List<String> jvmOptions, List<Path> classPathFirst, Class<?> main, String... args) {
        List<String> classPath = new ArrayList<>();
        classPathFirst.forEach(p -> classPath.add(p.toString()));
        classPath.add(System.getProperty("java.class.path"));
        return startWithClassPath(jvmOptions, String.join(File.pathSeparator, classPath), main, args);
    }

    /**
     * Starts {@code main} in a new JVM with extra JVM options and a class path of its own (e.g.
     * this JVM's without a library, to prove what happens when it is missing).
     *
     * @param jvmOptions options such as {@code -Dx=y}
     * @param classPath the child's whole class path
     * @param main a class with a {@code main(String[])} method
     * @param args its arguments
     * @return the running child
     */
    public static ChildJvm startWithClassPath(List<String> jvmOptions, String classPath, Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        // Small and quick to start: children are many and short-lived on a 2-core machine.
        command.add("-Xmx128m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Xshare:auto");
        if (Runtime.version().feature() >= 24) {
            // JNA (the futex call) is native access, which JDK 24+ asks to be allowed.
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add(main.getName());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).start();
            return new ChildJvm(main.getSimpleName() + "@" + process.pid(), process);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start child JVM: " + command, e);
        }
    }

    /** @return the child's pid (in this pid namespace) */
    public long pid() {
        return process.pid();
    }

    /** @return the underlying process */
    public Process process() {
        return process;
    }

    /**
     * Waits for the next output line that matches.
     *
     * @param match what the line must satisfy; other lines are skipped
     * @param timeout how long to wait
     * @return the line
     * @throws AssertionError when the child ends or the time runs out first, with its output
     */
    public String awaitLine(Predicate<String> match, Duration timeout) {
        return lines.await(match, "that matches", timeout, () -> " (exit " + exitValueOrNull() + ")" + describe());
    }

    /**
     * Waits for the next line starting with a prefix.
     *
     * @param prefix e.g. {@code "READY"}
     * @param timeout how long to wait
     * @return the line
     */
    public String awaitLine(String prefix, Duration timeout) {
        return awaitLine(l -> l.startsWith(prefix), timeout);
    }

    /**
     * Waits for the child to exit.
     *
     * @param timeout how long to wait
     * @return its exit code
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

    /** Kills the child with SIGKILL (kill -9) and waits until it is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return what the child wrote to standard error so far */
    public String stderr() {
        return stderr.toString();
    }

    /** @return the child's output and error so far, for assertion messages */
    public String describe() {
        return "\n--- stdout lines consumed: " + lines.consumed() + "\n--- stderr:\n" + stderr;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    private Integer exitValueOrNull() {
        try {
            process.waitFor(2, TimeUnit.SECONDS);
            return process.exitValue();
        } catch (IllegalThreadStateException | InterruptedException e) {
            return null;
        }
    }

    private void pump(boolean out) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                out ? process.getInputStream() : process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (out) {
                    lines.add(line);
                } else {
                    stderr.append(line).append('\n');
                }
            }
        } catch (IOException ignored) {
            // The child went away; end() below tells the waiters.
        } finally {
            if (out) {
                lines.end();
            }
        }
    }
}
