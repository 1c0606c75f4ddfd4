package io.libipc.spring.integration.inbound;

import io.libipc.spring.core.IpcReplier;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.integration.MessageTimeoutException;
import org.springframework.integration.gateway.MessagingGatewaySupport;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.SubscribableChannel;
import org.springframework.messaging.support.MessageBuilder;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Answers requests that arrive on a libipc channel with the reply of a flow: the inbound half of
 * request/reply in Spring Integration, shaped like spring-amqp's {@code AmqpInboundGateway}. Each
 * message that carries {@link io.libipc.spring.support.IpcHeaders#REPLY_CHANNEL} (a request made
 * with {@code sendAndReceive} or an {@code IpcOutboundGateway}) is sent to the request channel and
 * the flow's reply goes back to the requester through {@link IpcReplier}. A message without a reply
 * channel is sent on one-way: a reply the flow makes for it is dropped, and the first one so is
 * logged as a warning (once per gateway), as a listener's return value is.
 *
 * <p>It receives nothing itself: the channel's inbound adapter already has the one receiving
 * thread a handle allows. The gateway subscribes to the adapter's output, the publish-subscribe
 * channel {@code ipc.<name>.inbound}, when it starts and unsubscribes when it stops (messages that
 * come meanwhile are not kept for it; requests among them time out at their callers). It starts
 * in {@link #DEFAULT_PHASE}, after the flow's consumers and before the adapters, and stops after
 * the adapters, so no request finds it missing. Requests are handled one at a time, on the
 * adapter's thread, as the channel's listeners are.
 *
 * <p>What the requester gets: the flow's reply message (its headers travel, as a listener's do); a
 * flow that throws (with no error channel to turn the failure into a reply) gives an
 * {@link io.libipc.spring.core.IpcRemoteException} naming the flow's own exception, the first in
 * the chain that is not a Spring messaging wrapper; a flow that gives no reply within the reply
 * timeout ({@link #setReplyTimeout(long)}; Spring Integration's default is 30 s, keep it below the
 * requesters' {@code ipc.reply-timeout}) gives one naming a {@link MessageTimeoutException}. A
 * reply that cannot be sent (the requester is gone) is counted in {@code ipc.replies.failed}.
 */
public class IpcInboundGateway extends MessagingGatewaySupport {

    /**
     * The phase a gateway starts in unless told otherwise: the listener registry's, before the
     * inbound adapters ({@link IpcInboundChannelAdapter#DEFAULT_PHASE}) and after Spring
     * Integration's consumers (phase 0).
     */
    public static final int DEFAULT_PHASE = IpcInboundChannelAdapter.DEFAULT_PHASE - 100;

    private final String channelName;
    private final MessageHandler subscriber = this::onMessage;
    private final AtomicBoolean warnedOneWayReply = new AtomicBoolean();
    /** The reply channel of one-way messages: a reply to one has nowhere to go. */
    private final MessageChannel oneWayReplies = (reply, timeout) -> {
        if (warnedOneWayReply.compareAndSet(false, true)) {
            logger.warn(() -> describe() + ": the flow replied to a message that asked for no reply (not sent with"
                    + " sendAndReceive); the reply is dropped (warned once per gateway)");
        }
        return true;
    };
    private volatile SubscribableChannel inbound;
    private volatile IpcReplier replier;

    /**
     * Creates a gateway on the inbound message channel of a libipc channel.
     *
     * @param inbound the channel's inbound message channel: the output of its inbound adapter,
     *                {@code ipc.<name>.inbound} for a channel under {@code ipc.channels}
     * @param replier sends the replies (the application's {@code ipcReplier} bean)
     */
    public IpcInboundGateway(SubscribableChannel inbound, IpcReplier replier) {
        this.channelName = null;
        this.inbound = Objects.requireNonNull(inbound, "inbound");
        this.replier = Objects.requireNonNull(replier, "replier");
        setPhase(DEFAULT_PHASE);
    }

    /**
     * Creates a gateway on a channel configured under {@code ipc.channels} with a receiving mode;
     * its inbound message channel and the replier are found in the application context when the
     * gateway is initialized.
     *
     * @param channel the channel name
     */
    public IpcInboundGateway(String channel) {
        this.channelName = Objects.requireNonNull(channel, "channel");
        setPhase(DEFAULT_PHASE);
    }

    @Override
    public String getComponentType() {
        return "ipc:inbound-gateway";
    }

    /**
     * The message channel the gateway subscribes to.
     *
     * @return the inbound message channel, or null before a gateway made by channel name is initialized
     */
    public SubscribableChannel getInboundChannel() {
        return inbound;
    }

    @Override
    protected void onInit() {
        super.onInit();
        if (inbound == null) {
            resolve(getBeanFactory());
        }
    }

    private void resolve(BeanFactory beanFactory) {
        String where = "inbound gateway on libipc channel '" + channelName + "'";
        String adapterName = "ipc." + channelName + ".inbound-adapter";
        if (beanFactory == null || !beanFactory.containsBean(adapterName)) {
            throw new IllegalStateException(where + ": no such channel receives in this application: declare it"
                    + " under ipc.channels." + channelName + " with mode receiver or both");
        }
        MessageChannel output = beanFactory.getBean(adapterName, IpcInboundChannelAdapter.class).getOutputChannel();
        if (!(output instanceof SubscribableChannel subscribable)) {
            throw new IllegalStateException(where + ": its inbound message channel is not subscribable: " + output);
        }
        IpcReplier found = beanFactory.getBeanProvider(IpcReplier.class).getIfAvailable();
        if (found == null) {
            throw new IllegalStateException(where + " needs an IpcReplier bean (auto-configured as ipcReplier)");
        }
        inbound = subscribable;
        replier = found;
    }

    @Override
    protected void doStart() {
        super.doStart();
        inbound.subscribe(subscriber);
    }

    @Override
    protected void doStop() {
        inbound.unsubscribe(subscriber);
        super.doStop();
    }

    /** Never throws: the channel's other subscribers (listeners, flows) still get the message. */
    private void onMessage(Message<?> message) {
        try {
            if (IpcReplier.expectsReply(message)) {
                answer(message);
            } else {
                send(MessageBuilder.fromMessage(message).setReplyChannel(oneWayReplies).build());
            }
        } catch (RuntimeException e) {
            logger.error(e, () -> describe() + ": a message failed in the flow and is dropped");
        }
    }

    private void answer(Message<?> request) {
        Message<?> reply;
        try {
            reply = sendAndReceiveMessage(request);
        } catch (RuntimeException e) {
            replier.replyError(request, flowFailure(e));
            return;
        }
        if (reply == null) {
            replier.replyError(request, new MessageTimeoutException(request, describe() + ": the flow gave no reply"
                    + " within replyTimeout=" + messagingTemplate.getReceiveTimeout() + " ms"));
            return;
        }
        replier.reply(request, reply);
    }

    /** The flow's own exception, out of the wrappers Spring Integration put around it. */
    private static Throwable flowFailure(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof MessagingException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private String describe() {
        return "inbound gateway '" + getComponentName() + "'"
                + (channelName == null ? "" : " on libipc channel '" + channelName + "'");
    }
}
