package io.libipc.sample;

import io.libipc.support.OutputLines;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The repackaged sample jar ({@code sample.jar}, set by failsafe after {@code package}) run as a
 * real process with {@code java -jar}, as a user runs it. Output lines are queued for
 * {@link #awaitLine}; every line is also echoed to this JVM's output (the failsafe report) with a
 * label, so a failure shows what each process said. {@link #kill()} is kill -9.
 */
final class SampleJar implements AutoCloseable {

    /** Generous: on a busy 2-core machine a Spring Boot JVM can take half a minute to start. */
    static final Duration WAIT = Duration.ofSeconds(150);

    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String label;
    private final Process process;
    private final OutputLines lines;

    private SampleJar(String label, Process process) {
        this.label = label;
        this.process = process;
        this.lines = new OutputLines(label);
        Thread pump = new Thread(this::pump, label + "-output");
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * The jar under test.
     *
     * @return its path
     */
    static Path jar() {
        String jar = System.getProperty("sample.jar");
        if (jar == null || !Files.isRegularFile(Paths.get(jar))) {
            throw new IllegalStateException("no repackaged sample jar at sample.jar=" + jar + " (run after package: mvn verify)");
        }
        return Paths.get(jar);
    }

    /**
     * A name prefix of this test JVM alone, so that tests never meet other runs' storage.
     *
     * @return e.g. {@code libipc-sample-it.4242-1.}
     */
    static String uniquePrefix() {
        return "libipc-sample-it." + ProcessHandle.current().pid() + "-" + PREFIXES.incrementAndGet() + ".";
    }

    /**
     * The storage files in /dev/shm named with a prefix.
     *
     * @param prefix the prefix
     * @return the files
     */
    static List<Path> storageFiles(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(Paths.get("/dev/shm"))) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
        }
    }

    /**
     * Removes what a failed run left in /dev/shm under a prefix, so the next test starts clean.
     *
     * @param prefix the prefix
     */
    static void removeStorage(String prefix) throws IOException {
        for (Path file : storageFiles(prefix)) {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Starts {@code java -jar ipc-sample-app.jar <args>}.
     *
     * @param label a name for the output
     * @param args the application's arguments
     * @return the running process
     */
    static SampleJar start(String label, String... args) {
        return start(label, List.of(), args);
    }

    /**
     * Starts {@code java -Dspring.aot.enabled=true -jar ipc-sample-app.jar <args>}: the application
     * as the build AOT-processed it (the producer passes the option on to the consumer it starts).
     *
     * @param label a name for the output
     * @param args the application's arguments
     * @return the running process
     */
    static SampleJar startAot(String label, String... args) {
        return start(label, List.of("-Dspring.aot.enabled=true"), args);
    }

    private static SampleJar start(String label, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        // Quick to start on a busy machine; the producer passes these on to the consumer it starts.
        command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            System.out.println("[test] started " + label + " pid=" + process.pid() + ": " + command);
            return new SampleJar(label, process);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + command, e);
        }
    }

    /**
     * Waits for the next output line matching a regular expression (found anywhere in the line).
     *
     * @param regex the expression
     * @param timeout how long at most
     * @return the match, for its groups
     * @throws AssertionError when the process ends or the time runs out first
     */
    Matcher awaitLine(String regex, Duration timeout) {
        Pattern pattern = Pattern.compile(regex);
        Matcher m = pattern.matcher(lines.await(l -> pattern.matcher(l).find(), "matching '" + regex + "'", timeout,
                this::describe));
        m.find();
        return m;
    }

    /**
     * Writes a line to the process's standard input (Enter stops the producer).
     *
     * @param line the text
     */
    void typeLine(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /**
     * Waits for the process to exit.
     *
     * @param timeout how long at most
     * @return its exit code
     */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(label + ": still running after " + timeout + describe());
        }
        return process.exitValue();
    }

    /** Kills the process with SIGKILL and waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * The process's pid.
     *
     * @return the pid
     */
    long pid() {
        return process.pid();
    }

    /**
     * A GET over real HTTP.
     *
     * @param port the port
     * @param path e.g. {@code /actuator/health}
     * @return the response
     */
    static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private String describe() {
        return "\n--- " + label + " lines consumed: " + String.join("\n", lines.consumed());
    }

    private void pump() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                System.out.println("[" + label + "] " + line);
                lines.add(line);
            }
        } catch (IOException e) {
            // The process went away; end() tells the waiters.
        } finally {
            lines.end();
        }
    }

    /** Kills the process if it still runs, and any JVM it started (a failed test must not leave a consumer behind). */
    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        if (process.isAlive()) {
            kill();
        }
    }
}
