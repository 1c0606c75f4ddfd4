package io.libipc.spring.readme;

import io.libipc.spring.core.IpcOperations;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Service;

import java.time.Duration;

/**
 * The README's sender, as the README shows it.
 */
// README: template
@Service
class OrderService {

    private final IpcOperations ipc;

    OrderService(IpcOperations ipc) {
        this.ipc = ipc;
    }

    boolean place(Order order) {
        ipc.waitForReceivers("orders", 1, Duration.ofSeconds(10));   // a receiver gets what is sent after it connected
        ipc.send("orders", order);                                    // JSON; byte[] and String go as they are
        ipc.send("orders", MessageBuilder.withPayload(order).setHeader("tenant", "acme").build());
        return ipc.trySend("orders", "{\"symbol\":\"ACME\",\"quantity\":3}");   // false: no room within send-timeout
    }
}
// README: end
