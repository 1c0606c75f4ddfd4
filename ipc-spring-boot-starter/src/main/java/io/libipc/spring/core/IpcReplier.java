package io.libipc.spring.core;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.IpcException;
import io.libipc.IpcOptions;
import io.libipc.IpcStatus;
import io.libipc.spring.support.IpcHeaders;
import io.libipc.spring.support.IpcPayloadFormat;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The replying side of request/reply: sends a listener's (or a gateway's) result back to the reply
 * channel a request names ({@link IpcHeaders#REPLY_CHANNEL}), with the request's correlation id,
 * the channel the request came on, and, when the listener threw, the exception's class and
 * message instead of a result.
 *
 * <p>A reply that cannot go (the requester is gone: no receiver, or its reply channel no longer
 * exists) fails at once, is counted on the request's channel ({@code ipc.replies.failed}) and
 * logged, and the listener goes on with the next message. A reply channel that does not exist is
 * never created here: that would leave a file behind for a requester that is gone.
 *
 * <p>Thread-safe; the handles on reply channels are opened on first use and kept.
 */
public final class IpcReplier implements AutoCloseable {

    private static final Log logger = LogFactory.getLog(IpcReplier.class);
    private static final Set<ConnMode> SENDER = EnumSet.of(ConnMode.SENDER);

    private final IpcOptions options;
    private final Function<IpcChannelSettings, IpcChannelBinding> opener;
    private final IpcChannelBindings bindings;
    private final Map<String, IpcChannelBinding> senders = new ConcurrentHashMap<>();
    private final Set<String> loggedFailures = ConcurrentHashMap.newKeySet();

    /**
     * A replier.
     *
     * @param options the options of reply channels: where they live (the requesters' prefix and directory)
     * @param opener opens a binding (with the embedded-headers mapper and the observation registry)
     * @param bindings the configured channels, whose statistics count failed replies
     */
    public IpcReplier(IpcOptions options, Function<IpcChannelSettings, IpcChannelBinding> opener,
            IpcChannelBindings bindings) {
        this.options = Objects.requireNonNull(options, "options");
        this.opener = Objects.requireNonNull(opener, "opener");
        this.bindings = Objects.requireNonNull(bindings, "bindings");
    }

    /**
     * Whether a message is a request that expects a reply.
     *
     * @param message a received message
     * @return true when it names a reply channel
     */
    public static boolean expectsReply(Message<?> message) {
        return message.getHeaders().get(IpcHeaders.REPLY_CHANNEL) != null;
    }

    /**
     * Sends a result as the reply to a request.
     *
     * @param request the request, with its reply channel and correlation id
     * @param result the result: a payload, a {@link Message} (its headers travel too), or null
     * @return whether the reply was sent
     */
    public boolean reply(Message<?> request, Object result) {
        Map<String, Object> headers = replyHeaders(request);
        Object payload;
        if (result instanceof Message<?> message) {
            message.getHeaders().forEach((k, v) -> {
                if (!MessageHeaders.ID.equals(k) && !MessageHeaders.TIMESTAMP.equals(k)) {
                    headers.putIfAbsent(k, v);
                }
            });
            payload = message.getPayload();
        } else {
            payload = result;
        }
        if (payload == null) {
            headers.put(IpcHeaders.NULL_REPLY, Boolean.TRUE);
            payload = new byte[0];
        }
        return send(request, payload, headers);
    }

    /**
     * Sends the failure of the replier's method as the reply: the requester gets an
     * {@link IpcRemoteException} with its class name and message.
     *
     * @param request the request
     * @param failure what the method threw
     * @return whether the reply was sent
     */
    public boolean replyError(Message<?> request, Throwable failure) {
        Map<String, Object> headers = replyHeaders(request);
        headers.put(IpcHeaders.REMOTE_EXCEPTION, failure.getClass().getName());
        if (failure.getMessage() != null) {
            headers.put(IpcHeaders.REMOTE_EXCEPTION_MESSAGE, failure.getMessage());
        }
        return send(request, new byte[0], headers);
    }

    private static Map<String, Object> replyHeaders(Message<?> request) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(IpcHeaders.CORRELATION_ID, request.getHeaders().get(IpcHeaders.CORRELATION_ID));
        Object channel = request.getHeaders().get(IpcHeaders.CHANNEL);
        if (channel != null) {
            headers.put(IpcHeaders.REQUEST_CHANNEL, channel);
        }
        return headers;
    }

    private boolean send(Message<?> request, Object payload, Map<String, Object> headers) {
        String replyChannel = String.valueOf(request.getHeaders().get(IpcHeaders.REPLY_CHANNEL));
        for (int attempt = 0; ; attempt++) {
            try {
                IpcChannelBinding binding = sender(replyChannel);
                if (binding == null) {
                    return failed(request, replyChannel, "its reply channel does not exist (the requester is gone)", null);
                }
                // A send counts receivers from the slot mask alone, which still holds a requester
                // killed with kill -9 until somebody probes its lock: the reply would go to nobody,
                // uncounted. receiverCount probes (and releases the dead slot).
                if (binding.channel().receiverCount() == 0) {
                    return failed(request, replyChannel, "nobody receives on it (the requester is gone)", null);
                }
                binding.send(payload, headers);
                return true;
            } catch (IpcException e) {
                IpcChannelBinding stale = senders.remove(replyChannel);
                if (stale != null) {
                    stale.close();
                }
                // A requester that restarted cleared its old reply channel: open the new one once.
                if (attempt == 0 && e.status() == IpcStatus.ERROR_CONNECTION_FAILED) {
                    continue;
                }
                return failed(request, replyChannel, e.getMessage(), e);
            } catch (RuntimeException e) {
                return failed(request, replyChannel, e.toString(), e);
            }
        }
    }

    private IpcChannelBinding sender(String replyChannel) {
        IpcChannelBinding binding = senders.get(replyChannel);
        if (binding != null) {
            return binding;
        }
        IpcChannel.validateName(replyChannel);
        if (!IpcChannel.storageExists(replyChannel, options)) {
            return null;
        }
        return senders.computeIfAbsent(replyChannel, name -> opener.apply(new IpcChannelSettings(name,
                ChannelType.CHANNEL, SENDER, options, IpcPayloadFormat.EMBEDDED_HEADERS,
                IpcChannelSettings.DEFAULT_RECEIVE_TIMEOUT)));
    }

    private boolean failed(Message<?> request, String replyChannel, String why, Exception cause) {
        Object channel = request.getHeaders().get(IpcHeaders.CHANNEL);
        if (channel != null && bindings.contains(channel.toString())) {
            bindings.get(channel.toString()).statistics().recordFailedReply();
        }
        String text = "a reply to '" + replyChannel + "' (request on channel '" + channel + "', correlationId="
                + request.getHeaders().get(IpcHeaders.CORRELATION_ID) + ") could not be sent: " + why;
        if (loggedFailures.add(replyChannel)) {
            logger.info(text + "; further failures to this reply channel are logged at DEBUG and counted in"
                    + " ipc.replies.failed", cause);
        } else if (logger.isDebugEnabled()) {
            logger.debug(text, cause);
        }
        return false;
    }

    /** Closes the handles on reply channels; idempotent. */
    @Override
    public void close() {
        senders.values().forEach(IpcChannelBinding::close);
        senders.clear();
    }
}
