package io.libipc.spring.listener;

import io.libipc.spring.core.IpcOperations;
import io.libipc.spring.core.IpcReplier;
import io.libipc.spring.support.IpcHeaders;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.messaging.Message;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where a listener's return value goes, in this order: to the requester, when the message is a
 * request ({@link IpcHeaders#REPLY_CHANNEL}, from {@code sendAndReceive}); else to the channel of
 * the method's {@code @SendTo}; else nowhere, and the first value dropped so is logged as a
 * warning, once per listener, so that a forgotten {@code @SendTo} does not go unnoticed. A request
 * that reaches a {@code void} listener gets no reply (its caller times out): also warned once. When
 * the method throws on a request, the requester gets the exception's class and message.
 */
final class IpcListenerResults {

    private static final Log logger = LogFactory.getLog(IpcListenerResults.class);

    private final IpcListenerEndpoint endpoint;
    private final IpcReplier replier;
    private final IpcOperations template;
    private final String sendTo;
    private final boolean voidMethod;
    private final AtomicBoolean warnedDropped = new AtomicBoolean();
    private final AtomicBoolean warnedVoid = new AtomicBoolean();

    /**
     * The result handling of one listener.
     *
     * @param endpoint the listener
     * @param replier sends replies to requests, or null when request/reply is not set up
     * @param template sends to the {@code @SendTo} channel, or null
     * @param sendTo the {@code @SendTo} channel, or null
     * @param voidMethod whether the method returns nothing
     */
    IpcListenerResults(IpcListenerEndpoint endpoint, IpcReplier replier, IpcOperations template, String sendTo,
            boolean voidMethod) {
        this.endpoint = endpoint;
        this.replier = replier;
        this.template = template;
        this.sendTo = sendTo;
        this.voidMethod = voidMethod;
    }

    void onResult(Message<?> message, Object result) {
        if (replier != null && IpcReplier.expectsReply(message)) {
            if (voidMethod) {
                if (warnedVoid.compareAndSet(false, true)) {
                    logger.warn("listener '" + endpoint.id() + "' (" + endpoint.describeMethod() + ") got a request on"
                            + " channel '" + endpoint.channel() + "' but returns void: requests get no reply and their"
                            + " callers time out (warned once)");
                }
                return;
            }
            replier.reply(message, result);
        } else if (sendTo != null) {
            if (result != null) {
                try {
                    template.send(sendTo, result);
                } catch (RuntimeException e) {
                    logger.error("listener '" + endpoint.id() + "': its result could not be sent to @SendTo channel '"
                            + sendTo + "'", e);
                }
            }
        } else if (result != null && warnedDropped.compareAndSet(false, true)) {
            logger.warn("listener '" + endpoint.id() + "' (" + endpoint.describeMethod() + ") returned a value for a"
                    + " message that asked for no reply; the value is dropped: send with sendAndReceive, or name a"
                    + " channel with @SendTo (warned once per listener)");
        }
    }

    /**
     * Tells the requester when a request's listener failed.
     *
     * @param message the message
     * @param failure what the method threw
     */
    void onFailure(Message<?> message, Throwable failure) {
        if (replier != null && IpcReplier.expectsReply(message)) {
            replier.replyError(message, failure);
        }
    }
}
