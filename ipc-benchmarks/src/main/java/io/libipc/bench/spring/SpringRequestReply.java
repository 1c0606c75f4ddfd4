package io.libipc.bench.spring;

import io.libipc.bench.rr.Caller;
import io.libipc.bench.rr.Callers;
import io.libipc.spring.core.IpcOperations;
import io.libipc.spring.support.IpcPayloadConverter;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The libipc side of the request/reply rows ({@code libipc-spring-rr}): a requester application
 * calling {@code IpcTemplate.sendAndReceive} and a replier application whose {@code @IpcListener}
 * returns the request as its reply ({@link Replier}), in two JVMs. The request link is a ROUTE
 * channel (the requester's one handle serves all its threads) with embedded headers, which
 * request/reply needs for its correlation id and reply channel; the requester's reply channel is
 * {@code <link>.replies}. Everything else is the starter's defaults, as for the one-way Spring rows.
 */
public final class SpringRequestReply {

    /** Headers travel with the payload: the starter refuses request/reply on a raw channel. */
    private static final int MAX_MESSAGE = 4096;
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private SpringRequestReply() {
    }

    /**
     * Starts the replier; its listener receives once this returns.
     *
     * @param json whether requests are quotes (JSON) or bytes
     * @param runDir the storage directory
     * @param link the request channel
     * @return the running context
     */
    public static ConfigurableApplicationContext replier(boolean json, Path runDir, String link) {
        return SpringRoles.start(runDir, link, null, MAX_MESSAGE, c -> json ? new Replier.Json() : new Replier.Bytes(),
                Map.of("ipc.channels." + link + ".payload-format", "embedded-headers"));
    }

    /** The requesting application, and callers on its template. */
    public static final class Requester implements AutoCloseable {
        private final ConfigurableApplicationContext context;
        private final IpcOperations template;
        private final String link;
        private final boolean json;

        private Requester(ConfigurableApplicationContext context, String link, boolean json) {
            this.context = context;
            this.template = context.getBean(IpcOperations.class);
            this.link = link;
            this.json = json;
        }

        /**
         * Starts the requester and waits until the replier receives on the link.
         *
         * @param json whether it sends quotes (JSON) or bytes
         * @param runDir the storage directory
         * @param link the request channel
         * @return the requester
         */
        public static Requester start(boolean json, Path runDir, String link) {
            // A generous reply timeout: a call on a loaded machine must not fail the run, and no
            // call here is meant to time out.
            Requester requester = new Requester(SpringRoles.start(runDir, null, link, MAX_MESSAGE, null,
                    Map.of("ipc.channels." + link + ".payload-format", "embedded-headers",
                            "ipc.reply-channel", link + ".replies", "ipc.reply-timeout", "60s")), link, json);
            if (!requester.template.waitForReceivers(link, 1, PATIENCE)) {
                throw new IllegalStateException(link + ": no replier connected in " + PATIENCE);
            }
            return requester;
        }

        /**
         * The size of a request's payload.
         *
         * @return 32, or the first quote's JSON length (headers not counted)
         */
        public int requestSize() {
            return json ? context.getBean(IpcPayloadConverter.class).toBytes(Quote.first(), null).length
                    : Callers.BYTES_SIZE;
        }

        /**
         * A caller for one thread, with a payload of its own.
         *
         * @return the caller
         */
        public Caller caller() {
            return json ? Callers.quotes(q -> template.sendAndReceive(link, q, Quote.class), null)
                    : Callers.bytes(b -> template.sendAndReceive(link, b, byte[].class), null);
        }

        @Override
        public void close() {
            context.close();
        }
    }
}
