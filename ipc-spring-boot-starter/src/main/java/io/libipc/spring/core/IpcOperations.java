package io.libipc.spring.core;

import org.springframework.messaging.Message;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

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

    /**
     * Sends a request and waits for its reply, up to {@code ipc.reply-timeout}: the replier's
     * {@code @IpcListener} return value (or inbound gateway's reply), converted to the type asked for.
     * The channel's payload format must be {@code embedded-headers} on both sides (the correlation
     * id and the reply channel are headers).
     *
     * @param channel the channel the request goes to
     * @param request the payload (a {@link Message} travels with its headers)
     * @param replyType the type of the reply's payload ({@code byte[]}, {@code String}, or an object for the converter)
     * @param <T> the reply type
     * @return the reply, null when the replier returned null
     * @throws io.libipc.IpcException ERROR_SEND_FAILED at once when nobody receives on the channel
     *         (repliers killed with kill -9 are noticed: they do not count)
     * @throws IpcReplyTimeoutException when no reply came in time
     * @throws IpcRemoteException when the replier's method threw (its class and message)
     * @throws IllegalStateException when the channel's payload format cannot carry the correlation headers
     */
    <T> T sendAndReceive(String channel, Object request, Class<T> replyType);

    /**
     * Sends a request and waits for its reply, as {@link #sendAndReceive(String, Object, Class)}.
     *
     * @param channel the channel the request goes to
     * @param request the payload (a {@link Message} travels with its headers)
     * @param replyType the type of the reply's payload
     * @param timeout how long to wait for the reply; positive
     * @param <T> the reply type
     * @return the reply, null when the replier returned null
     */
    <T> T sendAndReceive(String channel, Object request, Class<T> replyType, Duration timeout);

    /**
     * Sends a request (in the calling thread, failing at once as {@code send} does) and returns its
     * future reply, completed exceptionally with {@link IpcReplyTimeoutException} or
     * {@link IpcRemoteException}.
     *
     * @param channel the channel the request goes to
     * @param request the payload (a {@link Message} travels with its headers)
     * @param replyType the type of the reply's payload
     * @param timeout how long to wait for the reply; positive
     * @param <T> the reply type
     * @return the future reply
     */
    <T> CompletableFuture<T> sendAndReceiveAsync(String channel, Object request, Class<T> replyType, Duration timeout);

    /**
     * Sends a request message and waits for the reply message: its payload the bytes the replier
     * sent, its headers those that travelled with them, as {@link #sendAndReceive(String, Object, Class)}.
     * When the replier returned null the payload is empty and {@link io.libipc.spring.support.IpcHeaders#NULL_REPLY}
     * is true.
     *
     * @param channel the channel the request goes to
     * @param request payload and headers
     * @param timeout how long to wait for the reply; positive
     * @return the reply message, with a {@code byte[]} payload
     */
    Message<?> sendAndReceive(String channel, Message<?> request, Duration timeout);

    /**
     * Sends a request message and waits for the reply message up to {@code ipc.reply-timeout}, as
     * {@link #sendAndReceive(String, Message, Duration)}.
     *
     * @param channel the channel the request goes to
     * @param request payload and headers
     * @return the reply message, with a {@code byte[]} payload
     */
    Message<?> sendAndReceive(String channel, Message<?> request);
}
