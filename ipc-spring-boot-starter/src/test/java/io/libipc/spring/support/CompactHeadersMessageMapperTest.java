package io.libipc.spring.support;

import org.junit.jupiter.api.Test;
import org.springframework.integration.support.json.EmbeddedHeadersJsonMessageMapper;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded-headers mapper: which messages go in the compact frame, that every type it knows
 * comes back as it went, that the JSON format is written for the others and read too, and that a
 * damaged frame is refused with the position named.
 */
class CompactHeadersMessageMapperTest {

    private final CompactHeadersMessageMapper mapper = (CompactHeadersMessageMapper) IpcEmbeddedHeaders.mapper();

    @Test
    void everyTypeOfTheFrameComesBackAsItWent() {
        UUID uuid = UUID.randomUUID();
        byte[] blob = {1, 2, 3};
        Message<byte[]> sent = MessageBuilder.withPayload("payload".getBytes(StandardCharsets.UTF_8))
                .setHeader("string", "h\u00e9llo \u20ac \uD83D\uDE00").setHeader("int", 7).setHeader("long", 1L << 40)
                .setHeader("boolean", true).setHeader("double", 2.5).setHeader("float", 1.25f)
                .setHeader("short", (short) -3).setHeader("byte", (byte) 9).setHeader("char", 'x')
                .setHeader("uuid", uuid).setHeader("mime", MimeType.valueOf("application/json;charset=UTF-8"))
                .setHeader("bytes", blob).setHeader("", "empty name").build();

        byte[] bytes = mapper.fromMessage(sent);
        Message<?> read = mapper.toMessage(bytes);

        assertThat(bytes[0]).isEqualTo((byte) 0xFE);
        assertThat((byte[]) read.getPayload()).asString(StandardCharsets.UTF_8).isEqualTo("payload");
        assertThat(read.getHeaders()).containsEntry("string", "h\u00e9llo \u20ac \uD83D\uDE00").containsEntry("int", 7)
                .containsEntry("long", 1L << 40).containsEntry("boolean", true).containsEntry("double", 2.5)
                .containsEntry("float", 1.25f).containsEntry("short", (short) -3).containsEntry("byte", (byte) 9)
                .containsEntry("char", 'x').containsEntry("uuid", uuid)
                .containsEntry("mime", MimeType.valueOf("application/json;charset=UTF-8"))
                .containsEntry("", "empty name");
        assertThat((byte[]) read.getHeaders().get("bytes")).containsExactly(1, 2, 3);
        // id and timestamp are the receiver's own, as with the JSON mapper.
        assertThat(read.getHeaders().getId()).isNotEqualTo(sent.getHeaders().getId());
    }

    @Test
    void theHeadersThatStayBehindStayBehind() {
        Message<byte[]> sent = MessageBuilder.withPayload(new byte[] {5}).setHeader(IpcHeaders.CHANNEL, "c")
                .setHeader(IpcHeaders.RAW_SIZE, 1).setHeader(MessageHeaders.REPLY_CHANNEL, "local")
                .setHeader(IpcHeaders.CORRELATION_ID, "r-1").build();

        Message<?> read = mapper.toMessage(mapper.fromMessage(sent));

        assertThat(read.getHeaders()).containsEntry(IpcHeaders.CORRELATION_ID, "r-1")
                .doesNotContainKeys(IpcHeaders.CHANNEL, IpcHeaders.RAW_SIZE, MessageHeaders.REPLY_CHANNEL);
        assertThat((byte[]) read.getPayload()).containsExactly(5);
    }

    @Test
    void aHeaderOfAnotherTypeSendsTheMessageInTheJsonFormatWhichItReadsToo() {
        Message<byte[]> sent = MessageBuilder.withPayload(new byte[] {1, 2}).setHeader("list", new ArrayList<>(List.of("a", "b")))
                .setHeader("plain", "text").build();

        byte[] bytes = mapper.fromMessage(sent);
        Message<?> read = mapper.toMessage(bytes);

        assertThat(bytes[0]).isNotEqualTo((byte) 0xFE);
        // What Spring Integration's own mapper reads: the JSON format.
        assertThat(new EmbeddedHeadersJsonMessageMapper().toMessage(bytes).getHeaders()).containsEntry("plain", "text");
        assertThat(read.getHeaders()).containsEntry("plain", "text").containsEntry("list", List.of("a", "b"));
        assertThat((byte[]) read.getPayload()).containsExactly(1, 2);
    }

    @Test
    void bytesFromSpringIntegrationsJsonMapperAreRead() {
        byte[] bytes = new EmbeddedHeadersJsonMessageMapper("!id", "!timestamp", "*")
                .fromMessage(MessageBuilder.withPayload(new byte[] {4}).setHeader("k", 11L).build());

        Message<?> read = mapper.toMessage(bytes, Map.of("added", "here"));

        assertThat(read.getHeaders()).containsEntry("k", 11L).containsEntry("added", "here");
        assertThat((byte[]) read.getPayload()).containsExactly(4);
    }

    @Test
    void aFrameCutShortIsRefusedNamingWhere() {
        byte[] bytes = mapper.fromMessage(MessageBuilder.withPayload(new byte[0])
                .setHeader("name", "a value that is cut").build());
        byte[] cut = Arrays.copyOf(bytes, 12);

        assertThatThrownBy(() -> mapper.toMessage(cut)).isInstanceOf(MessageConversionException.class)
                .hasMessageContaining("cut short or corrupt").hasMessageContaining("of 12");
    }

    @Test
    void anUnknownTypeTagIsRefused() {
        byte[] bytes = mapper.fromMessage(MessageBuilder.withPayload(new byte[0]).setHeader("n", 1).build());
        // magic (4), count (2), name length (2), name (1), then the tag.
        bytes[9] = 99;

        assertThatThrownBy(() -> mapper.toMessage(bytes)).isInstanceOf(MessageConversionException.class)
                .hasMessageContaining("unknown type tag 99");
    }
}
