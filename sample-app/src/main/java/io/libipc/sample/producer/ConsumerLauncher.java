package io.libipc.sample.producer;

import io.libipc.sample.SampleApplication;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts the demo's consumer in a second JVM: the same jar (or class path) with the consumer
 * profile, the java binary of this JVM ({@code java.home}) and its options. Its output is copied to this
 * process's standard output, each line prefixed with the consumer's id.
 */
public final class ConsumerLauncher {

    private final String consumerId;
    private final Process process;

    private ConsumerLauncher(String consumerId, Process process) {
        this.consumerId = consumerId;
        this.process = process;
        pump(process.getInputStream(), "stdout");
        pump(process.getErrorStream(), "stderr");
    }

    /**
     * Starts a consumer.
     *
     * @param consumerId its id
     * @param arguments its Spring Boot arguments ({@code --name=value}), after the consumer profile
     * @return the running consumer
     * @throws IllegalStateException when the JVM cannot be started
     */
    public static ConsumerLauncher start(String consumerId, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(inheritedJvmOptions());
        String classPath = System.getProperty("java.class.path");
        if (!classPath.contains(File.pathSeparator) && classPath.endsWith(".jar")) {
            // java -jar ipc-sample-app.jar: the class path is the jar itself.
            command.add("-jar");
            command.add(classPath);
        } else {
            // Run from classes (an IDE, a test): the same class path and main class.
            command.add("-cp");
            command.add(classPath);
            command.add(SampleApplication.class.getName());
        }
        command.add("--spring.profiles.active=consumer");
        command.add("--demo.consumer-id=" + consumerId);
        command.addAll(arguments);
        try {
            // stdin stays a pipe nobody writes: Enter on the console is the producer's.
            return new ConsumerLauncher(consumerId, new ProcessBuilder(command).start());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the consumer JVM: " + command, e);
        }
    }

    /**
     * This JVM's options (heap, GC, JIT flags) for the consumer too, but for those that must not
     * be doubled: a debugger or agent would collide on its port or double its output.
     */
    private static List<String> inheritedJvmOptions() {
        List<String> options = new ArrayList<>();
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!option.startsWith("-agentlib") && !option.startsWith("-javaagent") && !option.startsWith("-Xrunjdwp")
                    && !option.startsWith("-Xdebug")) {
                options.add(option);
            }
        }
        return options;
    }

    /**
     * The consumer's pid.
     *
     * @return the pid
     */
    public long pid() {
        return process.pid();
    }

    /**
     * Whether the consumer JVM still runs.
     *
     * @return true while alive
     */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits for the consumer to exit, then ends it (SIGTERM, then SIGKILL) if it did not.
     *
     * @param timeout how long it may take to exit by itself
     * @return its exit code
     */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                System.out.println("warning: " + consumerId + " did not exit within " + timeout.toSeconds() + " s; stopping it");
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return -1;
        }
    }

    private void pump(InputStream stream, String what) {
        Thread pump = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    System.out.println("[" + consumerId + "] " + line);
                }
            } catch (IOException e) {
                // The consumer went away; its exit code tells the rest.
            }
        }, consumerId + "-" + what);
        pump.setDaemon(true);
        pump.start();
    }
}
