package io.libipc.container;

import io.libipc.support.OutputLines;
import io.libipc.support.PodContainers;
import io.libipc.support.TestChannels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A ROUTE channel across containers that share one IPC namespace (hence one {@code /dev/shm}) but
 * each have their own pid namespace, as the containers of one Kubernetes pod do: every JVM here is
 * pid 1 in its own eyes. The first container (receiver A) creates a shareable IPC namespace; the
 * others join it. All run {@link ContainerRoles} from this build's class path, bind-mounted
 * read-only at the same paths, on the stand-in image {@code eclipse-temurin:17-jre} built by
 * {@code ../shared/tools/docker-up}, with no network.
 *
 * <p>Scenario: a ROUTE sender container broadcasts to receivers in two other containers, and both
 * get every message (count, order and CRC-32). Receiver B's container is killed (SIGKILL) and the
 * sender's {@code receiverCount()} drops to 1, although the dead receiver's pid (1) is that of a
 * live process in every namespace here. A sender in yet another container is refused while the
 * first one lives. Then the sender's container is killed too, and a new sender
 * container takes the ROUTE's sender place at once, without {@code clearChannelStorage}; its
 * messages reach receiver A, which then clears the storage from inside the namespace (the host's
 * {@code /dev/shm} is another one, so {@code NoLeftoverStorage} could not see it).
 *
 * <p>Skipped, not failed, where Docker is not available.
 */
@Testcontainers(disabledWithoutDocker = true)
class CrossContainerTest {

    private static final DockerImageName IMAGE = DockerImageName.parse("eclipse-temurin:17-jre");
    /** Enough to wrap the 1 MiB default ring twice (about 1 KiB each on average). */
    private static final int MESSAGES = 2000;
    /** Generous: JVMs start in containers on a loaded 2-core machine. */
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The design's bound for noticing a dead receiver is 1 s; the rest is log and poll latency. */
    private static final Duration DEAD_RECEIVER_NOTICED = Duration.ofSeconds(10);

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void routeSenderAndReceiversInContainersOfOnePod() {
        String name = TestChannels.uniqueName("cross-container");
        String messages = Integer.toString(MESSAGES);
        try (RoleContainer rxA = RoleContainer.start("rx-a", null, "receiver", name, "a")) {
            rxA.awaitLine("READY", WAIT);
            try (RoleContainer rxB = RoleContainer.start("rx-b", rxA, "receiver", name, "b");
                 RoleContainer sender1 = RoleContainer.start("sender-1", rxA,
                         "route-sender", name, "s1", "2", messages, "monitor")) {
                rxB.awaitLine("READY", WAIT);
                sender1.awaitLine("CONNECTED", WAIT);
                assertThat(sender1.awaitLine("RECEIVERS", WAIT)).isEqualTo("RECEIVERS 2");
                String sent1 = sender1.awaitLine("SENT ", WAIT);
                assertThat(sent1).contains("count=" + MESSAGES);
                assertBatch(rxA.awaitLine("GOT ", WAIT), "s1", sent1);
                assertBatch(rxB.awaitLine("GOT ", WAIT), "s1", sent1);
                assertThat(sender1.awaitLine("RECEIVER_COUNT", WAIT)).as("sender-1's receiverCount() before the kill")
                        .isEqualTo("RECEIVER_COUNT 2");

                long killed = System.nanoTime();
                rxB.kill();
                assertThat(sender1.awaitLine("RECEIVER_COUNT", DEAD_RECEIVER_NOTICED))
                        .as("sender-1's receiverCount() after receiver B was killed").isEqualTo("RECEIVER_COUNT 1");
                log("receiver B (pid " + rxB.pid() + ") dropped from receiverCount() "
                        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed) + " ms after SIGKILL;"
                        + " receiver A, also alive, is pid " + rxA.pid());

                // The sender's claim is real across containers: a second sender is refused while it lives.
                try (RoleContainer second = RoleContainer.start("second-sender", rxA, "route-sender-refused", name)) {
                    second.awaitLine("REFUSED", WAIT);
                    assertThat(second.awaitExit(WAIT)).as("second-sender exit code").isZero();
                    log("a second sender (pid " + second.pid() + ") was refused while sender-1 (pid "
                            + sender1.pid() + ") lived");
                }

                sender1.kill();
                try (RoleContainer sender2 = RoleContainer.start("sender-2", rxA,
                        "route-sender", name, "s2", "1", messages, "finish")) {
                    // Refused with ERROR_CONNECTION_FAILED (and exit 2) if the dead sender's claim were still held.
                    sender2.awaitLine("CONNECTED", WAIT);
                    assertThat(sender2.awaitLine("RECEIVERS", WAIT)).isEqualTo("RECEIVERS 1");
                    String sent2 = sender2.awaitLine("SENT ", WAIT);
                    assertBatch(rxA.awaitLine("GOT ", WAIT), "s2", sent2);
                    sender2.awaitLine("DONE", WAIT);
                    assertThat(sender2.awaitExit(WAIT)).as("sender-2 exit code").isZero();
                    assertThat(rxA.awaitLine("CLEARED", WAIT)).isEqualTo("CLEARED leftovers=[]");
                    assertThat(rxA.awaitExit(WAIT)).as("rx-a exit code").isZero();

                    // The point of the scenario: pids collide across the containers of one pod.
                    log("pids, each in its own container: rx-a=" + rxA.pid() + " rx-b=" + rxB.pid()
                            + " sender-1=" + sender1.pid() + " sender-2=" + sender2.pid());
                    assertThat(rxB.pid()).as("killed receiver B's pid vs live receiver A's").isEqualTo(rxA.pid());
                    assertThat(sender2.pid()).as("new sender's pid vs the killed sender's").isEqualTo(sender1.pid());
                }
            }
        }
    }

    private static void assertBatch(String got, String sender, String sent) {
        Matcher s = Pattern.compile("SENT sender=(\\S+) count=(\\d+) crc=(\\S+)").matcher(sent);
        assertThat(s.matches()).as(sent).isTrue();
        assertThat(s.group(1)).isEqualTo(sender);
        assertThat(got).as("what a receiver got from " + sender).isEqualTo("GOT sender=" + sender + " count=" + s.group(2) + " crc=" + s.group(3)
                + " declaredCount=" + s.group(2) + " declaredCrc=" + s.group(3) + " inOrder=true lost=0");
    }

    private static void log(String line) {
        System.out.println("[test] " + line);
    }

    /**
     * One container running one {@link ContainerRoles} role, with its output lines queued for
     * {@link #awaitLine}. Closing stops and removes the container.
     */
    private static final class RoleContainer implements AutoCloseable {

        private final String label;
        private final GenericContainer<?> container;
        private final OutputLines lines;
        /** Written by the log consumer's thread as the line arrives. */
        private volatile Long pid;

        private RoleContainer(String label, GenericContainer<?> container) {
            this.label = label;
            this.container = container;
            this.lines = new OutputLines(label);
        }

        /**
         * Starts a role in a new container; returns once the container runs (not once the JVM is up).
         *
         * @param label a name for messages
         * @param ipcOwner the container whose IPC namespace to join, or null to create a shareable one
         * @param roleArgs the role and its arguments
         */
        @SuppressWarnings("resource") // closed through the returned RoleContainer
        static RoleContainer start(String label, RoleContainer ipcOwner, String... roleArgs) {
            List<String> command = new ArrayList<>(List.of("java", "-Xmx64m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                    ContainerRoles.class.getName()));
            command.addAll(List.of(roleArgs));
            GenericContainer<?> container = PodContainers.inPod(new GenericContainer<>(IMAGE)
                    .withCommand(command.toArray(String[]::new)), ipcOwner == null ? null : ipcOwner.container);
            // Same paths inside, so that the host's class path string works unchanged.
            for (String entry : classPathEntries()) {
                container.withFileSystemBind(entry, entry, BindMode.READ_ONLY);
            }
            RoleContainer role = new RoleContainer(label, container);
            container.withLogConsumer(role::accept);
            PodContainers.start(container);
            return role;
        }

        private static Set<String> classPathEntries() {
            Set<String> entries = new LinkedHashSet<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                if (!entry.isEmpty() && Files.exists(Paths.get(entry))) {
                    entries.add(Paths.get(entry).toAbsolutePath().toString());
                }
            }
            return entries;
        }

        private void accept(OutputFrame frame) {
            if (frame.getType() == OutputFrame.OutputType.END) {
                lines.end();
                return;
            }
            String line = frame.getUtf8StringWithoutLineEnding();
            boolean stdout = frame.getType() == OutputFrame.OutputType.STDOUT;
            System.out.println("[" + label + (stdout ? "] " : " stderr] ") + line);
            if (stdout) {
                if (line.startsWith("PID ")) {
                    pid = Long.parseLong(line.substring(4).trim());
                }
                lines.add(line);
            }
        }

        /**
         * Waits for the next stdout line starting with a prefix; other lines are skipped.
         *
         * @throws AssertionError when the role fails ({@code ERROR}), ends, or the time runs out first
         */
        String awaitLine(String prefix, Duration timeout) {
            return lines.await(line -> {
                if (line.startsWith("ERROR")) {
                    throw new AssertionError(label + ": " + line + describe());
                }
                return line.startsWith(prefix);
            }, "'" + prefix + "'", timeout, this::describe);
        }

        /** @return the pid the role printed, as seen in its own container */
        long pid() {
            assertThat(pid).as(label + " printed its pid").isNotNull();
            return pid;
        }

        /** Kills the container's processes with SIGKILL and waits until they are gone. */
        void kill() {
            String id = container.getContainerId();
            container.getDockerClient().killContainerCmd(id).exec();
            // Gone means the kernel has dropped the dead JVM's file locks: what peers detect.
            awaitExit(WAIT);
        }

        /** @return the exit code of the container's main process, once it exited */
        int awaitExit(Duration timeout) {
            return PodContainers.awaitExit(container, timeout);
        }

        private String describe() {
            return "\n--- stdout lines consumed: " + lines.consumed() + "\n--- container log:\n" + container.getLogs();
        }

        @Override
        public void close() {
            container.stop();
        }
    }
}
