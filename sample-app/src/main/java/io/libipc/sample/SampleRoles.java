package io.libipc.sample;

import io.libipc.sample.consumer.TickConsumer;
import io.libipc.sample.producer.ReportBoard;
import io.libipc.sample.producer.StorageJanitor;
import io.libipc.sample.producer.TickProducer;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.annotation.ReflectiveRuntimeHintsRegistrar;
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
 *
 * <p>For a native image, the build sees only the beans of its own profile; {@link Hints} (imported
 * by {@link SampleApplication}) registers what every role's beans need, whichever role the build
 * saw.
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

    /**
     * Native-image hints for the beans of both roles: their constructors (a registered bean class
     * is instantiated by reflection), their methods (listeners, event listeners, destroy
     * methods), and what {@code @IpcListener} registers for its methods' JSON payloads.
     */
    public static final class Hints implements RuntimeHintsRegistrar {

        /** The beans of both roles. */
        static final Class<?>[] ROLE_BEANS = {TickConsumer.class, ReportBoard.class, StorageJanitor.class,
                TickProducer.class};

        /** Instantiated by Spring's AOT processing, named by {@code @ImportRuntimeHints}. */
        public Hints() {
        }

        @Override
        public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
            for (Class<?> bean : ROLE_BEANS) {
                hints.reflection().registerType(bean, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS,
                        MemberCategory.INVOKE_DECLARED_CONSTRUCTORS, MemberCategory.INVOKE_PUBLIC_METHODS,
                        MemberCategory.INVOKE_DECLARED_METHODS);
            }
            new ReflectiveRuntimeHintsRegistrar().registerRuntimeHints(hints, ROLE_BEANS);
        }
    }
}
