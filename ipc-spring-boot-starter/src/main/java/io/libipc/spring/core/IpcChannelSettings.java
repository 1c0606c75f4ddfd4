package io.libipc.spring.core;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.IpcOptions;
import io.libipc.spring.support.IpcPayloadFormat;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What the starter needs to open one channel: the core's type, modes and options, plus how
 * Spring messages travel on it and how long the inbound receive loop waits at a time.
 *
 * @param name the channel name (checked with {@link IpcChannel#validateName(String)})
 * @param type ROUTE or CHANNEL
 * @param modes SENDER, RECEIVER or both; not empty
 * @param options capacity, maximum message size, send timeout, storage location, wait strategy
 * @param payloadFormat how messages are written as bytes
 * @param receiveTimeout how long one receive of the inbound loop waits before it counts a receive
 *                       timeout and checks whether it should stop; at least 1ms
 *                       ({@link #checkReceiveTimeout(String, Duration)})
 */
public record IpcChannelSettings(String name, ChannelType type, Set<ConnMode> modes, IpcOptions options,
        IpcPayloadFormat payloadFormat, Duration receiveTimeout) {

    /**
     * The default of {@link #receiveTimeout()}: one second. {@code ipc.channels.<name>.receive-timeout}
     * repeats it as a literal for the configuration metadata; a test checks the two agree.
     */
    public static final Duration DEFAULT_RECEIVE_TIMEOUT = Duration.ofSeconds(1);

    /**
     * Checks the values and freezes the modes.
     *
     * @param name the channel name
     * @param type ROUTE or CHANNEL
     * @param modes SENDER, RECEIVER or both
     * @param options the core options
     * @param payloadFormat how messages are written as bytes
     * @param receiveTimeout the inbound loop's receive timeout, at least 1ms
     * @throws IllegalArgumentException for a missing mode or a receive timeout under 1ms
     * @throws io.libipc.IpcException ERROR_INVALID_ARGUMENT for a bad name
     */
    public IpcChannelSettings {
        IpcChannel.validateName(name);
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(payloadFormat, "payloadFormat");
        Objects.requireNonNull(receiveTimeout, "receiveTimeout");
        if (modes == null || modes.isEmpty()) {
            throw new IllegalArgumentException("channel '" + name + "' needs at least one mode (SENDER, RECEIVER)");
        }
        checkReceiveTimeout("receiveTimeout", receiveTimeout);
        modes = Collections.unmodifiableSet(EnumSet.copyOf(modes));
    }

    /**
     * The rule of a receive timeout, the one place it is checked (by this record and while
     * {@code ipc.channels.<name>.receive-timeout} is bound): at least one millisecond, because the
     * core's receive takes whole milliseconds and reads 0 as "the handle's default" (no limit),
     * which would keep a stopping inbound loop from seeing that it should end.
     *
     * @param name what the value is called in the message: a property key or a parameter name
     * @param receiveTimeout the value
     * @return the value
     * @throws IllegalArgumentException {@code <name> must be at least 1ms: <name>=<value>} when the
     *                                  value is null, negative or under 1ms
     */
    public static Duration checkReceiveTimeout(String name, Duration receiveTimeout) {
        if (receiveTimeout == null || receiveTimeout.isNegative() || receiveTimeout.toMillis() < 1) {
            throw new IllegalArgumentException(name + " must be at least 1ms: " + name + "=" + receiveTimeout);
        }
        return receiveTimeout;
    }

    /**
     * Settings with the defaults: RAW payloads, one-second receive slices.
     *
     * @param name the channel name
     * @param type ROUTE or CHANNEL
     * @param options the core options
     * @param modes SENDER, RECEIVER or both
     * @return the settings
     */
    public static IpcChannelSettings of(String name, ChannelType type, IpcOptions options, ConnMode... modes) {
        return new IpcChannelSettings(name, type, modes.length == 0 ? Set.of() : EnumSet.of(modes[0], modes),
                options, IpcPayloadFormat.RAW, DEFAULT_RECEIVE_TIMEOUT);
    }

    /**
     * Whether the channel is opened as a sender.
     *
     * @return true for SENDER modes
     */
    public boolean sends() {
        return modes.contains(ConnMode.SENDER);
    }

    /**
     * Whether the channel is opened as a receiver.
     *
     * @return true for RECEIVER modes
     */
    public boolean receives() {
        return modes.contains(ConnMode.RECEIVER);
    }
}
