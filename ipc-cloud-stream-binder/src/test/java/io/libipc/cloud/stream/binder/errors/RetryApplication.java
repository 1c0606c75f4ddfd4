package io.libipc.cloud.stream.binder.errors;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.IntegrationMessageHeaderAccessor;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.ErrorMessage;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * An application whose consumer fails on purpose: {@code fail} always, {@code flaky} on its first
 * two attempts. It records every attempt with its {@code deliveryAttempt}, and every error message
 * its binding's error handler ({@code error-handler-definition}) gets.
 */
@EnableAutoConfiguration
public class RetryApplication {

    /** Attempts as {@code <payload>#<deliveryAttempt>}, in the order they were made. */
    final List<String> attempts = new CopyOnWriteArrayList<>();

    /** What the binding's error handler got. */
    final List<ErrorMessage> errors = new CopyOnWriteArrayList<>();

    /** Read by Spring. */
    public RetryApplication() {
    }

    /** @return the consumer under test */
    @Bean
    Consumer<Message<String>> work() {
        return message -> {
            Object attempt = new IntegrationMessageHeaderAccessor(message).getDeliveryAttempt();
            attempts.add(message.getPayload() + "#" + attempt);
            int n = Integer.parseInt(String.valueOf(attempt));
            if (message.getPayload().equals("fail") || (message.getPayload().equals("flaky") && n < 3)) {
                throw new IllegalStateException("failing on purpose: " + message.getPayload() + " attempt " + n);
            }
        };
    }

    /** @return the binding's error handler */
    @Bean
    Consumer<ErrorMessage> workErrors() {
        return errors::add;
    }
}
