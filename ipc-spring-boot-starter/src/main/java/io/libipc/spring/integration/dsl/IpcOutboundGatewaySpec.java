package io.libipc.spring.integration.dsl;

import io.libipc.spring.core.IpcOperations;
import io.libipc.spring.integration.outbound.IpcOutboundGateway;
import org.springframework.integration.dsl.MessageHandlerSpec;

import java.time.Duration;

/**
 * DSL spec of an {@link IpcOutboundGateway}.
 */
public class IpcOutboundGatewaySpec extends MessageHandlerSpec<IpcOutboundGatewaySpec, IpcOutboundGateway> {

    /**
     * Creates the spec.
     *
     * @param operations the template
     * @param channel the channel requests go to
     */
    protected IpcOutboundGatewaySpec(IpcOperations operations, String channel) {
        this.target = new IpcOutboundGateway(operations, channel);
    }

    /**
     * How long each request waits for its reply. Default: {@code ipc.reply-timeout}.
     *
     * @param replyTimeout positive
     * @return this spec
     */
    public IpcOutboundGatewaySpec replyTimeout(Duration replyTimeout) {
        this.target.setReplyTimeout(replyTimeout);
        return this;
    }

    /**
     * The type to convert each reply's payload to. Default: none, the reply's bytes.
     *
     * @param expectedReplyType e.g. {@code String.class} or a record for JSON
     * @return this spec
     */
    public IpcOutboundGatewaySpec expectedReplyType(Class<?> expectedReplyType) {
        this.target.setExpectedReplyType(expectedReplyType);
        return this;
    }

    /**
     * Whether a replier's null reply is an error ({@code ReplyRequiredException}) rather than the
     * end of the flow. Default false.
     *
     * @param requiresReply true to require a reply
     * @return this spec
     */
    public IpcOutboundGatewaySpec requiresReply(boolean requiresReply) {
        this.target.setRequiresReply(requiresReply);
        return this;
    }
}
