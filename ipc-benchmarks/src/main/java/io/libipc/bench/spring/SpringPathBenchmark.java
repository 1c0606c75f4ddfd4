package io.libipc.bench.spring;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.IpcOptions;
import io.libipc.spring.core.IpcChannelBinding;
import io.libipc.spring.core.IpcChannelBindings;
import io.libipc.spring.support.IpcPayloadConverter;
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
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.endpoint.MessageProducerSupport;
import org.springframework.messaging.Message;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the Spring path costs per hop, in one thread and without waiting, so that the figure is
 * the work itself and not the scheduler. One hop is what the ponger of the Spring round trip does
 * for each message, between two core handles that stand for its peer:
 * <ol>
 *   <li>a core sender puts the request on channel {@code in} (raw bytes, as the pinger's template
 *       writes them);</li>
 *   <li>{@link #springHop}: the starter receives it ({@link IpcChannelBinding#receive()}, the call
 *       the inbound adapter's loop makes), the adapter passes it on
 *       ({@code MessageProducerSupport.sendMessage}, called here directly because the adapter's own
 *       thread is not started), the publish-subscribe channel dispatches it to the
 *       {@code @IpcListener} of {@link Echo}, which replies with {@code IpcTemplate.send} on channel
 *       {@code out};</li>
 *   <li>a core receiver takes the reply.</li>
 * </ol>
 * {@link #coreHop} does the same with core calls only (receive as {@code byte[]}, send it back).
 * The difference is what the starter adds per hop; a round trip has two hops' worth (the ponger's,
 * and the pinger's receive, dispatch and send). Not part of the suite; run it with
 * {@code java -cp ipc-benchmarks/target/benchmarks.jar org.openjdk.jmh.Main SpringPathBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx1g", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SpringPathBenchmark {

    private static final MethodHandle SEND_MESSAGE;

    static {
        try {
            SEND_MESSAGE = MethodHandles.privateLookupIn(MessageProducerSupport.class, MethodHandles.lookup())
                    .findVirtual(MessageProducerSupport.class, "sendMessage", MethodType.methodType(void.class, Message.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** {@code bytes}: a 32-byte {@code byte[]}; {@code json}: a {@link Quote}, converted both ways. */
    @Param({"bytes", "json"})
    public String format;

    private Path dir;
    private ConfigurableApplicationContext context;
    private IpcChannelBinding inBinding;
    private MessageProducerSupport adapter;
    private IpcChannel springRequests;
    private IpcChannel springReplies;
    private IpcChannel coreRequestSender;
    private IpcChannel coreRequestReceiver;
    private IpcChannel coreReplySender;
    private IpcChannel coreReplyReceiver;
    private byte[] request;
    private final ByteBuffer reply = ByteBuffer.allocateDirect(4096);

    /** Creates the state; JMH calls {@link #setUp()}. */
    public SpringPathBenchmark() {
    }

    /**
     * Starts the application (its inbound adapter not receiving: this thread receives instead) and
     * opens the core handles.
     *
     * @throws IOException when the storage directory cannot be made
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        boolean json = format.equals("json");
        dir = Files.createTempDirectory(Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm")
                : Path.of(System.getProperty("java.io.tmpdir")), "libipc-jmh-");
        context = SpringRoles.start(dir, "in", "out", 4096, c -> SpringRoles.echoListener(json, "out", c),
                Map.of("ipc.channels.in.auto-startup", "false"));
        inBinding = context.getBean(IpcChannelBindings.class).get("in");
        adapter = context.getBean("ipc.in.inbound-adapter", MessageProducerSupport.class);
        IpcOptions options = inBinding.settings().options();
        springRequests = new IpcChannel(ChannelType.ROUTE, "in", options, ConnMode.SENDER);
        springReplies = new IpcChannel(ChannelType.ROUTE, "out", options, ConnMode.RECEIVER);
        coreRequestSender = new IpcChannel(ChannelType.ROUTE, "core-in", options, ConnMode.SENDER);
        coreRequestReceiver = new IpcChannel(ChannelType.ROUTE, "core-in", options, ConnMode.RECEIVER);
        coreReplySender = new IpcChannel(ChannelType.ROUTE, "core-out", options, ConnMode.SENDER);
        coreReplyReceiver = new IpcChannel(ChannelType.ROUTE, "core-out", options, ConnMode.RECEIVER);
        request = json ? context.getBean(IpcPayloadConverter.class).toBytes(Quote.first(), null) : new byte[32];
        if (adapter.isObserved()) {
            throw new IllegalStateException("the adapter is observed: the figure would include observation");
        }
    }

    /**
     * One hop through the starter.
     *
     * @return the reply's length
     * @throws Throwable when the adapter's send fails
     */
    @Benchmark
    public int springHop() throws Throwable {
        springRequests.send(request);
        Message<byte[]> message = inBinding.receive();
        SEND_MESSAGE.invokeExact(adapter, (Message<?>) message);
        reply.clear();
        return springReplies.receive(reply, 0);
    }

    /**
     * The same hop with the core alone.
     *
     * @return the reply's length
     */
    @Benchmark
    public int coreHop() {
        coreRequestSender.send(request);
        coreReplySender.send(coreRequestReceiver.receive(0));
        reply.clear();
        return coreReplyReceiver.receive(reply, 0);
    }

    /**
     * Closes everything and removes the storage directory.
     */
    @TearDown(Level.Trial)
    public void tearDown() {
        for (IpcChannel channel : new IpcChannel[] {springRequests, springReplies, coreRequestSender,
                coreRequestReceiver, coreReplySender, coreReplyReceiver}) {
            channel.close();
        }
        context.close();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toArray(Path[]::new)) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
