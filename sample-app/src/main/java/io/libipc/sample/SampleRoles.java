package io.libipc.sample;

import io.libipc.sample.consumer.TickConsumer;
import io.libipc.sample.producer.ReportBoard;
import io.libipc.sample.producer.StorageJanitor;
import io.libipc.sample.producer.TickProducer;
import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.core.env.Environment;

/**
 * Registers the beans of the role the process plays: the profile {@code consumer}, or
 * {@code producer} (the default profile).
 *
 * <p>A {@link BeanRegistrar} rather than {@code @Profile} on the beans: an AOT-processed application
 * keeps the beans of the profiles active at build time, so both roles could not run from one
 * AOT-processed jar, while a registrar runs when the application starts, with the run-time
 * profiles (the role's {@code application-<role>.yml} is read at run time in both cases).
 */
public final class SampleRoles implements BeanRegistrar {

    /** The profile of the consumer role. */
    public static final String CONSUMER = "consumer";

    /** The profile of the producer role, the default. */
    public static final String PRODUCER = "producer";

    /** Instantiated by Spring through {@code @Import}, and by the AOT-generated initializer. */
    public SampleRoles() {
    }

    @Override
    public void register(BeanRegistry registry, Environment env) {
        if (env.matchesProfiles(CONSUMER)) {
            registry.registerBean("tickConsumer", TickConsumer.class);
        }
        if (env.matchesProfiles(PRODUCER)) {
            registry.registerBean("reportBoard", ReportBoard.class);
            registry.registerBean("storageJanitor", StorageJanitor.class);
            registry.registerBean("tickProducer", TickProducer.class);
        }
    }
}
