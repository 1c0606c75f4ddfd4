package io.libipc.sample;

import io.libipc.support.OutputLines;
import io.libipc.support.PodContainers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.libipc.sample.SampleJar.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample deployed as the two containers of one pod (or of {@code docker-compose.yml}): the
 * repackaged jar copied into the stand-in {@code eclipse-temurin:17-jre} image, the producer's
 * container owning a shareable IPC namespace (its own {@code /dev/shm}) and the consumer's joining
 * it, each with its own pid namespace (both JVMs are pid 1) and no network at all.
 *
 * <p>Health is checked inside each container, with {@code docker exec} of the jar's
 * {@code health-check} command: a real HTTP GET to the container's own loopback, the only network
 * a container of network mode "none" has (and the only way in: Docker publishes no ports of such a
 * container; nor does the docker-up daemon have a bridge network to publish them on). The image
 * has java but no curl, hence the jar's own client. Every tick arriving is read from the
 * consumer's output. Stopping the producer's container (SIGTERM) makes the consumer leave by
 * itself, and the producer clear the storage in the shared namespace, which the host cannot see.
 *
 * <p>The same scenario runs without Docker as processes: {@link DemoRunIT}, {@link BroadcastJoinIT}.
 */
@Testcontainers(disabledWithoutDocker = true)
class PodContainersIT {

    private static final DockerImageName IMAGE = DockerImageName.parse("eclipse-temurin:17-jre");
    private static final String JAR = "/app/ipc-sample-app.jar";
    private static final int COUNT = 2000;

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void producerAndConsumerInTwoContainersSharingDevShm() throws Exception {
        try (Role producer = Role.start("producer", null, "--demo.spawn-consumer=false", "--demo.count=" + COUNT,
                "--demo.rate=1000", "--demo.keep-running=true")) {
            producer.awaitLine("producer: waiting for 1 consumer", WAIT);
            try (Role consumer = Role.start("consumer", producer, "--spring.profiles.active=consumer",
                    "--demo.consumer-id=consumer-pod")) {
                consumer.awaitLine("ready: consumer-pod pid=1 ", WAIT);
                producer.awaitLine("consumer(s) connected and listening", WAIT);

                String finalLine = consumer.awaitLine("final: consumer-pod ", WAIT);
                assertThat(finalLine).startsWith("final: consumer-pod received=" + COUNT + " first=1 last=" + COUNT
                        + " missing=0 outOfOrder=0 lost=0 latency p50=");
                String summary = producer.awaitLine("summary: consumer-pod ", WAIT);
                assertThat(summary).startsWith("summary: consumer-pod pid=1 COMPLETE received=" + COUNT);
                producer.awaitLine("summary: OK", WAIT);
                producer.awaitLine("keep-running: no console", WAIT);

                String producerIpc = producer.healthCheck("/actuator/health/ipc");
                assertThat(producerIpc).contains("\"modes\":\"[SENDER]\"").contains("\"receivers\":1");
                String consumerIpc = consumer.healthCheck("/actuator/health/ipc");
                assertThat(consumerIpc).contains("\"modes\":\"[RECEIVER]\"").contains("\"lostMessages\":0");
                // The whole health (exit 0 means UP), with libipc's contributor in it.
                assertThat(consumer.healthCheck("/actuator/health")).contains("\"ipc\":{\"components\":");
                assertThat(producer.healthCheck("/actuator/health")).contains("\"ipc\":{\"components\":");

                // SIGTERM, as Kubernetes or compose stop a container: the producer tells its
                // consumer to leave, then clears the storage once its own context is closed.
                producer.stopGracefully();
                consumer.awaitLine("the producer is leaving; exiting", WAIT);
                assertThat(consumer.awaitExit(WAIT)).as("consumer container exit code").isZero();
                // 128 + SIGTERM: how a JVM ends when a signal stopped it, after its shutdown hooks ran.
                assertThat(producer.awaitExit(WAIT)).as("producer container exit code").isEqualTo(143);
                assertThat(producer.awaitLine("storage cleared: ", WAIT))
                        .isEqualTo("storage cleared: /dev/shm/libipc.sample.{ticks,control,reports} leftovers=[]");
            }
        }
    }

    /** One role of the sample in its own container, its output lines queued. Closing removes it. */
    private static final class Role implements AutoCloseable {

        private final String label;
        private final GenericContainer<?> container;
        private final OutputLines lines;

        private Role(String label, GenericContainer<?> container) {
            this.label = label;
            this.container = container;
            this.lines = new OutputLines(label);
        }

        /**
         * Starts a role.
         *
         * @param label a name for the output
         * @param ipcOwner the container whose IPC namespace to join, or null to own a shareable one
         * @param args the sample's arguments
         */
        @SuppressWarnings("resource") // closed through the Role
        static Role start(String label, Role ipcOwner, String... args) {
            List<String> command = new ArrayList<>(List.of("java", "-Xmx256m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-jar", JAR, "--server.port=8080"));
            command.addAll(List.of(args));
            GenericContainer<?> container = PodContainers.inPod(new GenericContainer<>(IMAGE)
                    .withCopyFileToContainer(MountableFile.forHostPath(SampleJar.jar()), JAR)
                    .withCommand(command.toArray(String[]::new)), ipcOwner == null ? null : ipcOwner.container);
            Role role = new Role(label, container);
            container.withLogConsumer(role::accept);
            PodContainers.start(container);
            return role;
        }

        private void accept(OutputFrame frame) {
            if (frame.getType() == OutputFrame.OutputType.END) {
                lines.end();
                return;
            }
            String line = frame.getUtf8StringWithoutLineEnding();
            System.out.println("[" + label + "] " + line);
            lines.add(line);
        }

        /** Waits for the next line containing {@code prefix}; returns the line from there on. */
        String awaitLine(String prefix, Duration timeout) {
            String line = lines.await(l -> l.contains(prefix), "containing '" + prefix + "'", timeout,
                    () -> "\n--- lines consumed:\n" + String.join("\n", lines.consumed()));
            return line.substring(line.indexOf(prefix));
        }

        /** Runs the jar's health check inside the container; returns the body of an UP answer. */
        String healthCheck(String path) throws Exception {
            ExecResult result = container.execInContainer("java", "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-jar", JAR,
                    "health-check", "http://localhost:8080" + path);
            System.out.println("[" + label + " health-check " + path + "] exit " + result.getExitCode() + ": "
                    + result.getStdout().trim() + result.getStderr().trim());
            assertThat(result.getExitCode()).as(label + " health-check " + path + ": " + result.getStderr()).isZero();
            return result.getStdout().trim();
        }

        void stopGracefully() {
            container.getDockerClient().stopContainerCmd(container.getContainerId()).withTimeout(60).exec();
        }

        int awaitExit(Duration timeout) {
            return PodContainers.awaitExit(container, timeout);
        }

        @Override
        public void close() {
            container.stop();
        }
    }
}
