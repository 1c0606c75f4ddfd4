package io.libipc.cloud.stream.binder.errors;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.cloud.stream.binder.support.BinderStorage;
import io.libipc.support.NoLeftoverStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.SubscribableChannel;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retries and the error channel of a consumer binding on the libipc binder behave as in other
 * binders: a failing message is attempted {@code max-attempts} times, its {@code deliveryAttempt}
 * header counting; one that fails every time goes to the binding's error handler and to the
 * application's {@code errorChannel} as an error message carrying the failed message and the
 * exception; one that succeeds on a later attempt goes nowhere else; and the messages after them
 * are delivered. The messages come from a core handle on real shared memory.
 */
@ExtendWith(NoLeftoverStorage.class)
class RetryAndErrorChannelTest {

    private final BinderStorage storage = BinderStorage.fresh("retry");

    @AfterEach
    void clear() {
        storage.clear();
    }

    @Test
    void aFailingMessageIsRetriedThenGoesToTheErrorChannelAndTheNextOneArrives() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(RetryApplication.class)
                .web(WebApplicationType.NONE).run("--ipc.name-prefix=" + storage.prefix(),
                        "--spring.cloud.stream.default-binder=libipc",
                        "--spring.cloud.function.definition=work",
                        "--spring.cloud.stream.bindings.work-in-0.destination=work",
                        "--spring.cloud.stream.bindings.work-in-0.group=workers",
                        "--spring.cloud.stream.bindings.work-in-0.error-handler-definition=workErrors",
                        "--spring.cloud.stream.bindings.work-in-0.content-type=text/plain",
                        "--spring.cloud.stream.bindings.work-in-0.consumer.max-attempts=3",
                        "--spring.cloud.stream.bindings.work-in-0.consumer.back-off-initial-interval=10",
                        "--spring.cloud.stream.bindings.work-in-0.consumer.back-off-max-interval=20",
                        "--spring.cloud.stream.libipc.bindings.work-in-0.consumer.payload-format=raw");
             IpcChannel sender = new IpcChannel(ChannelType.CHANNEL, "work", storage.options(), ConnMode.SENDER)) {
            RetryApplication app = context.getBean(RetryApplication.class);
            List<Message<?>> global = new CopyOnWriteArrayList<>();
            context.getBean("errorChannel", SubscribableChannel.class).subscribe(global::add);

            assertThat(sender.waitForReceivers(1, 30_000)).isTrue();
            for (String payload : List.of("first", "fail", "flaky", "last")) {
                sender.send(payload.getBytes(StandardCharsets.UTF_8));
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> app.attempts.contains("last#1"));
            assertThat(app.attempts).containsExactly("first#1", "fail#1", "fail#2", "fail#3",
                    "flaky#1", "flaky#2", "flaky#3", "last#1");
            await().atMost(Duration.ofSeconds(60)).until(() -> !app.errors.isEmpty() && !global.isEmpty());
            assertThat(app.errors).singleElement().satisfies(error -> {
                assertThat(error.getPayload()).isInstanceOf(MessagingException.class)
                        .hasRootCauseMessage("failing on purpose: fail attempt 3");
                Message<?> failed = ((MessagingException) error.getPayload()).getFailedMessage();
                assertThat(failed).isNotNull();
                assertThat(new String((byte[]) failed.getPayload(), StandardCharsets.UTF_8)).isEqualTo("fail");
            });
            assertThat(global).singleElement().isSameAs(app.errors.get(0));
        }
    }
}
