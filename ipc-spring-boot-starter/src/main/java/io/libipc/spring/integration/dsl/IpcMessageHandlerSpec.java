package io.libipc.spring.integration.dsl;

import io.libipc.spring.core.IpcChannelBinding;
import io.libipc.spring.integration.outbound.IpcMessageHandler;
import org.springframework.integration.dsl.MessageHandlerSpec;

/**
 * DSL spec of an {@link IpcMessageHandler}.
 */
public class IpcMessageHandlerSpec extends MessageHandlerSpec<IpcMessageHandlerSpec, IpcMessageHandler> {

    /**
     * Creates the spec.
     *
     * @param binding a sending channel
     */
    protected IpcMessageHandlerSpec(IpcChannelBinding binding) {
        this.target = new IpcMessageHandler(binding);
    }

    /**
     * Whether to use trySend (never evict; fail with a {@code MessageDeliveryException} when there
     * is no room within the send timeout) instead of send. Default false.
     *
     * @param trySend true for trySend
     * @return this spec
     */
    public IpcMessageHandlerSpec trySend(boolean trySend) {
        this.target.setTrySend(trySend);
        return this;
    }
}
