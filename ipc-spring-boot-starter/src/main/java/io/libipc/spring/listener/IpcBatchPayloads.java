package io.libipc.spring.listener;

import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.messaging.Message;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.converter.MessageConverter;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * The argument of a batch listener: a method with one {@code List} parameter and no return value
 * gets the batch's payloads converted to the list's element type ({@code byte[]}, {@code String},
 * an object from JSON), or the messages themselves for {@code List<Message<?>>}. Checked when the
 * listener is created, so that a wrong signature fails start-up naming it.
 */
final class IpcBatchPayloads {

    private final MessageConverter converter;
    /** Null for messages as they are. */
    private final Class<?> elementType;

    private IpcBatchPayloads(MessageConverter converter, Class<?> elementType) {
        this.converter = converter;
        this.elementType = elementType;
    }

    /**
     * Checks a batch listener's method and makes its converter.
     *
     * @param endpoint the listener
     * @param converter converts each payload
     * @return the converter of batches
     * @throws IllegalStateException naming the attribute and what is wrong with the method
     */
    static IpcBatchPayloads forEndpoint(IpcListenerEndpoint endpoint, MessageConverter converter) {
        Method method = endpoint.method();
        String where = "@IpcListener '" + endpoint.id() + "' (" + endpoint.describeMethod() + ") has batch=true";
        if (method.getParameterCount() != 1 || !List.class.equals(method.getParameterTypes()[0])) {
            throw new IllegalStateException(where + ", so it takes one parameter, a List of payloads or messages"
                    + " (e.g. void onTicks(List<Tick> ticks)); its parameters are "
                    + List.of(method.getGenericParameterTypes()));
        }
        if (method.getReturnType() != void.class) {
            throw new IllegalStateException(where + ", so it returns nothing (a batch has no one requester to reply"
                    + " to, nor one value for @SendTo); it returns " + method.getGenericReturnType());
        }
        ResolvableType element = ResolvableType.forMethodParameter(new MethodParameter(method, 0)).asCollection()
                .getGeneric(0);
        Class<?> type = element.resolve(Object.class);
        if (Message.class.isAssignableFrom(type)) {
            return new IpcBatchPayloads(converter, null);
        }
        // List<?> or a raw List: the payloads as they came, bytes.
        return new IpcBatchPayloads(converter, type == Object.class ? byte[].class : type);
    }

    /**
     * Converts a batch. A message that cannot be converted is left out and returned apart: it
     * would fail the same way on every attempt, so it is not retried with the others.
     *
     * @param messages the batch, in the order received
     * @return the converted payloads and the messages that failed conversion
     */
    Converted convert(List<Message<?>> messages) {
        if (elementType == null) {
            return new Converted(new ArrayList<>(messages), List.copyOf(messages), List.of());
        }
        List<Object> payloads = new ArrayList<>(messages.size());
        List<Message<?>> converted = new ArrayList<>(messages.size());
        List<Failure> failed = new ArrayList<>();
        for (Message<?> message : messages) {
            try {
                Object payload = converter.fromMessage(message, elementType);
                if (payload == null) {
                    throw new MessageConversionException(message, "cannot convert the payload to " + elementType.getName());
                }
                payloads.add(payload);
                converted.add(message);
            } catch (RuntimeException e) {
                failed.add(new Failure(message, e));
            }
        }
        return new Converted(payloads, converted, failed);
    }

    /**
     * A converted batch.
     *
     * @param payloads the listener's argument
     * @param messages the messages of those payloads, in the same order
     * @param failed the messages that could not be converted, with why
     */
    record Converted(List<Object> payloads, List<Message<?>> messages, List<Failure> failed) {
    }

    /**
     * A message that could not be converted.
     *
     * @param message the message
     * @param exception why
     */
    record Failure(Message<?> message, RuntimeException exception) {
    }
}
