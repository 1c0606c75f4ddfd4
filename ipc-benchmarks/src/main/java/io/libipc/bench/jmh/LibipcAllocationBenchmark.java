package io.libipc.bench.jmh;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcBackend;
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

import java.nio.ByteBuffer;
import java.nio.file.Files;

/**
 * As {@link AllocationBenchmark}, over {@link IpcBackend#LIBIPC} (cpp-ipc through our shim, found
 * through {@code -Dlibipc.library}): allocation per message of each send/receive path, sender and
 * receiver in one JVM on one CHANNEL (one operation = one message sent and received). Run with the
 * gc profiler: {@code gc.alloc.rate.norm} is the Java heap only (cpp-ipc's own per-message
 * {@code new} in the shim is native memory, not counted). The benchmark suite runs it when
 * {@code LIBIPC_HOME} is set.
 */
@State(Scope.Thread)
public class LibipcAllocationBenchmark {

    /** Message size in bytes (up to 64 B cpp-ipc copies it in its ring slot, above into a shared chunk). */
    @Param({"32"})
    public int size;

    private String name;
    private IpcOptions options;
    private IpcChannel sender;
    private IpcChannel receiver;
    private ByteBuffer out;
    private ByteBuffer in;
    private byte[] array;
    private Blackhole blackhole;
    private final MessageHandler handler = message -> blackhole.consume(message.get(0));

    /**
     * Opens the channel under a name of its own (cpp-ipc's objects live in /dev/shm by name).
     *
     * @param blackhole JMH's sink for results
     */
    @Setup(Level.Trial)
    public void open(Blackhole blackhole) {
        this.blackhole = blackhole;
        name = "libipc-jmh-alloc-" + ProcessHandle.current().pid();
        options = IpcOptions.builder().backend(IpcBackend.LIBIPC).maxMessageSize(Math.max(size, 1)).build();
        receiver = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.RECEIVER);
        sender = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.SENDER);
        out = ByteBuffer.allocateDirect(size);
        in = ByteBuffer.allocateDirect(size);
        array = new byte[size];
    }

    /**
     * Closes both handles. cpp-ipc removes a channel's objects with its last handle; if its ring is
     * still there, clears it (clearing a name that has none makes cpp-ipc print failures).
     */
    @TearDown(Level.Trial)
    public void close() {
        java.nio.file.Path ring = sender.storagePath();
        sender.close();
        receiver.close();
        if (Files.exists(ring)) {
            IpcChannel.clearChannelStorage(name, options);
        }
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
