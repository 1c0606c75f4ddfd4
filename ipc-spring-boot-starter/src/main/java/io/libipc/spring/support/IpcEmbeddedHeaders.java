package io.libipc.spring.support;

import org.springframework.integration.mapping.BytesMessageMapper;
import org.springframework.integration.support.json.EmbeddedHeadersJsonMessageMapper;
import org.springframework.messaging.MessageHeaders;

import java.util.ArrayList;
import java.util.List;

/**
 * The headers mapper of the {@link IpcPayloadFormat#EMBEDDED_HEADERS} format, for code that opens
 * channels without the auto-configuration (the Spring Cloud Stream binder): the one the
 * auto-configuration uses, so that both write and read the same bytes
 * ({@link CompactHeadersMessageMapper}, with Spring Integration's
 * {@code EmbeddedHeadersJsonMessageMapper} for headers of other types). Needs Jackson 3
 * ({@code tools.jackson.core:jackson-databind}) on the class path.
 */
public final class IpcEmbeddedHeaders {

    private IpcEmbeddedHeaders() {
    }

    /**
     * A mapper that embeds every header but {@code id} and {@code timestamp} (made anew by the
     * receiver), the headers the receiving side sets itself ({@code ipc_channel},
     * {@code ipc_lostMessages}, {@code ipc_rawSize}), {@code replyChannel} and {@code errorChannel}
     * (message channels of this application, which mean nothing in another process and which the
     * JSON mapper cannot write), and the names given.
     *
     * @param alsoLeftOut further header names (or Spring Integration patterns) that stay behind
     * @return a new mapper: compact frames, JSON for headers of other types; safe for use from many threads
     */
    public static BytesMessageMapper mapper(String... alsoLeftOut) {
        List<String> patterns = new ArrayList<>(List.of("!" + MessageHeaders.ID, "!" + MessageHeaders.TIMESTAMP,
                "!" + MessageHeaders.REPLY_CHANNEL, "!" + MessageHeaders.ERROR_CHANNEL,
                "!" + IpcHeaders.CHANNEL, "!" + IpcHeaders.LOST_MESSAGES, "!" + IpcHeaders.RAW_SIZE));
        for (String name : alsoLeftOut) {
            patterns.add("!" + name);
        }
        // Last: a negated pattern only excludes when it comes before the match-all.
        patterns.add("*");
        String[] all = patterns.toArray(new String[0]);
        return new CompactHeadersMessageMapper(all, new EmbeddedHeadersJsonMessageMapper(all));
    }
}
