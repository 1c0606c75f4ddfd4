package io.libipc;

import io.libipc.support.NoLeftoverStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's Java examples, compiled and run: each block between {@code // README:} markers is
 * the code the README shows (same channel names, default options), so the README cannot drift
 * from the API. The seed's examples run within one JVM here; the cross-process versions are in
 * {@code io.libipc.process}.
 */
@ExtendWith(NoLeftoverStorage.class)
class ReadmeExamplesTest {

    @AfterEach
    void clear() {
        for (String name : List.of("my_channel", "data_stream", "broadcast", "test")) {
            IpcChannel.clearChannelStorage(name);
        }
    }

    @Test
    void quickStart() {
        assertThat(quickStartExample()).isEqualTo("Hello, World!");
    }

    private static String quickStartExample() {
        // README: quick start
        try (IpcChannel receiver = new IpcChannel(ChannelType.CHANNEL, "my_channel", ConnMode.RECEIVER)) {
            try (IpcChannel sender = new IpcChannel(ChannelType.CHANNEL, "my_channel", ConnMode.SENDER)) {
                sender.send("Hello, World!".getBytes(StandardCharsets.UTF_8));
            }
            byte[] data = receiver.receive();
            return new String(data, StandardCharsets.UTF_8);   // "Hello, World!"
        }
        // README: end
    }

    @Test
    void convenienceFunctions() throws Exception {
        java.util.concurrent.CompletableFuture<byte[]> received = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            // README: convenience receive
            byte[] data = IpcChannel.receiveMessage("my_channel", 5000);                        // one message, then close
            // README: end
            return data;
        });
        try (IpcChannel watcher = new IpcChannel(ChannelType.CHANNEL, "my_channel", ConnMode.SENDER)) {
            // receiveMessage only gets what is sent after it connected.
            assertThat(watcher.waitForReceivers(1, 30_000)).isTrue();
        }
        // README: convenience send
        IpcChannel.sendMessage("my_channel", "Hello!".getBytes(StandardCharsets.UTF_8));   // waits up to 100 ms for a receiver
        // README: end
        assertThat(received.get(30, java.util.concurrent.TimeUnit.SECONDS)).asString().isEqualTo("Hello!");
    }

    @Test
    void producerConsumer() throws Exception {
        List<String> consumed = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch consumerReady = new CountDownLatch(1);
        // README: producer-consumer
        Thread consumer = new Thread(() -> {
            try (IpcChannel channel = new IpcChannel(ChannelType.CHANNEL, "data_stream", ConnMode.RECEIVER)) {
                consumerReady.countDown();
                while (true) {
                    try {
                        byte[] data = channel.receive(1000);
                        consumed.add(new String(data, StandardCharsets.UTF_8));
                    } catch (IpcException e) {
                        if (e.status() == IpcStatus.ERROR_TIMEOUT) {
                            break;
                        }
                        throw e;
                    }
                }
            }
        });
        Thread producer = new Thread(() -> {
            try (IpcChannel channel = new IpcChannel(ChannelType.CHANNEL, "data_stream", ConnMode.SENDER)) {
                channel.waitForReceivers(1, 5000);
                for (int i = 0; i < 10; i++) {
                    channel.send(("Data packet " + i).getBytes(StandardCharsets.UTF_8));
                }
            }
        });
        consumer.start();
        consumerReady.await();
        producer.start();
        producer.join();
        consumer.join();
        // README: end
        assertThat(consumed).hasSize(10).startsWith("Data packet 0").endsWith("Data packet 9");
    }

    @Test
    void broadcastToSeveralReceivers() throws Exception {
        List<String> got = Collections.synchronizedList(new ArrayList<>());
        // README: broadcast
        Runnable receiver = () -> {
            try (IpcChannel channel = new IpcChannel(ChannelType.ROUTE, "broadcast", ConnMode.RECEIVER)) {
                for (int i = 0; i < 5; i++) {
                    got.add(new String(channel.receive(), StandardCharsets.UTF_8));
                }
            }
        };
        Thread r1 = new Thread(receiver);
        Thread r2 = new Thread(receiver);
        r1.start();
        r2.start();
        try (IpcChannel channel = new IpcChannel(ChannelType.ROUTE, "broadcast", ConnMode.SENDER)) {
            if (!channel.waitForReceivers(2, 5000)) {
                throw new IllegalStateException("receivers did not come");
            }
            for (int i = 0; i < 5; i++) {
                channel.send(("Broadcast message " + i).getBytes(StandardCharsets.UTF_8));
            }
        }
        r1.join();
        r2.join();
        // README: end
        assertThat(got).hasSize(10).filteredOn("Broadcast message 4"::equals).hasSize(2);
    }

    @Test
    void errorHandling() {
        String outcome;
        // README: error handling
        try (IpcChannel channel = new IpcChannel(ChannelType.CHANNEL, "test", ConnMode.SENDER)) {
            channel.send("test data".getBytes(StandardCharsets.UTF_8));
            outcome = "sent";
        } catch (IpcException e) {
            switch (e.status()) {
                case ERROR_SEND_FAILED:
                    outcome = "nobody listens: " + e.getMessage();
                    break;
                case ERROR_CONNECTION_FAILED:
                    outcome = "failed to connect: " + e.getMessage();
                    break;
                case ERROR_TIMEOUT:
                    outcome = "timed out";
                    break;
                default:
                    outcome = "IPC error " + e.statusCode() + ": " + e.getMessage();
            }
        }
        // README: end
        assertThat(outcome).startsWith("nobody listens: no receiver is connected");
    }

    @Test
    void nonBlockingOperations() {
        try (IpcChannel other = new IpcChannel(ChannelType.CHANNEL, "test", ConnMode.SENDER, ConnMode.RECEIVER)) {
            List<String> said = new ArrayList<>();
            // README: non-blocking
            try (IpcChannel channel = new IpcChannel(ChannelType.CHANNEL, "test", ConnMode.SENDER, ConnMode.RECEIVER)) {
                if (channel.trySend("test data".getBytes(StandardCharsets.UTF_8))) {
                    said.add("Data sent successfully");
                } else {
                    said.add("Send would block");
                }
                Optional<byte[]> data = channel.tryReceive();
                said.add(data.map(d -> "Received: " + new String(d, StandardCharsets.UTF_8)).orElse("No data available"));
            }
            // README: end
            assertThat(said).containsExactly("Data sent successfully", "No data available");
            assertThat(other.tryReceive()).hasValueSatisfying(d -> assertThat(d).asString().isEqualTo("test data"));
        }
    }
}
