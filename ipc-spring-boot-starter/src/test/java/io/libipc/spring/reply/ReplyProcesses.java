package io.libipc.spring.reply;

import io.libipc.spring.autoconfigure.IpcAutoConfiguration;
import io.libipc.spring.autoconfigure.metrics.IpcMetricsAutoConfiguration;
import io.libipc.support.ChildJvm;
import io.libipc.support.TestChannels;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the cross-process request/reply tests share: starting {@link ReplierApplication} and
 * {@link RequesterApplication} in child JVMs, talking to them, and contexts for this JVM's side
 * with a real {@code SimpleMeterRegistry}. Every channel is embedded-headers (request/reply needs
 * it) and lives under the test prefix.
 */
final class ReplyProcesses {

    /** How long to wait for anything a child does: generous, for a loaded 2-core machine. */
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private ReplyProcesses() {
    }

    /**
     * Starts a replier.
     *
     * @param properties {@code test.*} properties naming its channels ({@code test.text=<name>} ...),
     *                   and any other Spring property
     * @param receiving the channels it receives on
     * @param sending the channels it sends to
     * @return the child, once it reported READY
     */
    static ChildJvm startReplier(List<String> properties, List<String> receiving, List<String> sending) {
        return started(ChildJvm.start(ReplierApplication.class, args(properties, receiving, sending)));
    }

    /**
     * Starts a requester.
     *
     * @param name its {@code spring.application.name}: its reply channel is {@code <name>.replies}
     * @param sending the channels it sends requests to
     * @return the child, once it reported READY
     */
    static ChildJvm startRequester(String name, List<String> sending) {
        return started(ChildJvm.start(RequesterApplication.class,
                args(List.of("spring.application.name=" + name), List.of(), sending)));
    }

    private static ChildJvm started(ChildJvm child) {
        try {
            awaitLine(child, "READY");
            return child;
        } catch (RuntimeException | AssertionError e) {
            child.close();
            throw e;
        }
    }

    private static String[] args(List<String> properties, List<String> receiving, List<String> sending) {
        List<String> args = new ArrayList<>();
        properties.forEach(p -> args.add("--" + p));
        args.add("--ipc.name-prefix=" + TestChannels.PREFIX);
        for (String channel : receiving) {
            args.add("--ipc.channels." + channel + ".mode=" + (sending.contains(channel) ? "both" : "receiver"));
            args.add("--ipc.channels." + channel + ".payload-format=embedded-headers");
            args.add("--ipc.channels." + channel + ".receive-timeout=200ms");
        }
        for (String channel : sending) {
            if (!receiving.contains(channel)) {
                args.add("--ipc.channels." + channel + ".mode=sender");
                args.add("--ipc.channels." + channel + ".payload-format=embedded-headers");
            }
        }
        // Quiet: the test reads the child's standard output for its report lines.
        args.add("--logging.level.root=WARN");
        return args.toArray(String[]::new);
    }

    /**
     * Waits for a report line, failing at once when the child reports an error instead.
     *
     * @param child the child
     * @param prefix what the line starts with
     * @return the line
     */
    static String awaitLine(ChildJvm child, String prefix) {
        String line = child.awaitLine(l -> l.startsWith(prefix) || l.startsWith("ERROR") || l.startsWith("FAILED"),
                PATIENCE);
        assertThat(line).as("child's line while waiting for %s%s", prefix, child.describe()).startsWith(prefix);
        return line;
    }

    /**
     * Sends a command line to a child.
     *
     * @param child the child
     * @param command the command
     */
    static void tell(ChildJvm child, String command) {
        try {
            OutputStream in = child.process().getOutputStream();
            in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to child " + child.pid() + child.describe(), e);
        }
    }

    /**
     * A context of this JVM with the starter, JSON and a {@code SimpleMeterRegistry}.
     *
     * @param receiving the channels it receives on
     * @param sending the channels it sends to
     * @return the runner
     */
    static ApplicationContextRunner context(List<String> receiving, List<String> sending) {
        List<String> properties = new ArrayList<>();
        properties.add("ipc.name-prefix=" + TestChannels.PREFIX);
        for (String arg : args(List.of(), receiving, sending)) {
            if (arg.startsWith("--ipc.channels.")) {
                properties.add(arg.substring(2));
            }
        }
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class,
                        JacksonAutoConfiguration.class, IpcAutoConfiguration.class, IpcMetricsAutoConfiguration.class,
                        MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
                .withPropertyValues(properties.toArray(String[]::new));
    }

    /**
     * The value of a counter of the context's meter registry.
     *
     * @param context the context
     * @param name the meter name
     * @param tags tag names and values
     * @return the count
     */
    static double counter(ApplicationContext context, String name, String... tags) {
        return context.getBean(MeterRegistry.class).get(name).tags(tags).functionCounter().count();
    }
}
