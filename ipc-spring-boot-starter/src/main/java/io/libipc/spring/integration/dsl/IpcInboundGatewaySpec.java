package io.libipc.spring.integration.dsl;

import io.libipc.spring.integration.inbound.IpcInboundGateway;
import org.springframework.integration.dsl.MessagingGatewaySpec;

/**
 * DSL spec of an {@link IpcInboundGateway}; the common gateway options (request, reply and error
 * channel, reply timeout, phase, auto-startup) come from {@link MessagingGatewaySpec}.
 */
public class IpcInboundGatewaySpec extends MessagingGatewaySpec<IpcInboundGatewaySpec, IpcInboundGateway> {

    /**
     * Creates the spec.
     *
     * @param gateway the gateway to configure
     */
    protected IpcInboundGatewaySpec(IpcInboundGateway gateway) {
        super(gateway);
    }
}
