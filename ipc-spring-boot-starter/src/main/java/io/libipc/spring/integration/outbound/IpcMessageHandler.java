package io.libipc.spring.integration.outbound;

import io.libipc.spring.core.IpcChannelBinding;
import org.springframework.integration.handler.AbstractMessageHandler;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageDeliveryException;

import java.util.Objects;

/**
 * Sends each message it handles to a libipc channel: the payload converted to bytes (byte[] and
 * String as they are, objects as JSON by default), headers embedded when the channel's format says
 * so. By default a full ring is waited for up to the channel's send timeout and then lagging
 * receivers are evicted ({@code send}); with {@link #setTrySend(boolean) trySend} a message that
 * finds no room fails with a {@link MessageDeliveryException} instead and nobody is evicted.
 * Safe for many threads.
 */
public class IpcMessageHandler extends AbstractMessageHandler {

    private final IpcChannelBinding binding;
    private volatile boolean trySend;

    /**
     * Creates a handler on a channel opened as a sender.
     *
     * @param binding the channel
     * @throws IllegalArgumentException when the channel is not a sender
     */
    public IpcMessageHandler(IpcChannelBinding binding) {
        this.binding = Objects.requireNonNull(binding, "binding");
        if (!binding.settings().sends()) {
            throw new IllegalArgumentException("an outbound handler needs a sending channel; channel '"
                    + binding.name() + "' has modes=" + binding.settings().modes());
        }
    }

    /**
     * Whether to use trySend (never evict; fail when there is no room within the send timeout)
     * instead of send. Default false.
     *
     * @param trySend true for trySend
     */
    public void setTrySend(boolean trySend) {
        this.trySend = trySend;
    }

    /**
     * The channel this handler sends to.
     *
     * @return the binding
     */
    public IpcChannelBinding getBinding() {
        return binding;
    }

    @Override
    public String getComponentType() {
        return "ipc:outbound-channel-adapter";
    }

    @Override
    protected void handleMessageInternal(Message<?> message) {
        if (!trySend) {
            binding.send(message.getPayload(), message.getHeaders());
        } else if (!binding.trySend(message.getPayload(), message.getHeaders())) {
            throw new MessageDeliveryException(message, "no room or no receiver on channel '" + binding.name()
                    + "' within the send timeout (" + binding.settings().options().sendTimeoutMs() + " ms)");
        }
    }
}
