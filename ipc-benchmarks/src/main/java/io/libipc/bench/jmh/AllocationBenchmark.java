package io.libipc.bench.jmh;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.IpcOptions;
import io.libipc.MessageHandler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Allocation per message of each send/receive path, in one JVM over a real shared-memory file
 * (one operation = one message sent and received). Run with the gc profiler, which reports
 * {@code gc.alloc.rate.norm} in bytes per operation: 0 is the target for the ByteBuffer and
 * handler paths; the byte[] paths allocate the received array.
 */
@State(Scope.Thread)
public class AllocationBenchmark {

    /** Message size in bytes. */
    @Param({"32"})
    public int size;

    private Path dir;
    private IpcChannel sender;
    private IpcChannel receiver;
    private ByteBuffer out;
    private ByteBuffer in;
    private byte[] array;
    private Blackhole blackhole;
    private final MessageHandler handler = message -> blackhole.consume(message.get(0));

    /**
     * Opens a channel in a temporary directory.
     *
     * @param blackhole JMH's sink for results
     * @throws IOException when the directory cannot be created
     */
    @Setup(Level.Trial)
    public void open(Blackhole blackhole) throws IOException {
        this.blackhole = blackhole;
        Path shm = Path.of("/dev/shm");
        dir = Files.isDirectory(shm) ? Files.createTempDirectory(shm, "libipc-jmh") : Files.createTempDirectory("libipc-jmh");
        IpcOptions options = IpcOptions.builder().storageDirectory(dir).build();
        receiver = new IpcChannel(ChannelType.CHANNEL, "alloc", options, ConnMode.RECEIVER);
        sender = new IpcChannel(ChannelType.CHANNEL, "alloc", options, ConnMode.SENDER);
        out = ByteBuffer.allocateDirect(size);
        in = ByteBuffer.allocateDirect(size);
        array = new byte[size];
    }

    /**
     * Closes the channel and removes its storage.
     *
     * @throws IOException when the directory cannot be removed
     */
    @TearDown(Level.Trial)
    public void close() throws IOException {
        sender.close();
        receiver.close();
        IpcChannel.clearChannelStorage("alloc", IpcOptions.builder().storageDirectory(dir).build());
        Files.deleteIfExists(dir);
    }

    /**
     * send(ByteBuffer) then receive(ByteBuffer): the allocation-free path.
     *
     * @return the received length
     */
    @Benchmark
    public int byteBufferPath() {
        out.clear();
        sender.send(out, 0);
        in.clear();
        return receiver.receive(in, 0);
    }

    /**
     * send(ByteBuffer) then receive(MessageHandler): the allocation-free path with a read-only view.
     */
    @Benchmark
    public void handlerPath() {
        out.clear();
        sender.send(out, 0);
        receiver.receive(handler, 0);
    }

    /**
     * send(byte[]) then receive(): the convenience path, which returns a new array per message.
     *
     * @return the received message
     */
    @Benchmark
    public byte[] byteArrayPath() {
        sender.send(array);
        return receiver.receive();
    }
}
