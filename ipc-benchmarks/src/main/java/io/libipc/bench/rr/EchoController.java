package io.libipc.bench.rr;

import io.libipc.bench.spring.Quote;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Spring MVC endpoint of the HTTP peer: returns each request as its reply, the bytes as they
 * came, the quote converted from JSON and back (as the {@code @IpcListener} of the libipc rows does).
 */
@RestController
public class EchoController {

    /** Created by the replier's context. */
    public EchoController() {
    }

    /**
     * Echoes bytes.
     *
     * @param request the request body
     * @return the same bytes
     */
    @PostMapping(path = "/bytes", consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE,
            produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    public byte[] bytes(@RequestBody byte[] request) {
        return request;
    }

    /**
     * Echoes a quote.
     *
     * @param request the quote read from JSON
     * @return the same quote, written as JSON
     */
    @PostMapping(path = "/json", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public Quote json(@RequestBody Quote request) {
        return request;
    }
}
