package io.libipc.spring.support;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.converter.SmartMessageConverter;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeType;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Turns payloads into the bytes of a libipc message and back.
 *
 * <p>{@code byte[]} passes as it is and {@code String} as its bytes (UTF-8, or the charset of a
 * {@code contentType} header), so that peers outside Spring read exactly what was sent. Any other
 * payload goes to the delegate (by default Jackson 3 JSON, when Jackson is on the class path),
 * which also honours the {@code contentType} header. Safe for use from many threads.
 */
public final class IpcPayloadConverter implements SmartMessageConverter {

    private final MessageConverter delegate;

    /**
     * Creates a converter.
     *
     * @param delegate converts payloads other than {@code byte[]} and {@code String}; null when
     *                 there is none (then such payloads are refused with an error saying so)
     */
    public IpcPayloadConverter(MessageConverter delegate) {
        this.delegate = delegate;
    }

    /**
     * The converter for payloads other than bytes and text.
     *
     * @return the delegate, or null
     */
    public MessageConverter getDelegate() {
        return delegate;
    }

    /**
     * Converts a payload to bytes.
     *
     * @param payload the payload; not a {@code Message}
     * @param headers headers whose {@code contentType} may choose the format; may be null
     * @return the bytes
     * @throws MessageConversionException when the payload cannot be converted
     */
    public byte[] toBytes(Object payload, MessageHeaders headers) {
        if (payload instanceof byte[] bytes) {
            return bytes;
        }
        if (payload instanceof String text) {
            return text.getBytes(charset(headers));
        }
        Message<?> converted = toMessage(payload, headers);
        if (converted == null || !(converted.getPayload() instanceof byte[] bytes)) {
            throw new MessageConversionException("cannot convert a payload of " + payload.getClass().getName()
                    + " to bytes" + (delegate == null
                    ? ": no converter for objects (add tools.jackson.core:jackson-databind for JSON, or send byte[] or String)"
                    : " with " + delegate.getClass().getSimpleName() + contentTypeNote(headers)));
        }
        return bytes;
    }

    @Override
    public Message<?> toMessage(Object payload, MessageHeaders headers) {
        return toMessage(payload, headers, null);
    }

    @Override
    public Message<?> toMessage(Object payload, MessageHeaders headers, Object conversionHint) {
        if (payload instanceof byte[] || payload instanceof String) {
            MessageBuilder<byte[]> builder = MessageBuilder.withPayload(toBytes(payload, headers));
            if (headers != null) {
                builder.copyHeaders(headers);
            }
            return builder.build();
        }
        if (delegate == null) {
            return null;
        }
        return delegate instanceof SmartMessageConverter smart
                ? smart.toMessage(payload, headers, conversionHint)
                : delegate.toMessage(payload, headers);
    }

    @Override
    public Object fromMessage(Message<?> message, Class<?> targetClass) {
        return fromMessage(message, targetClass, null);
    }

    @Override
    public Object fromMessage(Message<?> message, Class<?> targetClass, Object conversionHint) {
        Object payload = message.getPayload();
        if (targetClass.isInstance(payload)) {
            return payload;
        }
        if (payload instanceof byte[] bytes && targetClass == String.class) {
            return new String(bytes, charset(message.getHeaders()));
        }
        if (delegate == null) {
            return null;
        }
        return delegate instanceof SmartMessageConverter smart
                ? smart.fromMessage(message, targetClass, conversionHint)
                : delegate.fromMessage(message, targetClass);
    }

    private static Charset charset(MessageHeaders headers) {
        MimeType type = contentType(headers);
        return type != null && type.getCharset() != null ? type.getCharset() : StandardCharsets.UTF_8;
    }

    private static MimeType contentType(MessageHeaders headers) {
        if (headers == null) {
            return null;
        }
        Object value = headers.get(MessageHeaders.CONTENT_TYPE);
        if (value instanceof MimeType type) {
            return type;
        }
        return value instanceof String text ? MimeType.valueOf(text) : null;
    }

    private static String contentTypeNote(MessageHeaders headers) {
        MimeType type = contentType(headers);
        return type == null ? "" : " (contentType=" + type + ")";
    }
}
