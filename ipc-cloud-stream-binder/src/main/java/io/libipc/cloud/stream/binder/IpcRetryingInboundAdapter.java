package io.libipc.cloud.stream.binder;

import io.libipc.spring.core.IpcChannelBinding;
import io.libipc.spring.integration.inbound.IpcInboundChannelAdapter;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.integration.IntegrationMessageHeaderAccessor;
import org.springframework.integration.core.RecoveryCallback;
import org.springframework.integration.support.ErrorMessageUtils;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.Message;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The starter's inbound adapter with a consumer binding's retries: each message goes to the
 * binding's input channel up to {@code max-attempts} times (the binder's retry template, with its
 * back-off), its {@code deliveryAttempt} header counting the attempts (with one attempt there is
 * no such header, as in other binders without retries); when every attempt failed,
 * the recoverer gets it (the binding's error channel, {@code <destination>.<group>.errors}, bridged
 * to the application's {@code errorChannel}). Then the next message is received.
 *
 * <p>Retries run on the channel's one receive thread: meanwhile the ring fills, and a receiver a
 * whole ring behind its senders is evicted (it learns how many messages it lost), as any slow
 * receiver is.
 */
final class IpcRetryingInboundAdapter extends IpcInboundChannelAdapter {

    private final RetryTemplate retryTemplate;
    private final RecoveryCallback<?> recoverer;

    /**
     * An adapter on a receiving channel.
     *
     * @param binding the channel
     * @param retryTemplate the binding's retries, or null for one attempt
     * @param recoverer gets a message whose attempts all failed
     */
    IpcRetryingInboundAdapter(IpcChannelBinding binding, RetryTemplate retryTemplate, RecoveryCallback<?> recoverer) {
        super(binding);
        this.retryTemplate = retryTemplate;
        this.recoverer = recoverer;
    }

    @Override
    protected void sendMessage(Message<?> received) {
        if (retryTemplate == null) {
            // One attempt: no deliveryAttempt header (as other binders without retries), no copy.
            try {
                super.sendMessage(received);
            } catch (RuntimeException e) {
                recoverer.recover(ErrorMessageUtils.getAttributeAccessor(received, null), e);
            }
            return;
        }
        AtomicInteger attempts = new AtomicInteger();
        Message<?> message = MessageBuilder.fromMessage(received)
                .setHeader(IntegrationMessageHeaderAccessor.DELIVERY_ATTEMPT, attempts).build();
        try {
            retryTemplate.execute(() -> {
                attempts.incrementAndGet();
                super.sendMessage(message);
                return null;
            });
        } catch (RetryException e) {
            Throwable failure = e.getLastException() != null ? e.getLastException() : e;
            recoverer.recover(ErrorMessageUtils.getAttributeAccessor(message, null), failure);
        }
    }
}
