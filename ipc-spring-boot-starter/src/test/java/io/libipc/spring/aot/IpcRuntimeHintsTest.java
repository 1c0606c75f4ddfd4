package io.libipc.spring.aot;

import io.libipc.spring.annotation.IpcListener;
import io.libipc.spring.autoconfigure.IpcChannelDefinitionsPostProcessor;
import io.libipc.spring.autoconfigure.IpcChannelProperties;
import io.libipc.spring.autoconfigure.IpcListenerProperties;
import io.libipc.spring.autoconfigure.IpcProperties;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeHint;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.annotation.ReflectiveRuntimeHintsRegistrar;
import org.springframework.beans.factory.aot.BeanRegistrationExcludeFilter;
import org.springframework.boot.context.properties.bind.BindableRuntimeHintsRegistrar;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Header;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.aot.hint.predicate.RuntimeHintsPredicates.reflection;
import static org.springframework.aot.hint.predicate.RuntimeHintsPredicates.resource;

/**
 * The native-image hints of the starter, checked with Spring's {@code RuntimeHintsPredicates}
 * (JNI hints, which have no predicates, through their type hints): JNA and the futex binding
 * ({@link IpcRuntimeHints}, listed in {@code aot.factories}), {@code @IpcListener} methods and
 * their JSON types (through {@code @Reflective}), and the properties classes (covered by Spring
 * Boot's own binding hints, which this checks rather than repeats).
 */
class IpcRuntimeHintsTest {

    private static final MemberCategory[] ALL = {MemberCategory.ACCESS_DECLARED_FIELDS,
            MemberCategory.INVOKE_DECLARED_CONSTRUCTORS, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS,
            MemberCategory.INVOKE_DECLARED_METHODS, MemberCategory.INVOKE_PUBLIC_METHODS};

    private final RuntimeHints hints = new RuntimeHints();

    @Test
    void theRegistrarsAreListedInAotFactories() {
        SpringFactoriesLoader aotFactories = SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories");
        assertThat(aotFactories.load(RuntimeHintsRegistrar.class)).hasAtLeastOneElementOfType(IpcRuntimeHints.class);
        assertThat(aotFactories.load(BeanRegistrationExcludeFilter.class))
                .hasAtLeastOneElementOfType(IpcChannelDefinitionsPostProcessor.AotExclusion.class);
    }

    @Test
    void jnaGetsJniAndReflectionOnTheClassesItReachesAndItsDispatchLibraryAsResource() throws Exception {
        new IpcRuntimeHints().registerHints(hints, getClass().getClassLoader());
        for (String type : IpcRuntimeHints.JNA_JNI_TYPES) {
            // Every name is a class of the JNA on the class path.
            Class.forName(type, false, getClass().getClassLoader());
            TypeHint jni = hints.jni().getTypeHint(TypeReference.of(type));
            assertThat(jni).as("JNI hint on %s", type).isNotNull();
            assertThat(jni.getMemberCategories()).as(type).contains(ALL);
        }
        for (String type : IpcRuntimeHints.JNA_REFLECTION_TYPES) {
            assertThat(reflection().onType(Class.forName(type, false, getClass().getClassLoader()))
                    .withMemberCategories(ALL)).accepts(hints);
        }
        assertThat(reflection().onMethodInvocation(com.sun.jna.Native.class, "getDirectBufferPointer")).accepts(hints);
        for (String library : IpcRuntimeHints.JNA_DISPATCH_LIBRARIES) {
            assertThat(getClass().getClassLoader().getResource(library)).as("in the JNA jar: %s", library).isNotNull();
            assertThat(resource().forResource(library)).accepts(hints);
        }
        assertThat(resource().forResource("com/sun/jna/win32-x86-64/jnidispatch.dll")).rejects(hints);
    }

    @Test
    void theFutexBindingGetsReflectionAndJniOnItsNativeMethod() throws Exception {
        new IpcRuntimeHints().registerHints(hints, getClass().getClassLoader());
        // Not initialised: its static initialiser would load JNA.
        Class<?> futex = Class.forName(IpcRuntimeHints.FUTEX, false, getClass().getClassLoader());
        assertThat(futex.getDeclaredMethod("syscall", long.class, long.class, long.class, long.class, long.class,
                long.class, long.class)).isNotNull();
        assertThat(reflection().onMethodInvocation(futex, "syscall")).accepts(hints);
        assertThat(hints.jni().getTypeHint(futex).getMemberCategories()).contains(MemberCategory.INVOKE_DECLARED_METHODS);
    }

    @Test
    void listenerMethodsAndTheirJsonTypesAreRegisteredThroughReflective() {
        new ReflectiveRuntimeHintsRegistrar().registerRuntimeHints(hints, Listeners.class);
        assertThat(reflection().onMethodInvocation(Listeners.class, "onOrder")).accepts(hints);
        assertThat(reflection().onMethodInvocation(Listeners.class, "onMessage")).accepts(hints);
        assertThat(reflection().onMethodInvocation(Listeners.class, "onTicks")).accepts(hints);
        assertThat(reflection().onMethodInvocation(Listeners.class, "notAListener")).rejects(hints);
        // Payloads converted from JSON, Message<T>'s T, a batch's List<T>'s T, and the reply:
        // constructors and accessors for Jackson.
        for (Class<?> json : List.of(Order.class, Confirmation.class, Reply.class, Tick.class)) {
            assertThat(reflection().onType(json).withMemberCategories(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS))
                    .as("binding hints on %s", json.getSimpleName()).accepts(hints);
        }
        assertThat(reflection().onMethodInvocation(Order.class, "id")).accepts(hints);
        // A header is not a payload.
        assertThat(reflection().onType(HeaderValue.class)).rejects(hints);
    }

    @Test
    void thePropertiesClassesAreCoveredBySpringBootsBindingHints() {
        // What Boot's AOT processing registers for IpcProperties, the @ConfigurationProperties
        // IpcAutoConfiguration enables; IpcChannelBeanRegistrar binds the Channel map values too.
        BindableRuntimeHintsRegistrar.forTypes(IpcProperties.class).registerHints(hints);
        assertThat(reflection().onType(IpcProperties.class)).accepts(hints);
        assertThat(reflection().onMethodInvocation(IpcProperties.class, "setNamePrefix")).accepts(hints);
        assertThat(reflection().onMethodInvocation(IpcChannelProperties.class, "setMode")).accepts(hints);
        assertThat(reflection().onMethodInvocation(IpcChannelProperties.class, "setPayloadFormat")).accepts(hints);
        assertThat(reflection().onMethodInvocation(IpcProperties.Health.class, "setRequireReceivers")).accepts(hints);
        assertThat(reflection().onMethodInvocation(IpcListenerProperties.class, "setQueueFullPolicy")).accepts(hints);
        assertThat(reflection().onMethodInvocation(IpcListenerProperties.Retry.class, "setMaxAttempts")).accepts(hints);
        assertThat(reflection().onMethodInvocation(IpcListenerProperties.Batch.class, "setMaxWait")).accepts(hints);
    }

    record Order(String id, int quantity) {
    }

    record Confirmation(String id) {
    }

    record Reply(boolean accepted) {
    }

    record HeaderValue(String value) {
    }

    record Tick(String symbol, double price) {
    }

    static class Listeners {
        final List<Object> received = new ArrayList<>();

        @IpcListener(channel = "orders")
        Reply onOrder(Order order, @Header("custom") HeaderValue header) {
            received.add(order);
            return new Reply(true);
        }

        @IpcListener(channel = "confirmations")
        void onMessage(Message<Confirmation> message) {
            received.add(message);
        }

        @IpcListener(channel = "ticks", batch = "true")
        void onTicks(List<Tick> ticks) {
            received.addAll(ticks);
        }

        void notAListener(String text) {
            received.add(text);
        }
    }
}
