package io.libipc.spring.integration.outbound;

import io.libipc.spring.core.IpcOperations;
import io.libipc.spring.support.IpcHeaders;
import org.springframework.integration.IntegrationPatternType;
import org.springframework.integration.handler.AbstractReplyProducingMessageHandler;
import org.springframework.messaging.Message;

import java.time.Duration;
import java.util.Objects;

/**
 * Sends each message it handles as a request to a libipc channel, through
 * {@link IpcOperations#sendAndReceive(String, Message, Duration)}, and produces the reply: the
 * outbound half of request/reply in a flow, shaped like spring-amqp's {@code AmqpOutboundEndpoint}
 * used as a gateway. The channel's payload format must be {@code embedded-headers} on both sides.
 *
 * <p>The reply's payload is the bytes the replier sent, its headers those that travelled with
 * them, the request's headers filled in where the reply has none (so a {@code replyChannel} of the
 * flow is kept); with an {@link #setExpectedReplyType(Class) expected type} the payload is
 * converted as {@code sendAndReceive(channel, request, type)} converts it, and the reply carries the
 * request's headers. A replier that returned null produces no reply (a {@code ReplyRequiredException}
 * when {@link #setRequiresReply(boolean) a reply is required}).
 *
 * <p>Errors are the template's, thrown to the flow's caller or error channel:
 * {@link io.libipc.IpcException} ERROR_SEND_FAILED at once when nobody receives on the channel,
 * {@link io.libipc.spring.core.IpcReplyTimeoutException} when no reply came within the reply
 * timeout, {@link io.libipc.spring.core.IpcRemoteException} when the replier threw. Safe for many
 * threads: each call waits for its own reply.
 */
public class IpcOutboundGateway extends AbstractReplyProducingMessageHandler {

    private final IpcOperations operations;
    private final String channel;
    private volatile Duration replyTimeout;
    private volatile Class<?> expectedReplyType;

    /**
     * Creates a gateway sending to a configured channel.
     *
     * @param operations the template (the application's {@code IpcOperations} bean)
     * @param channel the channel name, as under {@code ipc.channels}, with a sending mode
     */
    public IpcOutboundGateway(IpcOperations operations, String channel) {
        this.operations = Objects.requireNonNull(operations, "operations");
        this.channel = Objects.requireNonNull(channel, "channel");
    }

    /**
     * How long each request waits for its reply. Default: the template's, {@code ipc.reply-timeout}.
     *
     * @param replyTimeout positive, or null for the template's default
     */
    public void setReplyTimeout(Duration replyTimeout) {
        if (replyTimeout != null && (replyTimeout.isNegative() || replyTimeout.isZero())) {
            throw new IllegalArgumentException("a reply timeout must be positive: replyTimeout=" + replyTimeout);
        }
        this.replyTimeout = replyTimeout;
    }

    /**
     * The type to convert each reply's payload to ({@code String}, {@code byte[]}, or a class for
     * the JSON converter). Default: none, the reply's bytes as they came.
     *
     * @param expectedReplyType the type, or null for the bytes
     */
    public void setExpectedReplyType(Class<?> expectedReplyType) {
        this.expectedReplyType = expectedReplyType;
    }

    /**
     * The channel this gateway sends requests to.
     *
     * @return the channel name
     */
    public String getChannel() {
        return channel;
    }

    @Override
    public String getComponentType() {
        return "ipc:outbound-gateway";
    }

    @Override
    public IntegrationPatternType getIntegrationPatternType() {
        return IntegrationPatternType.outbound_gateway;
    }

    @Override
    protected Object handleRequestMessage(Message<?> requestMessage) {
        Duration timeout = replyTimeout;
        Class<?> type = expectedReplyType;
        if (type != null) {
            // The Message overload of the Object method: the request's headers travel with it.
            Object request = requestMessage;
            return timeout == null ? operations.sendAndReceive(channel, request, type)
                    : operations.sendAndReceive(channel, request, type, timeout);
        }
        Message<?> reply = timeout == null ? operations.sendAndReceive(channel, requestMessage)
                : operations.sendAndReceive(channel, requestMessage, timeout);
        return Boolean.TRUE.equals(reply.getHeaders().get(IpcHeaders.NULL_REPLY)) ? null : reply;
    }
}
