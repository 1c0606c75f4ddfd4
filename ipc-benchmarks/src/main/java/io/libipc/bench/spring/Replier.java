package io.libipc.bench.spring;

import io.libipc.spring.annotation.IpcListener;

/**
 * The replier of the {@code libipc-spring-rr} rows: an {@code @IpcListener} whose return value the
 * starter sends back to the requester ({@code IpcTemplate.sendAndReceive}), on the request
 * channel's receive thread.
 */
abstract class Replier {

    /** Replies with the bytes it got. */
    static final class Bytes extends Replier {

        @IpcListener(channel = "${bench.in}", id = "replier")
        byte[] reply(byte[] request) {
            return request;
        }
    }

    /** Replies with the quote it got, converted from JSON and back. */
    static final class Json extends Replier {

        @IpcListener(channel = "${bench.in}", id = "replier")
        Quote reply(Quote request) {
            return request;
        }
    }
}
