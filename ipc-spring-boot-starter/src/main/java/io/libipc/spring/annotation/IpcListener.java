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
 * the channel's receive thread: a slow listener slows the others on that channel, unless it has
 * {@link #concurrency()} (or an {@link #executor()}): then its messages are handed to threads of its
 * own through a bounded queue. A listener that throws is retried as {@link #retry()} says; after the
 * last attempt the message goes to the {@link #deadLetterChannel()}, else to the error handler,
 * else to the log, and the next message still arrives. With {@link #batch()} the method takes a
 * {@code List} of the messages available at once.
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

    /**
     * How a message the method throws on is retried; each empty attribute comes from
     * {@code ipc.listener.retry.*} (by default one attempt: no retry).
     *
     * @return the retry settings
     */
    IpcRetry retry() default @IpcRetry;

    /**
     * A libipc channel (a sending one of this application, with {@code payload-format:
     * embedded-headers}) that messages go to after their last failed attempt, with their headers
     * and the exception's class and message ({@code ipc_dlt*} headers). {@code ${...}} placeholders
     * are resolved. Default: {@code ipc.listener.dead-letter-channel}, else none. Not together with
     * {@link #errorHandler()}.
     *
     * @return the channel name, or empty
     */
    String deadLetterChannel() default "";

    /**
     * Threads of the listener's own that take its messages from a bounded queue, so that a slow
     * listener delays no other listener of the channel: {@code "1"} keeps the channel's order,
     * more share the queue and finish in any order; {@code "0"} runs on the channel's receive thread.
     * {@code ${...}} placeholders are resolved. Default: {@code ipc.listener.concurrency} (0), or 1
     * with an {@link #executor()} or {@link #batch()}.
     *
     * @return the number of threads, or empty
     */
    String concurrency() default "";

    /**
     * The bean name of a {@code TaskExecutor} that runs the listener's workers: a worker is a task
     * that runs while the listener's queue holds messages and ends when it is empty, so an idle
     * listener keeps none of the executor's threads busy. {@code ${...}} placeholders are resolved.
     * Default: a pool of the listener's own, threads {@code ipc-listener-<id>-<n>}.
     *
     * @return the bean name, or empty
     */
    String executor() default "";

    /**
     * How many messages the hand-off queue holds. {@code ${...}} placeholders are resolved.
     * Default: {@code ipc.listener.queue-capacity} (1000).
     *
     * @return the capacity, or empty
     */
    String queueCapacity() default "";

    /**
     * What a full hand-off queue does with the next message: {@code "block"} the channel's receive
     * thread until there is room (the ring absorbs the burst) or {@code "drop"} it and count it.
     * {@code ${...}} placeholders are resolved. Default: {@code ipc.listener.queue-full-policy} (block).
     *
     * @return block, drop, or empty
     */
    String queueFullPolicy() default "";

    /**
     * Whether the method takes a batch: {@code "true"} for a method with one {@code List} parameter
     * (of payloads, e.g. {@code List<Tick>}, or of {@code Message<?>}) returning nothing. A batch is
     * what the listener's queue holds when its thread is free, up to {@link #batchMaxSize()},
     * waiting up to {@link #batchMaxWait()} for more. A batch listener always hands off.
     * {@code ${...}} placeholders are resolved. Default: false.
     *
     * @return "true", "false" or empty
     */
    String batch() default "";

    /**
     * The most messages in one batch. {@code ${...}} placeholders are resolved. Default:
     * {@code ipc.listener.batch.max-size} (100).
     *
     * @return the size, or empty
     */
    String batchMaxSize() default "";

    /**
     * How long a batch waits for more messages after its first, e.g. {@code "20ms"}; {@code "0"}
     * delivers what is there at once. {@code ${...}} placeholders are resolved. Default:
     * {@code ipc.listener.batch.max-wait} (0).
     *
     * @return a duration, or empty
     */
    String batchMaxWait() default "";
}
