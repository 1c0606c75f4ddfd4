package io.libipc.spring.core;

import io.libipc.spring.support.IpcHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.converter.MessageConversionException;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Sends to configured libipc channels by name. One template serves a whole application: every
 * method is safe from any number of threads.
 *
 * <pre>{@code
 * ipcTemplate.send("orders", new Order("ACME", 10));
 * }</pre>
 */
public class IpcTemplate implements IpcOperations {

    private final IpcChannelBindings bindings;
    private final IpcRequester requester;

    /**
     * Creates a template over the application's channels, without request/reply.
     *
     * @param bindings the configured channels
     */
    public IpcTemplate(IpcChannelBindings bindings) {
        this(bindings, null);
    }

    /**
     * Creates a template over the application's channels.
     *
     * @param bindings the configured channels
     * @param requester makes requests and waits for their replies; null when there is none
     */
    public IpcTemplate(IpcChannelBindings bindings, IpcRequester requester) {
        this.bindings = Objects.requireNonNull(bindings, "bindings");
        this.requester = requester;
    }

    @Override
    public void send(String channel, Object payload) {
        if (payload instanceof Message<?> message) {
            send(channel, message);
            return;
        }
        bindings.get(channel).send(requirePayload(payload), Map.of());
    }

    @Override
    public void send(String channel, Message<?> message) {
        Objects.requireNonNull(message, "message");
        bindings.get(channel).send(message.getPayload(), message.getHeaders());
    }

    @Override
    public boolean trySend(String channel, Object payload) {
        if (payload instanceof Message<?> message) {
            return trySend(channel, message);
        }
        return bindings.get(channel).trySend(requirePayload(payload), Map.of());
    }

    @Override
    public boolean trySend(String channel, Message<?> message) {
        Objects.requireNonNull(message, "message");
        return bindings.get(channel).trySend(message.getPayload(), message.getHeaders());
    }

    @Override
    public int receiverCount(String channel) {
        return bindings.get(channel).channel().receiverCount();
    }

    @Override
    public boolean waitForReceivers(String channel, int count, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: timeout=" + timeout);
        }
        return bindings.get(channel).channel().waitForReceivers(count, Math.max(1, timeout.toMillis()));
    }

    @Override
    public <T> T sendAndReceive(String channel, Object request, Class<T> replyType) {
        return sendAndReceive(channel, request, replyType, requester().getDefaultTimeout());
    }

    @Override
    public <T> T sendAndReceive(String channel, Object request, Class<T> replyType, Duration timeout) {
        Objects.requireNonNull(replyType, "replyType");
        IpcChannelBinding binding = bindings.get(channel);
        return convert(binding, requestAndWait(binding, request, timeout), replyType);
    }

    @Override
    public <T> CompletableFuture<T> sendAndReceiveAsync(String channel, Object request, Class<T> replyType,
            Duration timeout) {
        Objects.requireNonNull(replyType, "replyType");
        IpcChannelBinding binding = bindings.get(channel);
        return request(binding, request, timeout).thenApply(reply -> convert(binding, reply, replyType));
    }

    @Override
    public Message<?> sendAndReceive(String channel, Message<?> request, Duration timeout) {
        Objects.requireNonNull(request, "request");
        return requestAndWait(bindings.get(channel), request, timeout);
    }

    @Override
    public Message<?> sendAndReceive(String channel, Message<?> request) {
        return sendAndReceive(channel, request, requester().getDefaultTimeout());
    }

    private CompletableFuture<Message<byte[]>> request(IpcChannelBinding binding, Object request, Duration timeout) {
        if (request instanceof Message<?> message) {
            return requester().request(binding, message.getPayload(), message.getHeaders(), timeout);
        }
        return requester().request(binding, requirePayload(request), Map.of(), timeout);
    }

    private Message<byte[]> requestAndWait(IpcChannelBinding binding, Object request, Duration timeout) {
        if (request instanceof Message<?> message) {
            return requester().requestAndWait(binding, message.getPayload(), message.getHeaders(), timeout);
        }
        return requester().requestAndWait(binding, requirePayload(request), Map.of(), timeout);
    }

    private static <T> T convert(IpcChannelBinding binding, Message<byte[]> reply, Class<T> replyType) {
        if (Boolean.TRUE.equals(reply.getHeaders().get(IpcHeaders.NULL_REPLY))) {
            return null;
        }
        Object converted = binding.mapper().payloadConverter().fromMessage(reply, replyType);
        if (converted == null) {
            throw new MessageConversionException(reply, "cannot convert the reply on channel '" + binding.name()
                    + "' to " + replyType.getName());
        }
        return replyType.cast(converted);
    }

    private IpcRequester requester() {
        if (requester == null) {
            throw new IllegalStateException("this template makes no requests: it was built without an IpcRequester");
        }
        return requester;
    }

    private static Object requirePayload(Object payload) {
        return Objects.requireNonNull(payload, "payload must not be null (send an empty byte[] for an empty message)");
    }
}
