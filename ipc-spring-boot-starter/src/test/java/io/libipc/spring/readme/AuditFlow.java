package io.libipc.spring.readme;

import io.libipc.spring.core.IpcChannelBindings;
import io.libipc.spring.integration.dsl.Ipc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.Transformers;

/**
 * The README's Spring Integration flow, as the README shows it.
 */
// README: integration flow
@Configuration
class AuditFlow {

    @Bean
    IntegrationFlow audit(IpcChannelBindings bindings) {
        return IntegrationFlow.from("ipc.orders.inbound")                    // what the orders channel receives
                .transform(Transformers.fromJson(Order.class))
                .transform(Order.class, order -> "audit: " + order.symbol())
                .handle(Ipc.outboundAdapter(bindings, "audit"))             // on to another libipc channel
                .get();
    }
}
// README: end
