package io.libipc.bench.transport;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcBackend;
import io.libipc.IpcChannel;
import io.libipc.IpcOptions;
import io.libipc.IpcWaitStrategy;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * libipc for Java: a link is a ROUTE channel (one sender, broadcast), on the allocation-free
 * paths ({@code send(ByteBuffer)}, {@code receive(ByteBuffer)}), with the library's defaults
 * except for the wait strategy under test. Storage lives in the run directory.
 *
 * <p>With {@link IpcBackend#LIBIPC} the same channels run over cpp-ipc through the shim (the
 * child JVMs get {@code -Dlibipc.library}): cpp-ipc ignores capacity, prefix, storage directory
 * and wait strategy, and keeps its objects in {@code /dev/shm} under the channel name, so the
 * name is made unique per run ({@link Transports#libipcName}); the harness clears what is left at the end.
 */
final class LibipcTransport implements Transport {

    private final Path runDir;
    private final boolean portable;
    private final IpcBackend backend;

    LibipcTransport(Path runDir, boolean portable, IpcBackend backend) {
        this.runDir = runDir;
        this.portable = portable;
        this.backend = backend;
    }

    @Override
    public String system() {
        return backend == IpcBackend.LIBIPC ? Transports.LIBIPC_BACKEND : Transports.LIBIPC;
    }

    private IpcOptions options(int maxMessage) {
        return IpcOptions.builder()
                .storageDirectory(runDir)
                .namePrefix("libipc.")
                .capacity(Math.max(IpcOptions.DEFAULT_CAPACITY, 4 * maxMessage))
                .maxMessageSize(Math.max(maxMessage, 1))
                .waitStrategy(portable ? IpcWaitStrategy.PORTABLE : IpcWaitStrategy.FUTEX)
                .backend(backend)
                .build();
    }

    private String name(String link) {
        return backend == IpcBackend.LIBIPC ? Transports.libipcName(runDir, link) : link;
    }

    @Override
    public Sender sender(String link, int maxMessage) {
        IpcChannel channel = new IpcChannel(ChannelType.ROUTE, name(link), options(maxMessage), ConnMode.SENDER);
        return new Sender() {
            @Override
            public void awaitReceivers(int count, long timeoutMs) {
                if (!channel.waitForReceivers(count, timeoutMs)) {
                    throw new IllegalStateException(link + ": " + count + " receivers did not connect in " + timeoutMs + " ms");
                }
            }

            @Override
            public void send(ByteBuffer message) {
                // Long timeout: a benchmark waits for slow receivers rather than evict them.
                channel.send(message, 60_000);
            }

            @Override
            public void close() {
                channel.close();
            }
        };
    }

    @Override
    public Receiver receiver(String link, int maxMessage) {
        IpcChannel channel = new IpcChannel(ChannelType.ROUTE, name(link), options(maxMessage), ConnMode.RECEIVER);
        return new Receiver() {
            @Override
            public int receive(ByteBuffer dst) {
                dst.clear();
                return channel.receive(dst, 0);
            }

            @Override
            public void close() {
                // cpp-ipc counts no loss (a receiver it drops is rejoined with a warning in the log).
                if (backend != IpcBackend.LIBIPC && channel.lostMessages() != 0) {
                    throw new IllegalStateException(link + ": lost " + channel.lostMessages() + " messages");
                }
                channel.close();
            }
        };
    }

    @Override
    public void close() {
        // Storage files go with the run directory; the harness clears cpp-ipc's objects at the end.
    }
}
