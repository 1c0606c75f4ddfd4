package io.libipc.spring.integration.dsl;

import io.libipc.spring.core.IpcChannelBinding;
import io.libipc.spring.core.IpcChannelBindings;
import io.libipc.spring.core.IpcOperations;
import io.libipc.spring.core.IpcReplier;
import io.libipc.spring.integration.inbound.IpcInboundGateway;
import org.springframework.messaging.SubscribableChannel;

/**
 * Factory for libipc components in the Spring Integration Java DSL: channel adapters, and gateways
 * for request/reply.
 *
 * <pre>{@code
 * IntegrationFlow.from(Ipc.inboundAdapter(bindings, "orders"))
 *         .transform(...)
 *         .handle(Ipc.outboundAdapter(bindings, "audit"))
 *         .get();
 *
 * IntegrationFlow.from(Ipc.inboundGateway("billing"))          // answers requests on billing
 *         .transform(String.class, String::toUpperCase)
 *         .get();
 *
 * flow.handle(Ipc.outboundGateway(ipcOperations, "billing")    // asks billing, goes on with the reply
 *         .expectedReplyType(String.class))
 * }</pre>
 */
public final class Ipc {

    private Ipc() {
    }

    /**
     * An inbound channel adapter on a receiving channel.
     *
     * @param binding the channel
     * @return the spec
     */
    public static IpcInboundChannelAdapterSpec inboundAdapter(IpcChannelBinding binding) {
        return new IpcInboundChannelAdapterSpec(binding);
    }

    /**
     * An inbound channel adapter on a configured receiving channel.
     *
     * @param bindings the configured channels
     * @param channel the channel name
     * @return the spec
     */
    public static IpcInboundChannelAdapterSpec inboundAdapter(IpcChannelBindings bindings, String channel) {
        return inboundAdapter(bindings.get(channel));
    }

    /**
     * An outbound handler on a sending channel.
     *
     * @param binding the channel
     * @return the spec
     */
    public static IpcMessageHandlerSpec outboundAdapter(IpcChannelBinding binding) {
        return new IpcMessageHandlerSpec(binding);
    }

    /**
     * An outbound handler on a configured sending channel.
     *
     * @param bindings the configured channels
     * @param channel the channel name
     * @return the spec
     */
    public static IpcMessageHandlerSpec outboundAdapter(IpcChannelBindings bindings, String channel) {
        return outboundAdapter(bindings.get(channel));
    }

    /**
     * An inbound gateway on a configured receiving channel (under {@code ipc.channels}): it answers
     * the channel's requests with the flow's replies. Its inbound message channel and the
     * {@link IpcReplier} are found in the application context.
     *
     * @param channel the channel name
     * @return the spec
     */
    public static IpcInboundGatewaySpec inboundGateway(String channel) {
        return new IpcInboundGatewaySpec(new IpcInboundGateway(channel));
    }

    /**
     * An inbound gateway on the inbound message channel of a libipc channel.
     *
     * @param inbound the output channel of the channel's inbound adapter ({@code ipc.<name>.inbound})
     * @param replier sends the replies (the {@code ipcReplier} bean)
     * @return the spec
     */
    public static IpcInboundGatewaySpec inboundGateway(SubscribableChannel inbound, IpcReplier replier) {
        return new IpcInboundGatewaySpec(new IpcInboundGateway(inbound, replier));
    }

    /**
     * An outbound gateway: sends each message as a request on a configured sending channel and
     * produces the reply.
     *
     * @param operations the template
     * @param channel the channel name
     * @return the spec
     */
    public static IpcOutboundGatewaySpec outboundGateway(IpcOperations operations, String channel) {
        return new IpcOutboundGatewaySpec(operations, channel);
    }
}
