package io.libipc.spring.support;

import org.junit.jupiter.api.Test;
import org.springframework.integration.support.json.EmbeddedHeadersJsonMessageMapper;
import org.springframework.messaging.Message;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mapper's embedded-headers format keeps the headers of an empty message too: Spring
 * Integration's {@link EmbeddedHeadersJsonMessageMapper} alone reads an empty payload back without
 * them (a request/reply reply or an empty user message would lose its correlation).
 */
class IpcMessageMapperTest {

    private final IpcMessageMapper mapper = new IpcMessageMapper(IpcPayloadFormat.EMBEDDED_HEADERS,
            new IpcPayloadConverter(null), new EmbeddedHeadersJsonMessageMapper("!id", "!timestamp", "*"));

    @Test
    void anEmptyPayloadKeepsItsHeadersAndStaysEmpty() {
        byte[] bytes = mapper.toBytes(new byte[0], Map.of("x", "y"));

        Message<byte[]> message = mapper.toMessage(bytes, "c", 0);

        assertThat(message.getPayload()).isEmpty();
        assertThat(message.getHeaders()).containsEntry("x", "y").containsEntry(IpcHeaders.CHANNEL, "c")
                .doesNotContainKey(IpcHeaders.PREFIX + "emptyPayload");
    }

    @Test
    void aOneBytePayloadIsNotTakenForAnEmptyOne() {
        Message<byte[]> message = mapper.toMessage(mapper.toBytes(new byte[] {0}, Map.of("x", "y")), "c", 0);

        assertThat(message.getPayload()).containsExactly(0);
        assertThat(message.getHeaders()).containsEntry("x", "y");
    }
}
