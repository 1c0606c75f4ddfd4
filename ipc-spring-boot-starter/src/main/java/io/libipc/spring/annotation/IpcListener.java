package io.libipc.spring.annotation;

import org.springframework.aot.hint.annotation.Reflective;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method that receives every message of a libipc channel configured under
 * {@code ipc.channels} with a receiving mode.
 *
 * <p>Parameters: the payload converted to the parameter's type ({@code byte[]}, {@code String}, a
 * POJO from JSON), {@code Message<?>}, {@code @Payload}, {@code @Header("ipc_channel")},
 * {@code @Headers Map}. Several listeners on one channel each receive every message, in turn, on
 * the channel's receive thread: a slow listener slows the others on that channel. A listener that
 * throws goes to its error handler (or is logged) and the next message still arrives.
 *
 * <pre>{@code
 * @IpcListener(channel = "orders")
 * void onOrder(Order order, @Header(IpcHeaders.CHANNEL) String channel) { ... }
 * }</pre>
 *
 * <p>AOT and native images: the annotation is {@link Reflective}, so the AOT processing of an
 * application registers each listener method and its JSON payload and return types for
 * reflection ({@link IpcListenerReflectiveProcessor}).
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(IpcListenerReflectiveProcessor.class)
public @interface IpcListener {

    /**
     * The channel name, as under {@code ipc.channels}. {@code ${...}} placeholders are resolved.
     *
     * @return the channel name
     */
    String channel();

    /**
     * The listener's id, for the registry and the {@code listener} observation tag. {@code ${...}}
     * placeholders are resolved. Default: {@code <bean name>.<method name>}.
     *
     * @return the id
     */
    String id() default "";

    /**
     * The bean name of an {@link io.libipc.spring.listener.IpcListenerErrorHandler} called when the
     * method throws. {@code ${...}} placeholders are resolved. Default: none; the failure is logged
     * at ERROR and the message dropped.
     *
     * @return the bean name
     */
    String errorHandler() default "";

    /**
     * Whether the listener starts with the context: {@code "true"} or {@code "false"}; {@code ${...}}
     * placeholders are resolved. Default (empty): true. A listener not started is started through
     * {@link io.libipc.spring.listener.IpcListenerEndpointRegistry#getListenerContainer(String)}.
     *
     * @return "true", "false" or empty
     */
    String autoStartup() default "";
}
