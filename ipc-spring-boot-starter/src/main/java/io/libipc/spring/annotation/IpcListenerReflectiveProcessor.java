package io.libipc.spring.annotation;

import org.springframework.aot.hint.annotation.ReflectiveProcessor;
import org.springframework.messaging.handler.annotation.MessageMappingReflectiveProcessor;

/**
 * The {@link ReflectiveProcessor} of {@link IpcListener} (which is
 * {@link org.springframework.aot.hint.annotation.Reflective} with it, as {@code @MessageMapping}
 * is with its processor): for each listener method of a bean, Spring's AOT processing registers
 * the method for invocation, and binding reflection (constructors, fields, accessors, what Jackson
 * needs) for the types converted from and to JSON: payload parameters ({@code @Payload} or without
 * annotation; {@code T} of {@code Message<T>}) and the return type (a reply). {@code @Header},
 * {@code @Headers} and {@code MessageHeaders} parameters are left out. The rules are those of
 * {@code @MessageMapping} methods, which take the same parameters.
 */
public final class IpcListenerReflectiveProcessor extends MessageMappingReflectiveProcessor {

    /** Instantiated by Spring's AOT processing, named by {@code @Reflective} on {@link IpcListener}. */
    public IpcListenerReflectiveProcessor() {
    }
}
