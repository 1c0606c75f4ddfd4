package io.libipc.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How an {@link IpcListener} retries a message its method threw on, with Spring's
 * {@code RetryTemplate}: up to {@link #maxAttempts()} attempts, waiting {@link #initialInterval()}
 * before the first retry and {@link #multiplier()} times longer before each next one, never more
 * than {@link #maxInterval()}. Each attribute left empty comes from {@code ipc.listener.retry.*};
 * all take {@code ${...}} placeholders.
 *
 * <p>The waits are spent on the thread that calls the listener: the channel's receive thread,
 * holding up the channel's other listeners (and, once the ring fills, getting this receiver
 * evicted), unless the listener has {@link IpcListener#concurrency()}. Keep the sum of the waits
 * small there, and below the requesters' reply timeout on a channel with requests.
 *
 * <pre>{@code
 * @IpcListener(channel = "orders", retry = @IpcRetry(maxAttempts = "4", initialInterval = "50ms"))
 * }</pre>
 */
@Target({})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface IpcRetry {

    /**
     * Attempts per message, the first included: {@code "1"} means no retry. Default:
     * {@code ipc.listener.retry.max-attempts} (1).
     *
     * @return the number, or empty
     */
    String maxAttempts() default "";

    /**
     * The wait before the first retry, e.g. {@code "100ms"}. Default:
     * {@code ipc.listener.retry.initial-interval} (100ms).
     *
     * @return a duration, or empty
     */
    String initialInterval() default "";

    /**
     * How much each wait grows over the one before, 1 or more. Default:
     * {@code ipc.listener.retry.multiplier} (2).
     *
     * @return the multiplier, or empty
     */
    String multiplier() default "";

    /**
     * The longest wait between two attempts, at least the initial interval. Default:
     * {@code ipc.listener.retry.max-interval} (1s).
     *
     * @return a duration, or empty
     */
    String maxInterval() default "";
}
