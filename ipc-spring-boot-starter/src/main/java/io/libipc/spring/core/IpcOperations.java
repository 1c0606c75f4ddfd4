package io.libipc.spring.core;

import org.springframework.messaging.Message;

import java.time.Duration;

/**
 * What an application does with its libipc channels, by channel name: the interface of
 * {@link IpcTemplate}, to mock or decorate.
 *
 * <p>Payloads: {@code byte[]} and {@code String} travel as they are; other objects are converted by
 * the payload converter (JSON with Jackson 3 by default). A {@link Message}'s headers travel only
 * when the channel's payload format is {@code EMBEDDED_HEADERS}.
 */
public interface IpcOperations {

    /**
     * Sends a payload, waiting up to the channel's send timeout for room when the ring is full,
     * then evicting receivers a whole ring behind.
     *
     * @param channel the channel name
     * @param payload the payload; a {@link Message} is sent with its headers
     * @throws io.libipc.IpcException ERROR_SEND_FAILED when no receiver is connected
     * @throws IllegalArgumentException when no such channel is configured
     */
    void send(String channel, Object payload);

    /**
     * Sends a message, as {@link #send(String, Object)}.
     *
     * @param channel the channel name
     * @param message payload and headers
     */
    void send(String channel, Message<?> message);

    /**
     * Sends a payload if room and a receiver appear within the channel's send timeout; never evicts.
     *
     * @param channel the channel name
     * @param payload the payload; a {@link Message} is sent with its headers
     * @return true when sent, false on timeout (counted in {@code ipc.timeouts})
     */
    boolean trySend(String channel, Object payload);

    /**
     * Sends a message if room appears, as {@link #trySend(String, Object)}.
     *
     * @param channel the channel name
     * @param message payload and headers
     * @return true when sent
     */
    boolean trySend(String channel, Message<?> message);

    /**
     * The number of receivers that would get a message sent now.
     *
     * @param channel the channel name
     * @return the count
     */
    int receiverCount(String channel);

    /**
     * Waits until at least {@code count} receivers are connected.
     *
     * @param channel the channel name
     * @param count how many receivers to wait for
     * @param timeout how long to wait at most; positive
     * @return true when they are there, false on timeout
     */
    boolean waitForReceivers(String channel, int count, Duration timeout);
}
