package io.libipc.spring.integration.dsl;

import io.libipc.spring.core.IpcChannelBinding;
import io.libipc.spring.core.IpcChannelBindings;

/**
 * Factory for libipc components in the Spring Integration Java DSL.
 *
 * <pre>{@code
 * IntegrationFlow.from(Ipc.inboundAdapter(bindings, "orders"))
 *         .transform(...)
 *         .handle(Ipc.outboundAdapter(bindings, "audit"))
 *         .get();
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
}
