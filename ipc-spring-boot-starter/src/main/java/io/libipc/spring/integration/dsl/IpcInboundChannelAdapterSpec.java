package io.libipc.spring.integration.dsl;

import io.libipc.spring.core.IpcChannelBinding;
import io.libipc.spring.integration.inbound.IpcInboundChannelAdapter;
import org.springframework.integration.dsl.MessageProducerSpec;

/**
 * DSL spec of an {@link IpcInboundChannelAdapter}; the common producer options (output and error
 * channel, phase, auto-startup) come from {@link MessageProducerSpec}.
 */
public class IpcInboundChannelAdapterSpec
        extends MessageProducerSpec<IpcInboundChannelAdapterSpec, IpcInboundChannelAdapter> {

    /**
     * Creates the spec.
     *
     * @param binding a receiving channel
     */
    protected IpcInboundChannelAdapterSpec(IpcChannelBinding binding) {
        super(new IpcInboundChannelAdapter(binding));
    }
}
