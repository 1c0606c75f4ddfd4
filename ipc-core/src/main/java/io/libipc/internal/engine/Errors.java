package io.libipc.internal.engine;

import io.libipc.ConnMode;
import io.libipc.IpcException;
import io.libipc.IpcStatus;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Every error a handle reports about its own use, built in one place so that each condition has
 * one status and one wording whichever part finds it (the handle, the options, an engine).
 * Messages name the channel and the values involved in {@code name=value} form, and say what to
 * do where there is something to do. Storage-file problems are worded where files are read
 * ({@code internal.storage}), because only there is the file's content known.
 */
public final class Errors {

    private Errors() {
    }

    /**
     * A bad argument or option.
     *
     * @param message what is wrong, naming the value
     * @return an ERROR_INVALID_ARGUMENT exception
     */
    public static IpcException invalid(String message) {
        return new IpcException(IpcStatus.ERROR_INVALID_ARGUMENT, message);
    }

    /**
     * A required argument was null.
     *
     * @param what the argument, e.g. "data"
     * @return an ERROR_INVALID_ARGUMENT exception
     */
    public static IpcException isNull(String what) {
        return invalid(what + " must not be null");
    }

    /**
     * A number outside its range.
     *
     * @param what the option or argument
     * @param value the value given
     * @param rule the range, e.g. "between 1 and 10"
     * @return an ERROR_INVALID_ARGUMENT exception
     */
    public static IpcException outOfRange(String what, long value, String rule) {
        return invalid(what + " must be " + rule + ": " + what + "=" + value);
    }

    /**
     * A call on a closed handle.
     *
     * @param channel the channel name
     * @return an ERROR_INVALID_ARGUMENT exception saying "closed"
     */
    public static IpcException closed(String channel) {
        return invalid("channel '" + channel + "' is closed");
    }

    /**
     * A call on a disconnected handle.
     *
     * @param channel the channel name
     * @return an ERROR_CONNECTION_FAILED exception
     */
    public static IpcException notConnected(String channel) {
        return new IpcException(IpcStatus.ERROR_CONNECTION_FAILED, "channel '" + channel + "' is not connected; call connect()");
    }

    /**
     * The handle was closed by another thread while this one waited.
     *
     * @param channel the channel name
     * @return an ERROR_INVALID_ARGUMENT exception saying "closed"
     */
    public static IpcException closedWhileWaiting(String channel) {
        return invalid("channel '" + channel + "' was closed while waiting");
    }

    /**
     * The handle was disconnected by another thread while this one waited.
     *
     * @param channel the channel name
     * @return an ERROR_CONNECTION_FAILED exception
     */
    public static IpcException disconnectedWhileWaiting(String channel) {
        return new IpcException(IpcStatus.ERROR_CONNECTION_FAILED, "channel '" + channel + "' was disconnected while waiting");
    }

    /**
     * The connection an operation began on was closed while it waited, even if the handle has
     * connected again since.
     *
     * @param channel the channel name
     * @return an ERROR_CONNECTION_FAILED exception
     */
    public static IpcException connectionEnded(String channel) {
        return new IpcException(IpcStatus.ERROR_CONNECTION_FAILED,
                "channel '" + channel + "' was disconnected while this operation waited");
    }

    /**
     * The channel's storage was cleared under an open handle.
     *
     * @param channel the channel name
     * @param file the storage
     * @return an ERROR_CONNECTION_FAILED exception saying "cleared"
     */
    public static IpcException cleared(String channel, Path file) {
        return new IpcException(IpcStatus.ERROR_CONNECTION_FAILED, "storage of channel '" + channel
                + "' was cleared (clearChannelStorage): file=" + file + "; close this handle and open a new one");
    }

    /**
     * The channel's storage was cleared while this handle connected.
     *
     * @param channel the channel name
     * @param file the storage
     * @return an ERROR_CONNECTION_FAILED exception saying "cleared"
     */
    public static IpcException clearedWhileConnecting(String channel, Path file) {
        return new IpcException(IpcStatus.ERROR_CONNECTION_FAILED,
                "storage of channel '" + channel + "' was cleared while connecting: file=" + file);
    }

    /**
     * A send on a handle that is not a sender.
     *
     * @param channel the channel name
     * @param modes the handle's modes
     * @return an ERROR_SEND_FAILED exception
     */
    public static IpcException notSender(String channel, Set<ConnMode> modes) {
        return new IpcException(IpcStatus.ERROR_SEND_FAILED, "channel '" + channel
                + "' is not connected as a sender: modes=" + modes);
    }

    /**
     * A receive on a handle that is not a receiver.
     *
     * @param channel the channel name
     * @param modes the handle's modes
     * @return an ERROR_RECEIVE_FAILED exception
     */
    public static IpcException notReceiver(String channel, Set<ConnMode> modes) {
        return new IpcException(IpcStatus.ERROR_RECEIVE_FAILED, "channel '" + channel
                + "' is not connected as a receiver: modes=" + modes);
    }

    /**
     * A forced send with nobody to receive it.
     *
     * @param channel the channel name
     * @return an ERROR_SEND_FAILED exception
     */
    public static IpcException noReceiver(String channel) {
        return new IpcException(IpcStatus.ERROR_SEND_FAILED, "no receiver is connected to channel '" + channel
                + "': a message sent now would reach nobody (waitForReceivers first)");
    }

    /**
     * A message larger than the channel allows.
     *
     * @param channel the channel name
     * @param length the message length
     * @param maxMessageSize the channel's maximum
     * @return an ERROR_INVALID_ARGUMENT exception
     */
    public static IpcException tooLarge(String channel, int length, int maxMessageSize) {
        return invalid("message is larger than the channel's maximum: length=" + length
                + ", maxMessageSize=" + maxMessageSize + " (channel '" + channel + "')");
    }

    /**
     * Nothing arrived within a receive's timeout.
     *
     * @param channel the channel name
     * @param timeoutNanos the timeout that passed
     * @return an ERROR_TIMEOUT exception
     */
    public static IpcException receiveTimeout(String channel, long timeoutNanos) {
        return new IpcException(IpcStatus.ERROR_TIMEOUT, "no message on channel '" + channel + "' within timeoutMs="
                + TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
    }

    /**
     * A receive buffer too small for the next message.
     *
     * @param remaining the room in the buffer
     * @param length the message length
     * @return an ERROR_INVALID_ARGUMENT exception
     */
    public static IpcException bufferTooSmall(int remaining, int length) {
        return invalid("buffer too small for the next message: remaining=" + remaining + ", length=" + length
                + "; the message is kept for the next receive");
    }

    /**
     * A second receive while one is in progress on the same handle.
     *
     * @param channel the channel name
     * @param other the thread receiving, or null when it just left
     * @return an ERROR_RECEIVE_FAILED exception
     */
    public static IpcException alreadyReceiving(String channel, Thread other) {
        return new IpcException(IpcStatus.ERROR_RECEIVE_FAILED, other == Thread.currentThread()
                ? "receive called again from inside a MessageHandler of channel '" + channel + "'"
                : "another thread is already receiving on this handle of channel '" + channel + "': thread="
                + (other == null ? "?" : other.getName()) + "; one thread receives per handle");
    }
}
