package io.libipc.bench.spring;

import io.libipc.spring.annotation.IpcListener;
import io.libipc.spring.core.IpcOperations;

/**
 * The ponger of a Spring round trip: its {@code @IpcListener} on the ping channel replies with
 * {@link IpcOperations#send} on the pong channel, on the ping channel's receive thread.
 */
abstract class Echo {

    private final String out;
    private final IpcOperations template;

    Echo(String out, IpcOperations template) {
        this.out = out;
        this.template = template;
    }

    final void reply(Object payload) {
        template.send(out, payload);
    }

    /** Replies with the bytes it got. */
    static final class Bytes extends Echo {

        Bytes(String out, IpcOperations template) {
            super(out, template);
        }

        @IpcListener(channel = "${bench.in}", id = "echo")
        void echo(byte[] payload) {
            reply(payload);
        }
    }

    /** Replies with the quote it got, converted from JSON and back. */
    static final class Json extends Echo {

        Json(String out, IpcOperations template) {
            super(out, template);
        }

        @IpcListener(channel = "${bench.in}", id = "echo")
        void echo(Quote quote) {
            reply(quote);
        }
    }
}
