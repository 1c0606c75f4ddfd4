package io.libipc.spring.readme;

import io.libipc.spring.core.IpcOperations;
import org.springframework.stereotype.Service;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The README's requester, as the README shows it.
 */
// README: requester
@Service
class QuoteClient {

    private final IpcOperations ipc;

    QuoteClient(IpcOperations ipc) {
        this.ipc = ipc;
    }

    Quote quote(QuoteRequest request) {
        return ipc.sendAndReceive("quotes", request, Quote.class);           // waits up to ipc.reply-timeout
    }

    CompletableFuture<Quote> quoteAsync(QuoteRequest request) {
        return ipc.sendAndReceiveAsync("quotes", request, Quote.class, Duration.ofMillis(500));
    }

    void note(QuoteRequest request) {
        ipc.send("quotes", request);                 // asks for no reply: the listener's value goes to @SendTo
    }
}
// README: end
