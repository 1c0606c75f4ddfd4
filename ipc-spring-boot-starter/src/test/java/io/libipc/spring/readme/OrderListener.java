package io.libipc.spring.readme;

import io.libipc.spring.annotation.IpcListener;
import io.libipc.spring.support.IpcHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The README's listener, as the README shows it, plus a list the test reads.
 */
@Component
class OrderListener {

    final List<String> received = new CopyOnWriteArrayList<>();

    // README: listener
    @IpcListener(channel = "orders")
    void onOrder(Order order, @Header(IpcHeaders.CHANNEL) String channel,
                 @Header(name = "tenant", required = false) String tenant) {
        received.add(order + " on " + channel + " for " + tenant);
    }
    // README: end
}
