package io.libipc.spring.support;

import org.springframework.integration.mapping.BytesMessageMapper;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.GenericMessage;
import org.springframework.messaging.support.MessageBuilder;

import java.util.Map;

/**
 * Maps a Spring {@link Message} to the bytes of one libipc message and back, in a channel's
 * {@link IpcPayloadFormat}. Safe for use from many threads.
 */
public final class IpcMessageMapper {

    /** Set on an embedded-headers message whose payload is empty; it never reaches the application. */
    private static final String EMPTY_PAYLOAD = IpcHeaders.PREFIX + "emptyPayload";
    private static final byte[] EMPTY_MARKER = {0};

    private final IpcPayloadFormat format;
    private final IpcPayloadConverter payloadConverter;
    private final BytesMessageMapper headersMapper;

    /**
     * Creates a mapper.
     *
     * @param format RAW or EMBEDDED_HEADERS
     * @param payloadConverter turns payloads into bytes and back
     * @param headersMapper writes and reads headers with the payload; required for
     *                      EMBEDDED_HEADERS (Spring Integration's
     *                      {@code EmbeddedHeadersJsonMessageMapper}), ignored for RAW
     * @throws IllegalArgumentException when EMBEDDED_HEADERS comes without a headers mapper
     */
    public IpcMessageMapper(IpcPayloadFormat format, IpcPayloadConverter payloadConverter,
            BytesMessageMapper headersMapper) {
        if (format == IpcPayloadFormat.EMBEDDED_HEADERS && headersMapper == null) {
            throw new IllegalArgumentException("payload format EMBEDDED_HEADERS needs a headers mapper "
                    + "(EmbeddedHeadersJsonMessageMapper, which needs tools.jackson.core:jackson-databind)");
        }
        this.format = format;
        this.payloadConverter = payloadConverter;
        this.headersMapper = headersMapper;
    }

    /**
     * The format this mapper writes and reads.
     *
     * @return the format
     */
    public IpcPayloadFormat format() {
        return format;
    }

    /**
     * The converter of payloads.
     *
     * @return the converter
     */
    public IpcPayloadConverter payloadConverter() {
        return payloadConverter;
    }

    /**
     * The bytes to send for a payload and headers.
     *
     * @param payload the payload, converted by the payload converter
     * @param headers the headers; embedded only in the EMBEDDED_HEADERS format
     * @return the bytes
     */
    public byte[] toBytes(Object payload, Map<String, Object> headers) {
        // No headers (IpcTemplate.send(channel, payload)): no MessageHeaders either, which would
        // cost a map and a random id per send; the converter reads null as "no content type".
        MessageHeaders messageHeaders = headers instanceof MessageHeaders mh ? mh
                : headers.isEmpty() ? null : new MessageHeaders(headers);
        byte[] bytes = payloadConverter.toBytes(payload, messageHeaders);
        if (format == IpcPayloadFormat.RAW) {
            return bytes;
        }
        if (bytes.length == 0) {
            // EmbeddedHeadersJsonMessageMapper reads an empty payload back without its headers:
            // one byte travels instead, and the header says to drop it.
            return headersMapper.fromMessage(MessageBuilder.withPayload(EMPTY_MARKER).copyHeaders(headers)
                    .setHeader(EMPTY_PAYLOAD, Boolean.TRUE).build());
        }
        // The converter's MessageHeaders serve the message too (GenericMessage keeps them as they
        // are): one header map and one random id per send, not three maps and two ids.
        return headersMapper.fromMessage(new GenericMessage<>(bytes,
                messageHeaders != null ? messageHeaders : new MessageHeaders(headers)));
    }

    /**
     * The message for bytes received from a channel, with the receiving side's headers added.
     *
     * @param data the bytes of one libipc message
     * @param channel the channel's name, for {@link IpcHeaders#CHANNEL}
     * @param lostMessages the receiving handle's lost count, for {@link IpcHeaders#LOST_MESSAGES};
     *                     negative when its backend does not count them (the header is then left out)
     * @return a message with a {@code byte[]} payload
     */
    @SuppressWarnings("unchecked")
    public Message<byte[]> toMessage(byte[] data, String channel, long lostMessages) {
        Map<String, Object> received = lostMessages < 0
                ? Map.of(IpcHeaders.CHANNEL, channel, IpcHeaders.RAW_SIZE, data.length)
                : Map.of(IpcHeaders.CHANNEL, channel, IpcHeaders.LOST_MESSAGES, lostMessages, IpcHeaders.RAW_SIZE,
                        data.length);
        if (format == IpcPayloadFormat.RAW) {
            // The same message MessageBuilder makes, for one copy of the headers instead of
            // three maps: this runs for every message received.
            return new GenericMessage<>(data, received);
        }
        // The receiving side's headers go in with the embedded ones: one header map per message.
        Message<?> embedded = headersMapper.toMessage(data, received);
        Object payload = embedded.getPayload();
        boolean empty = Boolean.TRUE.equals(embedded.getHeaders().get(EMPTY_PAYLOAD));
        if (!empty && payload instanceof byte[]) {
            return (Message<byte[]>) embedded;
        }
        MessageBuilder<byte[]> builder = MessageBuilder.withPayload(empty ? new byte[0] : payload instanceof byte[] bytes
                ? bytes : payloadConverter.toBytes(payload, embedded.getHeaders()));
        builder.copyHeaders(embedded.getHeaders());
        builder.removeHeader(EMPTY_PAYLOAD);
        return builder.build();
    }
}
