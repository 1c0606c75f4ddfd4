package io.libipc.bench.stream;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

import java.util.function.Function;

/**
 * The Spring Cloud Stream application of the {@code libipc-stream} child JVMs: two functions, of
 * which {@code spring.cloud.function.definition} picks the role's; the libipc binder is found
 * through its {@code META-INF/spring.binders}, as in a user's application.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class StreamBenchApplication {

    /** Created by Spring. */
    public StreamBenchApplication() {
    }

    /**
     * The ponger: the bytes it gets go back as they are.
     *
     * @return the function
     */
    @Bean
    Function<byte[], byte[]> echo() {
        return payload -> payload;
    }

    /**
     * The pinger's pong function: records the round trip and returns the next ping (null, nothing
     * sent, once the count is reached).
     *
     * @param pinger the round trips
     * @return the function
     */
    @Bean
    Function<byte[], byte[]> pong(StreamPinger pinger) {
        return pinger::pong;
    }

    /** @return the round trips of a pinger role (idle in an echo role) */
    @Bean
    StreamPinger streamPinger() {
        return new StreamPinger();
    }
}
