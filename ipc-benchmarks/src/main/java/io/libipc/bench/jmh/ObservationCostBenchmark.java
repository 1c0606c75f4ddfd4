package io.libipc.bench.jmh;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcOptions;
import io.libipc.spring.core.IpcChannelBinding;
import io.libipc.spring.core.IpcChannelSettings;
import io.libipc.spring.observation.IpcObservations;
import io.libipc.spring.support.IpcMessageMapper;
import io.libipc.spring.support.IpcPayloadConverter;
import io.libipc.spring.support.IpcPayloadFormat;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.messaging.Message;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the starter's observations cost per message, in one thread: a send through a binding and
 * the receive of it, with the send observed ({@code ipc.send}) and a listener invocation observed
 * ({@code ipc.listener}) as the container does, against the same without observation. The
 * registry is a real one with Micrometer's meter handler (a timer per observation), which is what
 * a Boot application with Actuator gets; a tracing bridge would add its own cost on top. Run with
 * {@code java -cp ipc-benchmarks/target/benchmarks.jar org.openjdk.jmh.Main ObservationCostBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx1g", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ObservationCostBenchmark {

    /** Whether the send and the listener invocation are observed. */
    @Param({"false", "true"})
    public boolean observed;

    private Path dir;
    private ObservationRegistry registry;
    private IpcChannelBinding sender;
    private IpcChannelBinding receiver;
    private final byte[] payload = new byte[32];

    /** Creates the state; JMH calls {@link #setUp()}. */
    public ObservationCostBenchmark() {
    }

    /**
     * Opens the two bindings in a temporary storage directory.
     *
     * @throws IOException when the directory cannot be made
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path shm = Path.of("/dev/shm");
        dir = Files.isDirectory(shm) ? Files.createTempDirectory(shm, "libipc-jmh") : Files.createTempDirectory("libipc-jmh");
        IpcOptions options = IpcOptions.builder().storageDirectory(dir).build();
        IpcMessageMapper mapper = new IpcMessageMapper(IpcPayloadFormat.RAW, new IpcPayloadConverter(null), null);
        receiver = new IpcChannelBinding(IpcChannelSettings.of("observed", ChannelType.CHANNEL, options,
                ConnMode.RECEIVER), mapper);
        sender = new IpcChannelBinding(IpcChannelSettings.of("observed", ChannelType.CHANNEL, options,
                ConnMode.SENDER), mapper);
        registry = ObservationRegistry.NOOP;
        if (observed) {
            registry = ObservationRegistry.create();
            registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(new SimpleMeterRegistry()));
        }
        sender.setObservationRegistry(registry);
    }

    /**
     * One message: sent, received, and handed to a (no-op) listener as the container does.
     *
     * @return the received message
     */
    @Benchmark
    public Message<byte[]> message() {
        sender.send(payload, Map.of());
        Message<byte[]> message = receiver.receive();
        if (registry.isNoop()) {
            return message;
        }
        IpcObservations.listener(registry, null, "observed", "listener", message).observe(() -> { });
        return message;
    }

    /** Closes the bindings and removes the storage. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        sender.close();
        receiver.close();
        io.libipc.IpcChannel.clearChannelStorage("observed", IpcOptions.builder().storageDirectory(dir).build());
        Files.deleteIfExists(dir);
    }
}
