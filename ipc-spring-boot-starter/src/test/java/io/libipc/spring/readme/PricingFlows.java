package io.libipc.spring.readme;

import io.libipc.spring.core.IpcOperations;
import io.libipc.spring.integration.dsl.Ipc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.Transformers;

/**
 * The README's request/reply flows, as the README shows them.
 */
// README: gateways
@Configuration
class PricingFlows {

    interface Pricing {
        long price(QuoteRequest request);
    }

    @Bean
    IntegrationFlow pricingDesk() {
        return IntegrationFlow.from(Ipc.inboundGateway("prices"))            // answers the requests on prices
                .transform(Transformers.fromJson(QuoteRequest.class))
                .transform(QuoteRequest.class, request -> request.quantity() * 1250L)   // the flow's reply
                .get();
    }

    @Bean
    IntegrationFlow pricingClient(IpcOperations ipc) {
        return IntegrationFlow.from(Pricing.class)                           // a messaging gateway
                .handle(Ipc.outboundGateway(ipc, "prices").expectedReplyType(Long.class))
                .get();
    }
}
// README: end
