package io.libipc.spring.readme;

import io.libipc.spring.annotation.IpcListener;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.stereotype.Component;

/**
 * The README's replier, as the README shows it.
 */
// README: replier
@Component
class QuoteDesk {

    @IpcListener(channel = "quotes")
    @SendTo("audit")                                 // for messages that asked for no reply
    Quote quote(QuoteRequest request) {
        if (request.quantity() <= 0) {
            throw new IllegalArgumentException("quantity must be positive: " + request.quantity());
        }
        return new Quote(request.symbol(), request.quantity(), request.quantity() * 1250L);   // the reply
    }
}
// README: end
