package io.libipc;

import io.libipc.internal.engine.ChannelNames;
import io.libipc.internal.engine.Timeouts;
import io.libipc.internal.handle.Arguments;
import io.libipc.internal.handle.Engines;
import io.libipc.internal.handle.HandleLifecycle;
import io.libipc.internal.handle.HandleReceiver;
import io.libipc.internal.handle.HandleSender;
import io.libipc.internal.handle.ReceivingThread;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * A handle on a shared-memory channel: the Java form of libipc's {@code IPCChannel}. The package
 * description ({@link io.libipc}) has the semantics, the timeout rules, the {@link IpcStatus} of
 * each error, and the threads: send from many at once, receive from one at a time.
 */
public final class IpcChannel implements AutoCloseable {

    private final IpcOptions options;
    private final HandleLifecycle lifecycle;
    private final HandleSender sender;
    private final HandleReceiver receiver;

    /**
     * Opens a channel with default options, as {@link #IpcChannel(ChannelType, String, IpcOptions, ConnMode...)}.
     * @param type ROUTE or CHANNEL
     * @param name the channel name
     * @param modes SENDER, RECEIVER, or both
     */
    public IpcChannel(ChannelType type, String name, ConnMode... modes) {
        this(type, name, IpcOptions.defaults(), modes);
    }

    /**
     * Opens a channel and connects it.
     * @param type ROUTE or CHANNEL
     * @param name 1-200 characters of {@code [A-Za-z0-9._-]}, not starting with '.', no '..'
     * @param options capacity, maximum size, timeouts, storage location, wait strategy
     * @param modes SENDER, RECEIVER, or both
     * @throws IpcException ERROR_INVALID_ARGUMENT for bad arguments, ERROR_CONNECTION_FAILED when
     *         connecting fails (a limit reached, a live ROUTE sender, broken or foreign storage)
     */
    public IpcChannel(ChannelType type, String name, IpcOptions options, ConnMode... modes) {
        this.options = Arguments.required(options, "options");
        ReceivingThread receivingThread = new ReceivingThread();
        this.lifecycle = new HandleLifecycle(Engines.forOptions(options), Arguments.required(type, "channel type"),
                ChannelNames.validate(name), options, receivingThread);
        this.sender = new HandleSender(name, lifecycle);
        this.receiver = new HandleReceiver(name, lifecycle, receivingThread);
        connect(modes);
    }

    /** Connects with the modes of the last connection; a no-op when connected. Fails as {@link #connect(ConnMode...)}. */
    public void connect() {
        lifecycle.connect();
    }

    /**
     * Connects with the given modes: a no-op when connected with them, a reconnection if not.
     * @param modes SENDER, RECEIVER, or both
     * @throws IpcException ERROR_INVALID_ARGUMENT when closed or without modes, ERROR_CONNECTION_FAILED when connecting fails
     */
    public void connect(ConnMode... modes) {
        lifecycle.connect(Arguments.modes(modes));
    }

    /** Gives this handle's places back; harmless when not connected. Blocked receives in other threads fail. */
    public void disconnect() {
        lifecycle.disconnect();
    }

    /**
     * Sends a message with the default timeout, as {@link #send(byte[], long)}.
     * @param data the message, possibly empty
     */
    public void send(byte[] data) {
        send(data, 0);
    }

    /**
     * Sends a message: waits up to the timeout for room, then evicts receivers a whole ring behind.
     * @param data the message, possibly empty
     * @param timeoutMs 0 for the default (100 ms), else positive
     * @throws IpcException ERROR_SEND_FAILED when no receiver is connected or this is not a sender,
     *                      ERROR_INVALID_ARGUMENT for null or oversized data, a negative timeout or a closed handle
     */
    public void send(byte[] data, long timeoutMs) {
        send(Arguments.required(data, "data"), 0, data.length, timeoutMs, true);
    }

    /**
     * Sends a buffer's remaining bytes without allocating, as {@link #send(byte[], long)}; on success
     * its position moves to its limit.
     * @param data the message: position to limit, heap or direct
     * @param timeoutMs 0 for the default (100 ms), else positive
     */
    public void send(ByteBuffer data, long timeoutMs) {
        send(Arguments.required(data, "data"), data.position(), data.remaining(), timeoutMs, true);
        data.position(data.limit());
    }

    /**
     * Sends a message if room appears within the default timeout, as {@link #trySend(byte[], long)}.
     * @param data the message, possibly empty
     * @return true when sent
     */
    public boolean trySend(byte[] data) {
        return trySend(data, 0);
    }

    /**
     * Sends a message if room appears within the timeout (other senders' turns included); never evicts.
     * @param data the message, possibly empty
     * @param timeoutMs 0 for the default (100 ms), else positive
     * @return true when sent; false on timeout or when no receiver is connected
     * @throws IpcException ERROR_INVALID_ARGUMENT for null or oversized data, a negative timeout or a closed handle
     */
    public boolean trySend(byte[] data, long timeoutMs) {
        return send(Arguments.required(data, "data"), 0, data.length, timeoutMs, false);
    }

    /**
     * Sends a buffer's remaining bytes without allocating, as {@link #trySend(byte[], long)}; on
     * success its position moves to its limit.
     * @param data the message: position to limit
     * @param timeoutMs 0 for the default (100 ms), else positive
     * @return true when sent
     */
    public boolean trySend(ByteBuffer data, long timeoutMs) {
        boolean sent = send(Arguments.required(data, "data"), data.position(), data.remaining(), timeoutMs, false);
        if (sent) {
            data.position(data.limit());
        }
        return sent;
    }

    /**
     * Receives the next message within the default timeout (no limit by default), as {@link #receive(long)}.
     * @return the message
     */
    public byte[] receive() {
        return receive(0);
    }

    /**
     * Receives the next message.
     * @param timeoutMs 0 for the default (no limit unless configured), else positive
     * @return the message
     * @throws IpcException ERROR_TIMEOUT when nothing came in time (the handle stays connected), ERROR_RECEIVE_FAILED
     *                      when not a receiver, ERROR_CONNECTION_FAILED when not connected, ERROR_INVALID_ARGUMENT
     */
    public byte[] receive(long timeoutMs) {
        return receiver.receive(Timeouts.receive(timeoutMs, options));
    }

    /**
     * Receives the next message into a buffer without allocating, as {@link #receive(long)}. When the
     * buffer is too small the message is kept for the next receive and ERROR_INVALID_ARGUMENT names both sizes.
     * @param dst where the message goes, from its position; the position advances by the length
     * @param timeoutMs 0 for the default, else positive
     * @return the message length
     */
    public int receive(ByteBuffer dst, long timeoutMs) {
        return receiver.receive(Arguments.destination(dst), Timeouts.receive(timeoutMs, options));
    }

    /**
     * Receives the next message through a handler without allocating, as {@link #receive(long)}: the
     * handler gets a read-only view valid during the call.
     * @param handler called once with the message
     * @param timeoutMs 0 for the default, else positive
     */
    public void receive(MessageHandler handler, long timeoutMs) {
        receiver.receive(Arguments.handler(handler), Timeouts.receive(timeoutMs, options));
    }

    /**
     * Receives a message if one is there, without waiting; fails as {@link #receive(long)}.
     * @return the message, or empty when none is available
     */
    public Optional<byte[]> tryReceive() {
        return receiver.tryReceive();
    }

    /**
     * Receives a message into a buffer if one is there, as {@link #receive(ByteBuffer, long)} without waiting.
     * @param dst where the message goes, from its position
     * @return the message length, or -1 when none is available
     */
    public int tryReceive(ByteBuffer dst) {
        return receiver.tryReceive(Arguments.destination(dst));
    }

    /**
     * Receives a message through a handler if one is there, as {@link #receive(MessageHandler, long)} without waiting.
     * @param handler called with the message, if any
     * @return whether a message was handled
     */
    public boolean tryReceive(MessageHandler handler) {
        return receiver.tryReceive(Arguments.handler(handler));
    }

    /**
     * Counts the live receivers that would get this handle's next message (not itself); releases dead ones.
     * @return the number of receivers
     * @throws IpcException ERROR_CONNECTION_FAILED when not connected, ERROR_INVALID_ARGUMENT when closed
     */
    public int receiverCount() {
        return lifecycle.receiverCount();
    }

    /**
     * How full the ring is, for monitoring: bytes the slowest receiver (not this handle) has not read.
     * @return 0 to {@link #capacity()}, 0 when no receiver is connected; fails as {@link #receiverCount()}
     * @throws UnsupportedOperationException with {@link IpcBackend#LIBIPC}, which does not tell
     */
    public long backlogBytes() {
        return lifecycle.backlogBytes();
    }

    /**
     * Waits until at least {@code count} receivers are connected, as {@link #receiverCount()} counts.
     * @param count the number to wait for, 0 or more
     * @param timeoutMs 0 for no limit, else positive
     * @return true as soon as the count is reached, false when the timeout passed first
     * @throws IpcException ERROR_INVALID_ARGUMENT for a bad count or timeout or when closed, ERROR_CONNECTION_FAILED
     */
    public boolean waitForReceivers(int count, long timeoutMs) {
        return lifecycle.awaitReceivers(Arguments.receiverCount(count), Timeouts.waitForReceivers(timeoutMs));
    }

    /**
     * Messages this handle lost over all its connections, evicted a whole ring behind (each time with a
     * warning logged); for a handle that also sends, possibly some of its own.
     * @return the count, 0 when nothing was lost
     * @throws UnsupportedOperationException with {@link IpcBackend#LIBIPC}, which does not count them
     */
    public long lostMessages() {
        return lifecycle.lostMessages();
    }

    /** @return whether the handle is connected */
    public boolean isConnected() {
        return lifecycle.isConnected();
    }

    /** @return whether the handle is closed */
    public boolean isClosed() {
        return lifecycle.isClosed();
    }

    /** @return the channel name */
    public String name() {
        return lifecycle.name();
    }

    /** @return the channel type */
    public ChannelType type() {
        return lifecycle.type();
    }

    /** @return the modes of the current or last connection */
    public Set<ConnMode> modes() {
        return lifecycle.modes();
    }

    /** @return the options this handle was opened with */
    public IpcOptions options() {
        return options;
    }

    /** @return the storage file of this channel */
    public Path storagePath() {
        return lifecycle.storagePath();
    }

    /** @return the channel's ring capacity in bytes, as its creator chose it; fails when not connected */
    public int capacity() {
        return lifecycle.current().capacity();
    }

    /** @return the channel's largest message in bytes, as its creator chose it; fails when not connected */
    public int maxMessageSize() {
        return lifecycle.current().maxMessageSize();
    }

    /** Disconnects and closes the handle; later calls fail with ERROR_INVALID_ARGUMENT. Idempotent. */
    @Override
    public void close() {
        lifecycle.close();
    }

    @Override
    public String toString() {
        return "IpcChannel[type=" + type() + ", name=" + name() + ", modes=" + modes() + ", connected=" + isConnected()
                + ", closed=" + isClosed() + "]";
    }

    /**
     * Checks a channel name without opening anything (configuration can be refused early): 1-200
     * characters of {@code [A-Za-z0-9._-]}, not starting with '.', no '..'.
     * @param name the candidate name
     * @return the name
     * @throws IpcException ERROR_INVALID_ARGUMENT naming what is wrong with the name
     */
    public static String validateName(String name) {
        return ChannelNames.validate(name);
    }

    /**
     * Removes a channel's storage (default options), as {@link #clearChannelStorage(String, IpcOptions)}.
     * @param name the channel name
     */
    public static void clearChannelStorage(String name) {
        clearChannelStorage(name, IpcOptions.defaults());
    }

    /**
     * Removes a channel's storage. Handles still open on it, here or in other processes, fail their
     * next call with ERROR_CONNECTION_FAILED ("cleared"); new handles start afresh.
     * @param name the channel name
     * @param options where the storage lives
     * @throws IpcException ERROR_INVALID_ARGUMENT for a bad name
     */
    public static void clearChannelStorage(String name, IpcOptions options) {
        Arguments.required(options, "options");
        Engines.forOptions(options).clearStorage(ChannelNames.validate(name), options);
    }

    /**
     * Whether a channel's storage exists, without creating it.
     * @param name the channel name
     * @param options where the storage lives
     * @return true when its storage file is there
     */
    public static boolean storageExists(String name, IpcOptions options) {
        Arguments.required(options, "options");
        return Files.exists(Engines.forOptions(options).storagePath(ChannelNames.validate(name), options));
    }

    /**
     * Sends one message on a CHANNEL, as {@link #sendMessage(String, byte[], ChannelType)}.
     * @param name the channel name
     * @param data the message
     */
    public static void sendMessage(String name, byte[] data) {
        sendMessage(name, data, ChannelType.CHANNEL);
    }

    /**
     * Sends one message and closes: connects as sender, waits up to the send timeout for a receiver, sends.
     * @param name the channel name
     * @param data the message
     * @param type the channel type
     * @throws IpcException ERROR_SEND_FAILED when no receiver came
     */
    public static void sendMessage(String name, byte[] data, ChannelType type) {
        Arguments.required(data, "data");
        try (IpcChannel channel = new IpcChannel(type, name, ConnMode.SENDER)) {
            channel.waitForReceivers(1, channel.options.sendTimeoutMs());
            channel.send(data);
        }
    }

    /**
     * Receives one message on a CHANNEL, as {@link #receiveMessage(String, long, ChannelType)}.
     * @param name the channel name
     * @param timeoutMs 0 for no limit, else positive
     * @return the message
     */
    public static byte[] receiveMessage(String name, long timeoutMs) {
        return receiveMessage(name, timeoutMs, ChannelType.CHANNEL);
    }

    /**
     * Receives one message and closes. Only messages sent after it connected can arrive.
     * @param name the channel name
     * @param timeoutMs 0 for no limit, else positive
     * @param type the channel type
     * @return the message
     * @throws IpcException ERROR_TIMEOUT when nothing came in time
     */
    public static byte[] receiveMessage(String name, long timeoutMs, ChannelType type) {
        try (IpcChannel channel = new IpcChannel(type, name, ConnMode.RECEIVER)) {
            return channel.receive(timeoutMs);
        }
    }

    private boolean send(Object src, int offset, int length, long timeoutMs, boolean force) {
        return sender.send(src, offset, length, Timeouts.send(timeoutMs, options), force);
    }
}
