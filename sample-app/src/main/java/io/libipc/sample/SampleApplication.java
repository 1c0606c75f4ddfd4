package io.libipc.sample;

import io.libipc.sample.producer.TickProducer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportRuntimeHints;

/**
 * The sample: two Spring Boot processes talking through shared memory with libipc.
 * <ul>
 *   <li>{@code java -jar ipc-sample-app.jar}: the producer (profile {@code producer}, the default);
 *       it starts a consumer in a second JVM, streams price ticks to it, prints progress and a
 *       summary, and both exit;</li>
 *   <li>{@code java -jar ipc-sample-app.jar --spring.profiles.active=consumer}: one more consumer,
 *       which joins the broadcast of a running producer;</li>
 *   <li>{@code java -jar ipc-sample-app.jar health-check [url]}: a health check for containers.</li>
 * </ul>
 * The options are {@code demo.*} ({@link DemoProperties}) and the starter's {@code ipc.*}; the role's
 * beans are registered by {@link SampleRoles}. The jar is also AOT-processed: it runs the same with
 * {@code -Dspring.aot.enabled=true}.
 */
@SpringBootApplication
@EnableConfigurationProperties(DemoProperties.class)
@Import(SampleRoles.class)
@ImportRuntimeHints(SampleRoles.Hints.class)
public class SampleApplication {

    /**
     * Runs the sample.
     *
     * @param args Spring Boot arguments, or {@code health-check [url]}
     */
    public static void main(String[] args) {
        if (args.length > 0 && HealthCheck.COMMAND.equals(args[0])) {
            System.exit(HealthCheck.run(args));
        }
        ConfigurableApplicationContext context = SpringApplication.run(SampleApplication.class, args);
        // The producer runs the demo once the application is ready, then exits with its verdict;
        // a consumer runs until the producer tells it to leave.
        context.getBeanProvider(TickProducer.class).ifAvailable(producer -> {
            producer.runDemo();
            // Stopped from outside (SIGTERM), the JVM is already shutting down and closing the context.
            if (!producer.isStoppedFromOutside()) {
                System.exit(SpringApplication.exit(context, producer));
            }
        });
    }
}
