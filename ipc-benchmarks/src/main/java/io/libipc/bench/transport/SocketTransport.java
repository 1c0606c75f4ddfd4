package io.libipc.bench.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Blocking JDK socket channels, Unix domain or TCP over loopback (TCP_NODELAY): the sender
 * listens and accepts one connection per receiver, and writes every message to each (broadcast
 * by hand, as a socket application would). Messages are framed by a 4-byte length. The sender's
 * address is published in the run directory: the socket file itself (Unix domain) or a file
 * holding the port (TCP), so receivers in other processes find it.
 */
final class SocketTransport implements Transport {

    private static final long CONNECT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Path runDir;
    private final boolean unix;

    private SocketTransport(Path runDir, boolean unix) {
        this.runDir = runDir;
        this.unix = unix;
    }

    static SocketTransport unixDomain(Path runDir) {
        return new SocketTransport(runDir, true);
    }

    static SocketTransport tcp(Path runDir) {
        return new SocketTransport(runDir, false);
    }

    @Override
    public String system() {
        return unix ? Transports.UDS : Transports.TCP;
    }

    private Path socketFile(String link) {
        return runDir.resolve(link + ".sock");
    }

    private Path portFile(String link) {
        return runDir.resolve(link + ".port");
    }

    @Override
    public Sender sender(String link, int maxMessage) {
        try {
            ServerSocketChannel server;
            if (unix) {
                server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                server.bind(UnixDomainSocketAddress.of(socketFile(link)));
            } else {
                server = ServerSocketChannel.open();
                server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                Path tmp = runDir.resolve(link + ".port.tmp");
                Files.writeString(tmp, Integer.toString(((InetSocketAddress) server.getLocalAddress()).getPort()));
                // Atomic: a receiver never reads half a port number.
                Files.move(tmp, portFile(link), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            return new SocketSender(server);
        } catch (IOException e) {
            throw new UncheckedIOException(link + ": cannot listen", e);
        }
    }

    @Override
    public Receiver receiver(String link, int maxMessage) {
        long deadline = System.nanoTime() + CONNECT_TIMEOUT_NANOS;
        for (;;) {
            try {
                SocketAddress address = unix ? UnixDomainSocketAddress.of(socketFile(link)) : tcpAddress(link);
                if (address != null) {
                    SocketChannel channel = SocketChannel.open(address);
                    configure(channel);
                    return new SocketReceiver(channel);
                }
            } catch (IOException e) {
                // Not listening yet: try again below.
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(link + ": no sender to connect to within 60 s");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private SocketAddress tcpAddress(String link) throws IOException {
        Path file = portFile(link);
        if (!Files.exists(file)) {
            return null;
        }
        int port = Integer.parseInt(Files.readString(file, StandardCharsets.US_ASCII).trim());
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    private void configure(SocketChannel channel) throws IOException {
        if (!unix) {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
    }

    @Override
    public void close() {
        // Socket and port files go with the run directory.
    }

    private final class SocketSender implements Sender {
        private final ServerSocketChannel server;
        private final List<SocketChannel> clients = new ArrayList<>();
        private final ByteBuffer header = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());

        SocketSender(ServerSocketChannel server) {
            this.server = server;
        }

        @Override
        public void awaitReceivers(int count, long timeoutMs) {
            try {
                while (clients.size() < count) {
                    SocketChannel client = server.accept();
                    configure(client);
                    clients.add(client);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("accept", e);
            }
        }

        @Override
        public void send(ByteBuffer message) {
            int position = message.position();
            int limit = message.limit();
            try {
                for (SocketChannel client : clients) {
                    header.clear();
                    header.putInt(0, limit - position);
                    message.limit(limit).position(position);
                    ByteBuffer[] frame = {header, message};
                    long left = 4L + limit - position;
                    while (left > 0) {
                        left -= client.write(frame);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("send", e);
            }
        }

        @Override
        public void close() {
            try {
                for (SocketChannel client : clients) {
                    client.close();
                }
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final class SocketReceiver implements Receiver {
        private final SocketChannel channel;
        private final ByteBuffer header = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());

        SocketReceiver(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public int receive(ByteBuffer dst) {
            try {
                header.clear();
                readFully(header);
                int length = header.getInt(0);
                dst.clear().limit(length);
                readFully(dst);
                return length;
            } catch (IOException e) {
                throw new UncheckedIOException("receive", e);
            }
        }

        private void readFully(ByteBuffer buffer) throws IOException {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer) < 0) {
                    throw new IOException("sender closed the connection");
                }
            }
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
