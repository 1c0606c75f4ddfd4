package io.libipc;

import io.libipc.internal.ring.Cancellation;
import io.libipc.internal.ring.Connection;
import io.libipc.internal.ring.RingReader;
import io.libipc.internal.storage.ChannelNames;
import io.libipc.internal.storage.ChannelStorage;
import io.libipc.internal.storage.StorageDescriptor;
import io.libipc.internal.storage.StorageRegistry;
import io.libipc.internal.wait.Waiter;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A handle on a shared-memory channel: the Java form of libipc's {@code IPCChannel}.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>{@link ChannelType#ROUTE}: one live sender (a second is refused with
 *       {@link IpcStatus#ERROR_CONNECTION_FAILED}; a sender killed with kill -9 is replaced at
 *       once, where libipc needs its storage cleared). {@link ChannelType#CHANNEL}: up to 64
 *       senders; all receivers see one global order, FIFO per sender.</li>
 *   <li>Broadcast: each of up to 64 receivers gets every message sent after it connected. A handle
 *       never receives its own messages. Empty messages are allowed (libipc refuses them).</li>
 *   <li>Messages of any size up to the channel's maximum, larger than the ring too; a message is
 *       delivered whole or not at all, also when its sender dies half-way.</li>
 *   <li>No receiver connected: {@link #send} fails at once with {@link IpcStatus#ERROR_SEND_FAILED}
 *       and {@link #trySend} returns false.</li>
 *   <li>Full ring: send and trySend wait up to their timeout for room. Then trySend returns false,
 *       and send evicts the receivers a whole ring behind (never one that keeps up) and succeeds.
 *       Unlike libipc, eviction is never silent: the evicted receiver's {@link #lostMessages()}
 *       grows by the number of messages it lost, and both sides log a warning.</li>
 *   <li>Dead participants are found through POSIX locks the kernel drops on exit, not pids: a dead
 *       receiver is no longer counted as soon as anybody looks, and never blocks a sender past
 *       its timeout.</li>
 *   <li>Timeouts: {@code timeoutMs = 0} means the handle's default ({@link IpcOptions}): 100 ms for
 *       send and trySend, no limit for receive and waitForReceivers. Negative is invalid.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * send and trySend may be called from many threads at once. One thread receives at a time; a
 * second concurrent receive fails fast with {@link IpcStatus#ERROR_RECEIVE_FAILED}. close and
 * disconnect from another thread end a blocked receive or waitForReceivers with an
 * {@link IpcException} within a second.
 *
 * <h2>Storage</h2>
 * One file per channel, {@code <storageDirectory>/<namePrefix><name>} (by default
 * {@code /dev/shm/libipc.<name>}), mode 0600 by default. It outlives the handles, as libipc's
 * storage does; {@link #clearChannelStorage(String)} removes it.
 */
public final class IpcChannel implements AutoCloseable {

    private static final long NO_LIMIT = 0;
    private static final long DISCONNECT_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final ChannelType type;
    private final String name;
    private final IpcOptions options;
    private final Path path;
    private final Waiter waiter;
    private final Object stateLock = new Object();
    private final AtomicInteger operationsInFlight = new AtomicInteger();
    private final AtomicReference<Thread> receivingThread = new AtomicReference<>();
    private final Cancellation cancellation = this::checkStillConnected;

    private volatile Connection connection;
    private volatile boolean closed;
    private Set<ConnMode> modes;
    private volatile long lostBefore;

    /**
     * Opens a channel with default options and connects it.
     *
     * @param type ROUTE or CHANNEL
     * @param name 1-200 characters of {@code [A-Za-z0-9._-]}, not starting with '.', no '..'
     * @param modes SENDER, RECEIVER, or both
     * @throws IpcException ERROR_INVALID_ARGUMENT for bad arguments, ERROR_CONNECTION_FAILED when connecting fails
     */
    public IpcChannel(ChannelType type, String name, ConnMode... modes) {
        this(type, name, IpcOptions.defaults(), modes);
    }

    /**
     * Opens a channel and connects it.
     *
     * @param type ROUTE or CHANNEL
     * @param name 1-200 characters of {@code [A-Za-z0-9._-]}, not starting with '.', no '..'
     * @param options capacity, maximum size, timeouts, storage location, wait strategy
     * @param modes SENDER, RECEIVER, or both
     * @throws IpcException ERROR_INVALID_ARGUMENT for bad arguments, ERROR_CONNECTION_FAILED when connecting fails
     */
    public IpcChannel(ChannelType type, String name, IpcOptions options, ConnMode... modes) {
        if (type == null) {
            throw invalid("channel type must not be null");
        }
        if (options == null) {
            throw invalid("options must not be null");
        }
        this.type = type;
        this.name = ChannelNames.validate(name);
        this.options = options;
        this.path = ChannelNames.storagePath(name, options);
        this.waiter = Waiter.forStrategy(options.waitStrategy());
        connect(modes);
    }

    /**
     * Connects with the modes of the last connection; a no-op when connected.
     *
     * @throws IpcException ERROR_INVALID_ARGUMENT when closed, ERROR_CONNECTION_FAILED when connecting fails
     */
    public void connect() {
        synchronized (stateLock) {
            checkOpen();
            if (connection == null) {
                connection = open(modes);
            }
        }
    }

    /**
     * Connects with the given modes; a no-op when connected with the same modes, a reconnection
     * when connected with others.
     *
     * @param modes SENDER, RECEIVER, or both
     * @throws IpcException ERROR_INVALID_ARGUMENT when closed or the modes are empty, ERROR_CONNECTION_FAILED when connecting fails
     */
    public void connect(ConnMode... modes) {
        Set<ConnMode> wanted = modeSet(modes);
        synchronized (stateLock) {
            checkOpen();
            if (connection != null && wanted.equals(this.modes)) {
                return;
            }
            disconnectLocked();
            connection = open(wanted);
            this.modes = wanted;
        }
    }

    /**
     * Disconnects: gives back this handle's sender and receiver places. Harmless when not connected.
     * A receive or waitForReceivers blocked in another thread ends with an {@link IpcException}.
     */
    public void disconnect() {
        synchronized (stateLock) {
            disconnectLocked();
        }
    }

    /**
     * Sends a message with the default send timeout.
     *
     * @param data the message, possibly empty
     * @throws IpcException ERROR_SEND_FAILED when no receiver is connected or this is not a sender,
     *                      ERROR_INVALID_ARGUMENT for null or oversized data or a closed handle
     */
    public void send(byte[] data) {
        send(data, 0);
    }

    /**
     * Sends a message. When the ring is full, waits up to the timeout for room; then evicts the
     * receivers still a whole ring behind (they learn it through {@link #lostMessages()}) and
     * succeeds. A receiver evicted before that has not read since is evicted at once, so a message
     * larger than the ring is not held up a timeout per ring by a receiver that stopped reading;
     * receivers that keep reading are waited for. Waiting for other senders (the channel's write
     * lock) is not counted in the timeout: they hold it only as long as their own sends take.
     *
     * @param data the message, possibly empty
     * @param timeoutMs 0 for the default (100 ms), else positive
     * @throws IpcException ERROR_SEND_FAILED when no receiver is connected or this is not a sender,
     *                      ERROR_INVALID_ARGUMENT for null or oversized data, a negative timeout or a closed handle
     */
    public void send(byte[] data, long timeoutMs) {
        requireData(data);
        doSend(data, 0, data.length, timeoutMs, true);
    }

    /**
     * Sends the remaining bytes of a buffer without allocating: the hot-loop path. On success the
     * buffer's position moves to its limit.
     *
     * @param data the message: position to limit, heap or direct
     * @param timeoutMs 0 for the default (100 ms), else positive
     * @throws IpcException as {@link #send(byte[], long)}
     */
    public void send(ByteBuffer data, long timeoutMs) {
        requireData(data);
        doSend(data, data.position(), data.remaining(), timeoutMs, true);
        data.position(data.limit());
    }

    /**
     * Sends a message if room appears within the default send timeout.
     *
     * @param data the message, possibly empty
     * @return true when sent; false on timeout or when no receiver is connected
     * @throws IpcException ERROR_INVALID_ARGUMENT for null or oversized data or a closed handle
     */
    public boolean trySend(byte[] data) {
        return trySend(data, 0);
    }

    /**
     * Sends a message if room appears within the timeout (which covers waiting for other senders
     * too); never evicts anybody. A message larger than the ring that times out half-way is
     * dropped whole by every receiver.
     *
     * @param data the message, possibly empty
     * @param timeoutMs 0 for the default (100 ms), else positive
     * @return true when sent; false on timeout or when no receiver is connected
     * @throws IpcException ERROR_INVALID_ARGUMENT for null or oversized data, a negative timeout or a closed handle
     */
    public boolean trySend(byte[] data, long timeoutMs) {
        requireData(data);
        return doSend(data, 0, data.length, timeoutMs, false);
    }

    /**
     * Sends the remaining bytes of a buffer if room appears within the timeout, without
     * allocating. On success the buffer's position moves to its limit.
     *
     * @param data the message: position to limit
     * @param timeoutMs 0 for the default (100 ms), else positive
     * @return true when sent; false on timeout or when no receiver is connected
     * @throws IpcException as {@link #trySend(byte[], long)}
     */
    public boolean trySend(ByteBuffer data, long timeoutMs) {
        requireData(data);
        boolean sent = doSend(data, data.position(), data.remaining(), timeoutMs, false);
        if (sent) {
            data.position(data.limit());
        }
        return sent;
    }

    /**
     * Receives the next message, waiting as long as the default receive timeout (no limit by default).
     *
     * @return the message
     * @throws IpcException ERROR_TIMEOUT, ERROR_RECEIVE_FAILED when not a receiver, ERROR_CONNECTION_FAILED when not connected
     */
    public byte[] receive() {
        return receive(0);
    }

    /**
     * Receives the next message.
     *
     * @param timeoutMs 0 for the default (no limit unless configured), else positive
     * @return the message
     * @throws IpcException ERROR_TIMEOUT when nothing came in time (the handle stays connected),
     *                      ERROR_RECEIVE_FAILED when not a receiver, ERROR_CONNECTION_FAILED when not connected,
     *                      ERROR_INVALID_ARGUMENT for a negative timeout or a closed handle
     */
    public byte[] receive(long timeoutMs) {
        long timeout = receiveTimeout(timeoutMs);
        RingReader reader = beginReceive();
        try {
            int n = take(reader, timeout);
            return Arrays.copyOf(reader.scratch(), n);
        } finally {
            endReceive();
        }
    }

    /**
     * Receives the next message into a buffer, without allocating. When the buffer has too little
     * room the message is kept for the next receive and ERROR_INVALID_ARGUMENT names both sizes.
     *
     * @param dst where the message goes, from its position; the position advances by the length
     * @param timeoutMs 0 for the default, else positive
     * @return the message length
     * @throws IpcException as {@link #receive(long)}, or ERROR_INVALID_ARGUMENT when {@code dst} is too small
     */
    public int receive(ByteBuffer dst, long timeoutMs) {
        requireBuffer(dst);
        long timeout = receiveTimeout(timeoutMs);
        RingReader reader = beginReceive();
        try {
            return deliver(reader, take(reader, timeout), dst);
        } finally {
            endReceive();
        }
    }

    /**
     * Receives the next message through a handler, without allocating: the handler gets a
     * read-only view valid during the call.
     *
     * @param handler called once with the message
     * @param timeoutMs 0 for the default, else positive
     * @throws IpcException as {@link #receive(long)}
     */
    public void receive(MessageHandler handler, long timeoutMs) {
        requireHandler(handler);
        long timeout = receiveTimeout(timeoutMs);
        RingReader reader = beginReceive();
        try {
            int n = take(reader, timeout);
            handler.onMessage(reader.view(n));
        } finally {
            endReceive();
        }
    }

    /**
     * Receives a message if one is there, without waiting.
     *
     * @return the message, or empty when none is available
     * @throws IpcException ERROR_RECEIVE_FAILED when not a receiver, ERROR_CONNECTION_FAILED when not connected
     */
    public Optional<byte[]> tryReceive() {
        RingReader reader = beginReceive();
        try {
            int n = reader.poll();
            return n < 0 ? Optional.empty() : Optional.of(Arrays.copyOf(reader.scratch(), n));
        } finally {
            endReceive();
        }
    }

    /**
     * Receives a message into a buffer if one is there, without waiting or allocating.
     *
     * @param dst where the message goes, from its position
     * @return the message length, or -1 when none is available
     * @throws IpcException as {@link #receive(ByteBuffer, long)}
     */
    public int tryReceive(ByteBuffer dst) {
        requireBuffer(dst);
        RingReader reader = beginReceive();
        try {
            int n = reader.poll();
            return n < 0 ? -1 : deliver(reader, n, dst);
        } finally {
            endReceive();
        }
    }

    /**
     * Receives a message through a handler if one is there, without waiting or allocating.
     *
     * @param handler called with the message, if any
     * @return whether a message was handled
     * @throws IpcException as {@link #tryReceive()}
     */
    public boolean tryReceive(MessageHandler handler) {
        requireHandler(handler);
        RingReader reader = beginReceive();
        try {
            int n = reader.poll();
            if (n < 0) {
                return false;
            }
            handler.onMessage(reader.view(n));
            return true;
        } finally {
            endReceive();
        }
    }

    /**
     * Counts the live receivers that would get this handle's next message. A handle that is both
     * sender and receiver does not count itself; every other handle counts every receiver. Dead
     * receivers found on the way are released, so a killed receiver stops being counted here.
     *
     * @return the number of receivers
     * @throws IpcException ERROR_CONNECTION_FAILED when not connected, ERROR_INVALID_ARGUMENT when closed
     */
    public int receiverCount() {
        operationsInFlight.incrementAndGet();
        try {
            return current().receiverCount();
        } finally {
            operationsInFlight.decrementAndGet();
        }
    }

    /**
     * How full the ring is: bytes published and not yet read by the slowest receiver (other than
     * this handle), at most {@link #capacity()}. For monitoring; it moves while it is read. A ring
     * that stays nearly full means a receiver cannot keep up and will soon be evicted.
     *
     * @return the backlog in bytes, 0 when no receiver is connected
     * @throws IpcException ERROR_CONNECTION_FAILED when not connected, ERROR_INVALID_ARGUMENT when closed
     */
    public long backlogBytes() {
        operationsInFlight.incrementAndGet();
        try {
            return current().backlogBytes();
        } finally {
            operationsInFlight.decrementAndGet();
        }
    }

    /**
     * Waits until at least {@code count} receivers are connected (as {@link #receiverCount()} counts).
     *
     * @param count the number to wait for, 0 or more
     * @param timeoutMs 0 for no limit, else positive
     * @return true as soon as the count is reached, false when the timeout passed first
     * @throws IpcException ERROR_INVALID_ARGUMENT for a negative count or timeout, or when closed meanwhile;
     *                      ERROR_CONNECTION_FAILED when disconnected meanwhile
     */
    public boolean waitForReceivers(int count, long timeoutMs) {
        if (count < 0) {
            throw invalid("receiver count must not be negative: count=" + count);
        }
        long timeout = timeout(timeoutMs, NO_LIMIT, "timeoutMs");
        long deadline = System.nanoTime() + timeout;
        operationsInFlight.incrementAndGet();
        try {
            Connection c = current();
            ChannelStorage storage = c.storage();
            for (int attempt = 0; ; attempt++) {
                if (c.receiverCount() >= count) {
                    return true;
                }
                long now = System.nanoTime();
                if (timeout != NO_LIMIT && now - deadline >= 0) {
                    return false;
                }
                // Joins and leaves always bump and wake the membership word (they are rare).
                int seen = storage.getIntVolatile(StorageDescriptor.MEMBERSHIP_FUTEX_OFFSET);
                if (c.receiverCount() >= count) {
                    return true;
                }
                // Slices of 100 ms: a receiver that dies wakes nobody, so look again regularly.
                long sleep = timeout == NO_LIMIT ? 100_000_000L : Math.min(deadline - now, 100_000_000L);
                waiter.await(storage, StorageDescriptor.MEMBERSHIP_FUTEX_OFFSET, seen, sleep, attempt);
                checkStillConnected();
            }
        } finally {
            operationsInFlight.decrementAndGet();
        }
    }

    /**
     * Messages this handle lost because it fell a whole ring behind and a sender evicted it,
     * over all its connections. Never silent: each eviction also logs a warning. For a handle that
     * both sends and receives, the count can include messages it sent itself while it lagged
     * (it would not have received those anyway).
     *
     * @return the count, 0 when nothing was lost
     */
    public long lostMessages() {
        Connection c = connection;
        long now = c != null && c.reader() != null ? c.reader().lostMessages() : 0;
        return lostBefore + now;
    }

    /** @return whether the handle is connected */
    public boolean isConnected() {
        return connection != null;
    }

    /** @return whether the handle is closed */
    public boolean isClosed() {
        return closed;
    }

    /** @return the channel name */
    public String name() {
        return name;
    }

    /** @return the channel type */
    public ChannelType type() {
        return type;
    }

    /** @return the modes of the current or last connection */
    public Set<ConnMode> modes() {
        synchronized (stateLock) {
            return modes;
        }
    }

    /** @return the options this handle was opened with */
    public IpcOptions options() {
        return options;
    }

    /** @return the storage file of this channel */
    public Path storagePath() {
        return path;
    }

    /**
     * The channel's ring capacity, as stored in its storage file (the creator's choice).
     *
     * @return bytes
     * @throws IpcException when not connected
     */
    public int capacity() {
        return current().storage().capacity();
    }

    /**
     * The channel's largest message, as stored in its storage file (the creator's choice).
     *
     * @return bytes
     * @throws IpcException when not connected
     */
    public int maxMessageSize() {
        return current().storage().maxMessageSize();
    }

    /** Disconnects and closes the handle; later calls fail with ERROR_INVALID_ARGUMENT. Idempotent. */
    @Override
    public void close() {
        synchronized (stateLock) {
            if (closed) {
                return;
            }
            closed = true;
            disconnectLocked();
        }
    }

    @Override
    public String toString() {
        return "IpcChannel[type=" + type + ", name=" + name + ", modes=" + modes + ", connected=" + isConnected()
                + ", closed=" + closed + "]";
    }

    /**
     * Checks a channel name without opening anything, so that configuration (a Spring property, a
     * command-line flag) can be refused before a channel is needed.
     *
     * @param name the candidate name
     * @return the name, when valid: 1-200 characters of {@code [A-Za-z0-9._-]}, not starting with
     *         '.', no '..'
     * @throws IpcException ERROR_INVALID_ARGUMENT naming what is wrong with the name
     */
    public static String validateName(String name) {
        return ChannelNames.validate(name);
    }

    /**
     * Removes a channel's storage (default options). Handles still open on it, here or in other
     * processes, fail their next call with ERROR_CONNECTION_FAILED; new handles start afresh.
     *
     * @param name the channel name
     * @throws IpcException ERROR_INVALID_ARGUMENT for a bad name
     */
    public static void clearChannelStorage(String name) {
        clearChannelStorage(name, IpcOptions.defaults());
    }

    /**
     * Removes a channel's storage from the directory and prefix of the given options.
     *
     * @param name the channel name
     * @param options where the storage lives
     * @throws IpcException ERROR_INVALID_ARGUMENT for a bad name
     */
    public static void clearChannelStorage(String name, IpcOptions options) {
        if (options == null) {
            throw invalid("options must not be null");
        }
        StorageRegistry.clear(ChannelNames.storagePath(name, options));
    }

    /**
     * Sends one message on a CHANNEL and closes: connects as sender, waits up to the default send
     * timeout for a receiver, sends.
     *
     * @param name the channel name
     * @param data the message
     * @throws IpcException ERROR_SEND_FAILED when no receiver came
     */
    public static void sendMessage(String name, byte[] data) {
        sendMessage(name, data, ChannelType.CHANNEL);
    }

    /**
     * Sends one message and closes: connects as sender, waits up to the default send timeout for a
     * receiver, sends.
     *
     * @param name the channel name
     * @param data the message
     * @param type the channel type
     * @throws IpcException ERROR_SEND_FAILED when no receiver came
     */
    public static void sendMessage(String name, byte[] data, ChannelType type) {
        requireData(data);
        try (IpcChannel channel = new IpcChannel(type, name, ConnMode.SENDER)) {
            channel.waitForReceivers(1, channel.options.sendTimeoutMs());
            channel.send(data);
        }
    }

    /**
     * Receives one message on a CHANNEL and closes.
     *
     * @param name the channel name
     * @param timeoutMs 0 for no limit, else positive
     * @return the message
     * @throws IpcException ERROR_TIMEOUT when nothing came in time
     */
    public static byte[] receiveMessage(String name, long timeoutMs) {
        return receiveMessage(name, timeoutMs, ChannelType.CHANNEL);
    }

    /**
     * Receives one message and closes. Only messages sent after it connected can arrive.
     *
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

    // ---------------------------------------------------------------------------------------

    private Connection open(Set<ConnMode> wanted) {
        return Connection.open(name, path, type, options, wanted, waiter, cancellation);
    }

    private void disconnectLocked() {
        Connection c = connection;
        if (c == null) {
            return;
        }
        connection = null;
        // Wake our own waiters (and, harmlessly, everybody else's) so they see the change.
        c.storage().wakeEverybody();
        c.beginClose(DISCONNECT_WAIT_NANOS);
        Thread self = Thread.currentThread();
        long deadline = System.nanoTime() + DISCONNECT_WAIT_NANOS;
        while ((operationsInFlight.get() != 0 || (receivingThread.get() != null && receivingThread.get() != self))
                && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(100_000);
        }
        if (c.reader() != null) {
            lostBefore += c.reader().lostMessages();
        }
        c.close();
    }

    private boolean doSend(Object src, int offset, int length, long timeoutMs, boolean force) {
        long timeout = timeout(timeoutMs, options.sendTimeoutMs(), "timeoutMs");
        // Not counted in operationsInFlight (two atomic operations per message): disconnect waits
        // for the write lock instead, and the writer re-checks the connection (and whether the
        // storage was cleared) once it holds the lock.
        Connection c = connected();
        if (c.writer() == null) {
            throw new IpcException(IpcStatus.ERROR_SEND_FAILED, "channel '" + name
                    + "' is not connected as a sender: modes=" + modes);
        }
        int max = c.storage().maxMessageSize();
        if (length > max) {
            throw invalid("message is larger than the channel's maximum: length=" + length
                    + ", maxMessageSize=" + max + " (channel '" + name + "')");
        }
        if (c.activeReceivers() == 0) {
            if (c.storage().isCleared()) {
                throw cleared();
            }
            if (!force) {
                return false;
            }
            throw new IpcException(IpcStatus.ERROR_SEND_FAILED, "no receiver is connected to channel '" + name
                    + "': a message sent now would reach nobody (waitForReceivers first)");
        }
        return c.writer().write(src, offset, length, timeout, force);
    }

    private int take(RingReader reader, long timeout) {
        int n = reader.take(System.nanoTime() + timeout, timeout != NO_LIMIT);
        if (n < 0) {
            throw new IpcException(IpcStatus.ERROR_TIMEOUT, "no message on channel '" + name + "' within timeoutMs="
                    + TimeUnit.NANOSECONDS.toMillis(timeout));
        }
        return n;
    }

    private int deliver(RingReader reader, int n, ByteBuffer dst) {
        if (dst.remaining() < n) {
            reader.keep(n);
            throw invalid("buffer too small for the next message: remaining=" + dst.remaining() + ", length=" + n
                    + "; the message is kept for the next receive");
        }
        dst.put(reader.scratch(), 0, n);
        return n;
    }

    private RingReader beginReceive() {
        Thread self = Thread.currentThread();
        if (!receivingThread.compareAndSet(null, self)) {
            Thread other = receivingThread.get();
            throw new IpcException(IpcStatus.ERROR_RECEIVE_FAILED, other == self
                    ? "receive called again from inside a MessageHandler of channel '" + name + "'"
                    : "another thread is already receiving on this handle of channel '" + name + "': thread="
                    + (other == null ? "?" : other.getName()) + "; one thread receives per handle");
        }
        try {
            Connection c = current();
            if (c.reader() == null) {
                throw new IpcException(IpcStatus.ERROR_RECEIVE_FAILED, "channel '" + name
                        + "' is not connected as a receiver: modes=" + modes);
            }
            return c.reader();
        } catch (RuntimeException e) {
            receivingThread.set(null);
            throw e;
        }
    }

    private void endReceive() {
        receivingThread.setRelease(null);
    }

    private Connection current() {
        Connection c = connected();
        if (c.storage().isCleared()) {
            throw cleared();
        }
        return c;
    }

    /** The connection, without the cleared check: for sends, whose writer checks it under the lock. */
    private Connection connected() {
        Connection c = connection;
        if (c == null) {
            if (closed) {
                throw invalid("channel '" + name + "' is closed");
            }
            throw new IpcException(IpcStatus.ERROR_CONNECTION_FAILED, "channel '" + name + "' is not connected; call connect()");
        }
        return c;
    }

    private void checkStillConnected() {
        Connection c = connection;
        if (c == null) {
            if (closed) {
                throw invalid("channel '" + name + "' was closed while waiting");
            }
            throw new IpcException(IpcStatus.ERROR_CONNECTION_FAILED, "channel '" + name + "' was disconnected while waiting");
        }
        if (c.storage().isCleared()) {
            throw cleared();
        }
    }

    private IpcException cleared() {
        return new IpcException(IpcStatus.ERROR_CONNECTION_FAILED, "storage of channel '" + name
                + "' was cleared (clearChannelStorage): file=" + path + "; close this handle and open a new one");
    }

    private void checkOpen() {
        if (closed) {
            throw invalid("channel '" + name + "' is closed");
        }
    }

    private long receiveTimeout(long timeoutMs) {
        return timeout(timeoutMs, options.receiveTimeoutMs(), "timeoutMs");
    }

    /** Converts to nanoseconds; 0 takes the default, NO_LIMIT (0) stays "no limit". */
    private static long timeout(long timeoutMs, long defaultMs, String what) {
        if (timeoutMs < 0) {
            throw invalid(what + " must be 0 (the default) or positive: " + what + "=" + timeoutMs);
        }
        long ms = timeoutMs == 0 ? defaultMs : timeoutMs;
        return ms == 0 ? NO_LIMIT : TimeUnit.MILLISECONDS.toNanos(Math.min(ms, Long.MAX_VALUE / 2_000_000L));
    }

    private static Set<ConnMode> modeSet(ConnMode... modes) {
        if (modes == null || modes.length == 0) {
            throw invalid("at least one connection mode is required: modes=" + Arrays.toString(modes));
        }
        EnumSet<ConnMode> set = EnumSet.noneOf(ConnMode.class);
        for (ConnMode mode : modes) {
            if (mode == null) {
                throw invalid("connection modes must not contain null: modes=" + Arrays.toString(modes));
            }
            set.add(mode);
        }
        return Collections.unmodifiableSet(set);
    }

    private static void requireData(Object data) {
        if (data == null) {
            throw invalid("data must not be null");
        }
    }

    private static void requireBuffer(ByteBuffer dst) {
        if (dst == null) {
            throw invalid("destination buffer must not be null");
        }
        if (dst.isReadOnly()) {
            throw invalid("destination buffer must be writable");
        }
    }

    private static void requireHandler(MessageHandler handler) {
        if (handler == null) {
            throw invalid("handler must not be null");
        }
    }

    private static IpcException invalid(String message) {
        return new IpcException(IpcStatus.ERROR_INVALID_ARGUMENT, message);
    }
}
