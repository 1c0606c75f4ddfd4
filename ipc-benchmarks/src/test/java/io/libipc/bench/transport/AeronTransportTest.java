package io.libipc.bench.transport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link AeronTransport} against a real media driver: {@link AeronDriverMain} in a child JVM, as
 * the harness runs it, and the transport's ends in this JVM, each receiver with its own Aeron
 * client (as if it were another process).
 *
 * <p>This JVM needs Agrona's access to {@code jdk.internal.misc} too (Surefire argLine
 * {@code --add-opens java.base/jdk.internal.misc=ALL-UNNAMED}).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang fails the build instead of stalling it
class AeronTransportTest {

    /** What Agrona (inside aeron-all) needs on Java 17: access to jdk.internal.misc.Unsafe. */
    static final List<String> DRIVER_JVM_OPTIONS = List.of(
        "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED");

    private static final int BIG = 1024 * 1024 + 5;

    private Path runDir;
    private Process driver;
    /** The driver's output, kept for failure messages. */
    private final StringBuffer driverOutput = new StringBuffer();
    private final CompletableFuture<Void> driverReady = new CompletableFuture<>();

    /** Starts the driver the way the harness does and waits for its READY. */
    private void startDriver() throws Exception {
        runDir = Files.createTempDirectory(Path.of("/dev/shm"), "libipc-bench-test");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(DRIVER_JVM_OPTIONS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(AeronDriverMain.class.getName());
        command.add(AeronTransport.driverDirectory(runDir).toString());
        driver = new ProcessBuilder(command).redirectErrorStream(true).start();

        Thread pump = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(driver.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    driverOutput.append(line).append('\n');
                    if (line.equals("READY")) {
                        driverReady.complete(null);
                    }
                }
            } catch (IOException e) {
                driverOutput.append("[reading output failed: ").append(e).append("]\n");
            }
            driverReady.completeExceptionally(new IllegalStateException("driver exited before READY"));
        }, "aeron-driver-output");
        pump.setDaemon(true);
        pump.start();

        try {
            driverReady.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("media driver not ready; its output:\n" + driverOutput, e);
        }
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (driver != null && driver.isAlive()) {
            driver.destroyForcibly(); // only reached when the test failed before stopping it
        }
        if (runDir != null && Files.exists(runDir)) {
            try (Stream<Path> paths = Files.walk(runDir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    @Test
    void streamIdsAreDistinctAndPositive() {
        List<String> links = List.of("ping", "pong", "tput", "wake",
            "tput-0", "tput-1", "tput-2", "tput-3", "tput-4", "tput-5", "tput-6", "tput-7", "tput-8", "tput-9",
            "tput-10", "tput-11", "tput-12", "wake-1", "wake-2", "ping-1", "pong-1");
        Set<Integer> ids = links.stream().map(AeronTransport::streamId).collect(Collectors.toSet());
        assertThat(ids).hasSize(links.size()).allMatch(id -> id > 0);
        assertThat(AeronTransport.streamId("tput-3")).isEqualTo(AeronTransport.streamId("tput-3"));
    }

    @Test
    void everyReceiverGetsEveryMessageIntactAndInOrder() throws Exception {
        startDriver();
        Path aeronDir = AeronTransport.driverDirectory(runDir);
        assertThat(aeronDir).isDirectory();

        // Busy-spinning, sender's end first (as the harness does).
        deliverToTwoReceivers(IdleMode.SPIN, "tput-1", true);
        // Backing off, receivers' ends first: receiver() must wait for the sender to appear.
        deliverToTwoReceivers(IdleMode.BLOCK, "tput-2", false);

        // Stop the driver the way the harness does: end of its standard input.
        driver.getOutputStream().close();
        if (!driver.waitFor(15, TimeUnit.SECONDS)) {
            driver.destroyForcibly();
            throw new AssertionError("driver did not exit after stdin closed; output:\n" + driverOutput);
        }
        assertThat(driver.exitValue()).as("driver exit code; output:\n%s", driverOutput).isZero();
        assertThat(aeronDir).doesNotExist();
    }

    private void deliverToTwoReceivers(IdleMode mode, String link, boolean senderFirst) throws Exception {
        List<Integer> sizes = messageSizes();
        int maxMessage = BIG;

        try (AeronTransport senderSide = new AeronTransport(runDir, mode);
             AeronTransport receiverSideA = new AeronTransport(runDir, mode);
             AeronTransport receiverSideB = new AeronTransport(runDir, mode)) {
            assertThat(senderSide.system()).isEqualTo("aeron-ipc");

            Transport.Sender sender = senderFirst ? senderSide.sender(link, maxMessage) : null;
            CompletableFuture<Void> a = receive(receiverSideA, link, maxMessage, sizes);
            CompletableFuture<Void> b = receive(receiverSideB, link, maxMessage, sizes);
            if (sender == null) {
                sender = senderSide.sender(link, maxMessage);
            }

            sender.awaitReceivers(2, 10_000);
            // Receivers are counted, not just "connected": a third is not there.
            Transport.Sender s = sender;
            assertThatThrownBy(() -> s.awaitReceivers(3, 300))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("2 of 3");

            ByteBuffer message = ByteBuffer.allocateDirect(maxMessage);
            for (int i = 0; i < sizes.size(); i++) {
                fill(message, i, sizes.get(i));
                sender.send(message);
            }

            a.get(20, TimeUnit.SECONDS);
            b.get(20, TimeUnit.SECONDS);

            // Both receivers closed their ends when done: sending fails instead of waiting forever.
            ByteBuffer small = ByteBuffer.allocateDirect(32);
            Transport.Sender lonely = sender;
            assertThatThrownBy(() -> {
                for (;;) {
                    small.clear();
                    lonely.send(small);
                }
            }).isInstanceOf(IllegalStateException.class).hasMessageContaining("no receiver connected");
            sender.close();
        }
    }

    /** A receiver in its own thread, opened there (it may wait for the sender), checking every message. */
    private static CompletableFuture<Void> receive(Transport transport, String link, int maxMessage, List<Integer> sizes) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try (Transport.Receiver receiver = transport.receiver(link, maxMessage)) {
                ByteBuffer dst = ByteBuffer.allocateDirect(maxMessage);
                ByteBuffer expected = ByteBuffer.allocateDirect(maxMessage);
                for (int i = 0; i < sizes.size(); i++) {
                    int length = receiver.receive(dst);
                    fill(expected, i, sizes.get(i));
                    assertThat(length).as("length of message %d", i).isEqualTo(sizes.get(i));
                    dst.clear().limit(length);
                    if (!dst.equals(expected)) {
                        throw new AssertionError("message " + i + " (" + length + " bytes) differs at byte "
                            + dst.mismatch(expected));
                    }
                }
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }, "receiver-" + link);
        thread.setDaemon(true);
        thread.start();
        return done;
    }

    /** 32 B, 4 KiB and 1 MiB + 5 messages, each size in a run and then interleaved. */
    private static List<Integer> messageSizes() {
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            sizes.add(32);
        }
        for (int i = 0; i < 100; i++) {
            sizes.add(4096);
        }
        for (int i = 0; i < 6; i++) {
            sizes.add(BIG);
        }
        for (int i = 0; i < 30; i++) {
            sizes.add(i % 3 == 0 ? BIG : i % 3 == 1 ? 32 : 4096);
        }
        return sizes;
    }

    /** Message {@code index}: bytes that differ between messages and along each message; position 0, limit length. */
    private static void fill(ByteBuffer buffer, int index, int length) {
        buffer.clear();
        for (int j = 0; j < length; j++) {
            buffer.put(j, (byte) (index * 131 + j * 7 + (j >>> 8)));
        }
        buffer.putInt(0, index);
        buffer.limit(length);
    }
}
