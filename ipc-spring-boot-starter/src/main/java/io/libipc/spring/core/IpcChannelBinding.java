package io.libipc.spring.core;

import io.libipc.IpcBackend;
import io.libipc.IpcChannel;
import io.libipc.IpcException;
import io.libipc.IpcStatus;
import io.libipc.spring.observation.IpcObservations;
import io.libipc.spring.observation.IpcSenderObservationConvention;
import io.libipc.spring.support.IpcHeaders;
import io.libipc.spring.support.IpcMessageMapper;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.messaging.Message;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One configured channel in a Spring application: the open {@link IpcChannel} handle, the
 * settings it was opened with, the mapper between Spring messages and bytes, and the counts the
 * meters read. The template, the outbound handler and the inbound adapter all go through it, so a
 * send is converted, observed and counted the same way whichever door it came in by.
 *
 * <p>Threads: send and trySend from any number of threads; receive from one thread at a time (the
 * core's rule: a second concurrent receive fails fast).
 */
public final class IpcChannelBinding implements AutoCloseable {

    private final IpcChannelSettings settings;
    private final IpcMessageMapper mapper;
    private final IpcChannel channel;
    private final IpcChannelStatistics statistics = new IpcChannelStatistics();
    private final long receiveTimeoutMs;
    private volatile ObservationRegistry observationRegistry = ObservationRegistry.NOOP;
    private volatile IpcSenderObservationConvention observationConvention;

    /**
     * Opens the channel and connects it with the settings' modes.
     *
     * @param settings what to open
     * @param mapper how messages become bytes on this channel
     * @throws IpcException when the core refuses to open or connect (the message names the channel)
     */
    public IpcChannelBinding(IpcChannelSettings settings, IpcMessageMapper mapper) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        // At least 1: IpcChannelSettings checked the receive timeout.
        this.receiveTimeoutMs = settings.receiveTimeout().toMillis();
        this.channel = new IpcChannel(settings.type(), settings.name(), settings.options(),
                settings.modes().toArray(new io.libipc.ConnMode[0]));
    }

    /**
     * Sets the registry that observes sends; {@link ObservationRegistry#NOOP} (the default) costs
     * nothing on the send path.
     *
     * @param observationRegistry the registry
     */
    public void setObservationRegistry(ObservationRegistry observationRegistry) {
        this.observationRegistry = observationRegistry == null ? ObservationRegistry.NOOP : observationRegistry;
    }

    /**
     * Sets the convention of the send observations; null (the default) means
     * {@link io.libipc.spring.observation.DefaultIpcSenderObservationConvention}.
     *
     * @param observationConvention the application's convention, or null
     */
    public void setObservationConvention(IpcSenderObservationConvention observationConvention) {
        this.observationConvention = observationConvention;
    }

    /**
     * The channel name.
     *
     * @return the name
     */
    public String name() {
        return settings.name();
    }

    /**
     * Whether the channel's backend counts lost messages and tells the ring's backlog: the native
     * one does; libipc does neither (the header {@code ipc_lostMessages}, the lost-messages meter and
     * the backlog gauge are left out for such channels rather than made up).
     *
     * @return true for {@link IpcBackend#NATIVE}
     */
    public boolean countsLoss() {
        return settings.options().backend() == IpcBackend.NATIVE;
    }

    /**
     * The settings the channel was opened with.
     *
     * @return the settings
     */
    public IpcChannelSettings settings() {
        return settings;
    }

    /**
     * The open core handle.
     *
     * @return the handle
     */
    public IpcChannel channel() {
        return channel;
    }

    /**
     * The mapper between messages and bytes.
     *
     * @return the mapper
     */
    public IpcMessageMapper mapper() {
        return mapper;
    }

    /**
     * The counts of sends, receives and timeouts made through this binding.
     *
     * @return the statistics
     */
    public IpcChannelStatistics statistics() {
        return statistics;
    }

    /**
     * Sends a payload with the channel's send timeout: waits for room when the ring is full, then
     * evicts receivers a whole ring behind (the core's {@link IpcChannel#send(byte[])}).
     *
     * @param payload the payload (byte[], String, or an object for the payload converter)
     * @param headers headers; they travel when the payload format embeds them, all but
     *                {@link IpcHeaders#REPLY_CHANNEL} (only a request made with sendAndReceive is a request)
     * @throws IpcException ERROR_SEND_FAILED when no receiver is connected, ERROR_INVALID_ARGUMENT
     *                      for a message over the maximum size or a closed channel
     * @throws IllegalStateException when the channel was not opened as a sender
     */
    public void send(Object payload, Map<String, Object> headers) {
        doSend(payload, withoutReplyChannel(headers), true);
    }

    /**
     * Sends a request of {@link IpcRequester}: as {@link #send(Object, Map)}, its reply channel kept.
     *
     * @param payload the payload
     * @param headers headers with the correlation id and the reply channel
     */
    void sendRequest(Object payload, Map<String, Object> headers) {
        doSend(payload, headers, true);
    }

    /**
     * Sends a payload if room (and a receiver) appears within the channel's send timeout; never
     * evicts anybody. A false result counts as a send timeout.
     *
     * @param payload the payload
     * @param headers headers; they travel when the payload format embeds them, all but
     *                {@link IpcHeaders#REPLY_CHANNEL}
     * @return true when sent
     * @throws IpcException ERROR_INVALID_ARGUMENT for a message over the maximum size or a closed channel
     * @throws IllegalStateException when the channel was not opened as a sender
     */
    public boolean trySend(Object payload, Map<String, Object> headers) {
        return doSend(payload, withoutReplyChannel(headers), false);
    }

    /**
     * A received request forwarded on (by a flow, the outbound adapter, a listener's {@code @SendTo}
     * or a reply that copies its request's headers) must not be a request again: its receivers'
     * listeners would answer the first requester, maybe before the replier it asked.
     */
    private static Map<String, Object> withoutReplyChannel(Map<String, Object> headers) {
        if (!headers.containsKey(IpcHeaders.REPLY_CHANNEL)) {
            return headers;
        }
        Map<String, Object> copy = new HashMap<>(headers);
        copy.remove(IpcHeaders.REPLY_CHANNEL);
        return copy;
    }

    private boolean doSend(Object payload, Map<String, Object> headers, boolean force) {
        if (!settings.sends()) {
            throw new IllegalStateException("channel '" + name() + "' is not a sender: modes=" + settings.modes());
        }
        if (observationRegistry.isNoop()) {
            return sendBytes(mapper.toBytes(payload, headers), force);
        }
        Map<String, Object> carrier = new HashMap<>(headers);
        return IpcObservations.send(observationRegistry, observationConvention, name(), carrier)
                .observe(() -> sendBytes(mapper.toBytes(payload, carrier), force));
    }

    private boolean sendBytes(byte[] bytes, boolean force) {
        if (force) {
            channel.send(bytes);
        } else if (!channel.trySend(bytes)) {
            statistics.recordSendTimeout();
            return false;
        }
        statistics.recordSent();
        return true;
    }

    /**
     * Receives the next message, waiting at most the settings' receive timeout.
     *
     * @return the message with {@code ipc_*} headers added, or null when the timeout passed (counted)
     * @throws IpcException ERROR_CONNECTION_FAILED when the channel was disconnected, closed or cleared
     * @throws IllegalStateException when the channel was not opened as a receiver
     */
    public Message<byte[]> receive() {
        return receive(receiveTimeoutMs);
    }

    /**
     * Receives one message, as {@link #receive()} does, waiting at most the given time.
     *
     * @param timeoutMs how long to wait; positive
     * @return the message, or null when none came within the timeout (counted as a receive timeout)
     * @throws IpcException ERROR_CONNECTION_FAILED when the channel was disconnected, closed or cleared
     * @throws IllegalStateException when the channel was not opened as a receiver
     */
    public Message<byte[]> receive(long timeoutMs) {
        if (!settings.receives()) {
            throw new IllegalStateException("channel '" + name() + "' is not a receiver: modes=" + settings.modes());
        }
        byte[] data;
        try {
            data = channel.receive(timeoutMs);
        } catch (IpcException e) {
            if (e.status() == IpcStatus.ERROR_TIMEOUT) {
                statistics.recordReceiveTimeout();
                return null;
            }
            throw e;
        }
        statistics.recordReceived();
        return mapper.toMessage(data, name(), countsLoss() ? channel.lostMessages() : -1);
    }

    /**
     * Closes the handle; idempotent.
     */
    @Override
    public void close() {
        channel.close();
    }

    @Override
    public String toString() {
        return "IpcChannelBinding{" + channel + ", format=" + mapper.format() + "}";
    }
}
