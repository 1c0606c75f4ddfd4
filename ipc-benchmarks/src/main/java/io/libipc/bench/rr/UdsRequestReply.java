package io.libipc.bench.rr;

import io.libipc.bench.spring.Quote;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * The Unix domain socket peer of the request/reply rows, as an application would write it with
 * the JDK alone: blocking {@link SocketChannel}s, frames of a 4-byte length and the payload, one
 * connection per requesting thread and, in the replier, one thread per connection reading a
 * request and writing its reply. In the {@code json} format both sides convert with Jackson, as
 * the Spring rows do: the requester writes the {@link Quote}, the replier reads it and writes the
 * object back, the requester reads the reply.
 */
final class UdsRequestReply {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private UdsRequestReply() {
    }

    private static Path socketFile(Path runDir, String link) {
        return runDir.resolve(link + ".sock");
    }

    /**
     * Starts the replier: listening on the link's socket file in the run directory once this returns.
     *
     * @param json whether requests are JSON quotes (converted both ways) or bytes (sent back as they are)
     * @param runDir the run directory
     * @param link the link's name
     * @return closes the listening socket
     */
    static AutoCloseable replier(boolean json, Path runDir, String link) {
        UnaryOperator<byte[]> reply = json ? request -> JSON.writeValueAsBytes(JSON.readValue(request, Quote.class))
                : UnaryOperator.identity();
        try {
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socketFile(runDir, link)));
            Thread acceptor = new Thread(() -> accept(server, reply), "uds-accept");
            acceptor.setDaemon(true);
            acceptor.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(link + ": cannot listen", e);
        }
    }

    private static void accept(ServerSocketChannel server, UnaryOperator<byte[]> reply) {
        try {
            for (int n = 0; ; n++) {
                SocketChannel connection = server.accept();
                Thread serve = new Thread(() -> serve(connection, reply), "uds-serve-" + n);
                serve.setDaemon(true);
                serve.start();
            }
        } catch (ClosedChannelException e) {
            // closed: no more connections
        } catch (IOException e) {
            throw new UncheckedIOException("accept", e);
        }
    }

    private static void serve(SocketChannel connection, UnaryOperator<byte[]> reply) {
        ByteBuffer header = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
        try (connection) {
            for (;;) {
                byte[] request = read(connection, header);
                if (request == null) {
                    return;
                }
                write(connection, header, reply.apply(request));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("serve", e);
        }
    }

    /**
     * A caller with a connection of its own to the replier, which must be listening.
     *
     * @param json whether it sends JSON quotes or bytes
     * @param runDir the run directory
     * @param link the link's name
     * @return the caller
     */
    static Caller caller(boolean json, Path runDir, String link) {
        SocketChannel channel;
        try {
            channel = SocketChannel.open(UnixDomainSocketAddress.of(socketFile(runDir, link)));
        } catch (IOException e) {
            throw new UncheckedIOException(link + ": cannot connect", e);
        }
        ByteBuffer header = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
        UnaryOperator<byte[]> roundTrip = request -> roundTrip(channel, header, request);
        Runnable close = () -> {
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        return json ? Callers.quotes(q -> JSON.readValue(roundTrip.apply(JSON.writeValueAsBytes(q)), Quote.class), close)
                : Callers.bytes(roundTrip, close);
    }

    private static byte[] roundTrip(SocketChannel channel, ByteBuffer header, byte[] request) {
        try {
            write(channel, header, request);
            byte[] reply = read(channel, header);
            if (reply == null) {
                throw new IOException("the replier closed the connection");
            }
            return reply;
        } catch (IOException e) {
            throw new UncheckedIOException("request", e);
        }
    }

    /** Writes one frame: the length, then the payload, in one gathering write where it fits. */
    private static void write(SocketChannel channel, ByteBuffer header, byte[] payload) throws IOException {
        header.clear();
        header.putInt(0, payload.length);
        ByteBuffer[] frame = {header, ByteBuffer.wrap(payload)};
        long left = 4L + payload.length;
        while (left > 0) {
            left -= channel.write(frame);
        }
    }

    /** Reads one frame; null when the peer closed the connection between frames. */
    private static byte[] read(SocketChannel channel, ByteBuffer header) throws IOException {
        header.clear();
        if (!readFully(channel, header, true)) {
            return null;
        }
        byte[] payload = new byte[header.getInt(0)];
        readFully(channel, ByteBuffer.wrap(payload), false);
        return payload;
    }

    private static boolean readFully(SocketChannel channel, ByteBuffer buffer, boolean endAllowed) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                if (endAllowed && buffer.position() == 0) {
                    return false;
                }
                throw new IOException("the peer closed the connection in the middle of a frame");
            }
        }
        return true;
    }
}
