package io.libipc.spring.core;

import org.springframework.messaging.Message;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

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

    /**
     * Creates a template over the application's channels.
     *
     * @param bindings the configured channels
     */
    public IpcTemplate(IpcChannelBindings bindings) {
        this.bindings = Objects.requireNonNull(bindings, "bindings");
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

    private static Object requirePayload(Object payload) {
        return Objects.requireNonNull(payload, "payload must not be null (send an empty byte[] for an empty message)");
    }
}
