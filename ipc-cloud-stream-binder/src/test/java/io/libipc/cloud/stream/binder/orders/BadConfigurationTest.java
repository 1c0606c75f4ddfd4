package io.libipc.cloud.stream.binder.orders;

import io.libipc.cloud.stream.binder.support.BinderStorage;
import io.libipc.support.NoLeftoverStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Configuration that the libipc binder cannot honour fails start-up, and the failure names the
 * property, its value and what is wrong with it, rather than a binding being retried in the
 * background while the application runs without it.
 */
@ExtendWith(NoLeftoverStorage.class)
class BadConfigurationTest {

    private final BinderStorage storage = BinderStorage.fresh("badconfig");

    @AfterEach
    void clear() {
        storage.clear();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            spring.cloud.stream.libipc.bindings.ledger-in-0.consumer.channel-type   | queue      | spring.cloud.stream.libipc.bindings.ledger-in-0.consumer.channel-type | for value [queue]
            spring.cloud.stream.libipc.bindings.orders-out-0.producer.capacity      | 2GB        | spring.cloud.stream.libipc.bindings.orders-out-0.producer | capacity must be between 4096 and 1073741824 bytes: capacity=2147483648
            spring.cloud.stream.libipc.bindings.ledger-in-0.consumer.capacity       | 1KB        | spring.cloud.stream.libipc.bindings.ledger-in-0.consumer | capacity must be between 4096 and 1073741824 bytes: capacity=1024
            spring.cloud.stream.libipc.default.consumer.receive-timeout             | 0ms        | spring.cloud.stream.libipc.default.consumer | receive-timeout must be at least 1ms
            spring.cloud.stream.libipc.bindings.orders-out-0.producer.receiver-wait | -1s        | spring.cloud.stream.libipc.bindings.orders-out-0.producer | receiver-wait must be zero or positive
            spring.cloud.stream.bindings.orders-out-0.producer.required-groups      | audit      | spring.cloud.stream.bindings.orders-out-0.producer.required-groups=[audit] | keeps nothing for consumers that are not connected
            spring.cloud.stream.bindings.ledger-in-0.group                          | shop floor | spring.cloud.stream.bindings.ledger-in-0.group=shop floor | cannot be a libipc group
            spring.cloud.stream.bindings.ledger-in-0.destination                    | ..invoices | spring.cloud.stream.bindings.ledger-in-0.destination | is not a valid channel name
            """)
    void startUpFailsNamingTheProperty(String key, String value, String names, String says) {
        assertThatThrownBy(() -> OrderApplication.start("--spring.config.additional-location=classpath:stream/orders-libipc.yml",
                "--spring.cloud.function.definition=orders;ledger", "--ipc.name-prefix=" + storage.prefix(),
                "--" + key + "=" + value).close())
                .hasStackTraceContaining(names).hasStackTraceContaining(says);
    }
}
