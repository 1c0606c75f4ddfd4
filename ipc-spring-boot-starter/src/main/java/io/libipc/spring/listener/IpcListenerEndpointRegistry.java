package io.libipc.spring.listener;

import io.libipc.spring.core.IpcChannelBindings;
import io.libipc.spring.core.IpcOperations;
import io.libipc.spring.core.IpcReplier;
import io.libipc.spring.integration.inbound.IpcInboundChannelAdapter;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Holds every listener and starts and stops them with the context. Its phase is below the inbound
 * adapters' ({@link #PHASE} &lt; {@link IpcInboundChannelAdapter#DEFAULT_PHASE}): listeners subscribe
 * before the adapters start receiving, and unsubscribe only after they stopped, so no message finds
 * a listener missing.
 */
public class IpcListenerEndpointRegistry implements SmartLifecycle, DisposableBean {

    /** This registry's phase: before the inbound adapters', which it is derived from. */
    public static final int PHASE = IpcInboundChannelAdapter.DEFAULT_PHASE - 100;

    private final ObjectProvider<ObservationRegistry> observationRegistry;
    private final IpcListenerContainerFactory containerFactory;
    private final List<Consumer<IpcListenerContainer>> containerCallbacks = new ArrayList<>();
    private final DefaultMessageHandlerMethodFactory methodFactory = new DefaultMessageHandlerMethodFactory();
    private final Map<String, IpcListenerEndpoint> endpoints = new LinkedHashMap<>();
    private final Map<String, IpcListenerContainer> containers = new LinkedHashMap<>();
    private boolean running;
    private boolean observationEnabled = true;
    private IpcListenerSettings defaults = IpcListenerSettings.DEFAULTS;

    /**
     * Creates the registry, finding the replier and the template (for {@code @SendTo}) in the bean
     * factory when listeners start.
     *
     * @param beanFactory resolves error handler beans and {@code ${...}} in {@code @Header} defaults
     * @param adapters the inbound adapters, whose output channels listeners subscribe to
     * @param bindings the configured channels, for precise errors
     * @param payloadConverter converts payloads to listener parameter types
     * @param observationRegistry observes invocations; absent means no observation
     */
    public IpcListenerEndpointRegistry(ConfigurableBeanFactory beanFactory, ObjectProvider<IpcInboundChannelAdapter> adapters,
            IpcChannelBindings bindings, MessageConverter payloadConverter,
            ObjectProvider<ObservationRegistry> observationRegistry) {
        this(beanFactory, adapters, bindings, payloadConverter, observationRegistry,
                beanFactory.getBeanProvider(IpcReplier.class), beanFactory.getBeanProvider(IpcOperations.class));
    }

    /**
     * Creates the registry.
     *
     * @param beanFactory resolves error handler beans and {@code ${...}} in {@code @Header} defaults
     * @param adapters the inbound adapters, whose output channels listeners subscribe to
     * @param bindings the configured channels, for precise errors
     * @param payloadConverter converts payloads to listener parameter types
     * @param observationRegistry observes invocations; absent means no observation
     * @param replier sends listeners' return values to requesters; absent means no replies
     * @param template sends return values to {@code @SendTo} channels; absent means no {@code @SendTo}
     */
    public IpcListenerEndpointRegistry(ConfigurableBeanFactory beanFactory, ObjectProvider<IpcInboundChannelAdapter> adapters,
            IpcChannelBindings bindings, MessageConverter payloadConverter,
            ObjectProvider<ObservationRegistry> observationRegistry, ObjectProvider<IpcReplier> replier,
            ObjectProvider<IpcOperations> template) {
        this.observationRegistry = observationRegistry;
        methodFactory.setMessageConverter(payloadConverter);
        methodFactory.setBeanFactory(beanFactory);
        methodFactory.afterPropertiesSet();
        this.containerFactory = new IpcListenerContainerFactory(beanFactory, adapters, bindings, payloadConverter,
                methodFactory, replier, template);
    }

    /**
     * Adds a listener. When the registry is already running, the listener starts at once (if it
     * starts automatically).
     *
     * @param endpoint the listener
     * @throws IllegalStateException when a listener with the same id is registered
     */
    public synchronized void registerEndpoint(IpcListenerEndpoint endpoint) {
        if (endpoints.putIfAbsent(endpoint.id(), endpoint) != null) {
            throw new IllegalStateException("two @IpcListener methods have the id '" + endpoint.id() + "': "
                    + endpoints.get(endpoint.id()).describeMethod() + " and " + endpoint.describeMethod());
        }
        if (running) {
            IpcListenerContainer container = containerFor(endpoint);
            if (endpoint.autoStartup()) {
                container.start();
            }
        }
    }

    /**
     * The container of a listener.
     *
     * @param id the listener's id
     * @return the container, or null before the registry first started or for an unknown id
     */
    public synchronized IpcListenerContainer getListenerContainer(String id) {
        return containers.get(id);
    }

    /**
     * All containers.
     *
     * @return a snapshot
     */
    public synchronized Collection<IpcListenerContainer> getListenerContainers() {
        return Collections.unmodifiableList(new ArrayList<>(containers.values()));
    }

    /**
     * Whether listener invocations are observed ({@code ipc.observation.listener-enabled}); applies to
     * containers made after the call.
     *
     * @param observationEnabled false to observe none
     */
    public synchronized void setObservationEnabled(boolean observationEnabled) {
        this.observationEnabled = observationEnabled;
    }

    /**
     * The retry, dead-letter, hand-off and batch settings of listeners that do not say
     * ({@code ipc.listener.*}); applies to containers made after the call.
     *
     * @param defaults complete settings, e.g. {@link IpcListenerSettings#DEFAULTS} with some values changed
     */
    public synchronized void setDefaults(IpcListenerSettings defaults) {
        // Merged onto the built-in defaults, so that every value is there.
        this.defaults = Objects.requireNonNull(defaults, "defaults").orElse(IpcListenerSettings.DEFAULTS);
    }

    /**
     * Calls back for every container, those made already and those made later (the meters of
     * dropped messages are registered so).
     *
     * @param callback called once per container
     */
    public synchronized void forEachContainer(Consumer<IpcListenerContainer> callback) {
        containerCallbacks.add(callback);
        containers.values().forEach(callback);
    }

    /**
     * The ids of all registered listeners.
     *
     * @return a snapshot
     */
    public synchronized List<String> getListenerIds() {
        return List.copyOf(endpoints.keySet());
    }

    @Override
    public synchronized void start() {
        for (IpcListenerEndpoint endpoint : endpoints.values()) {
            IpcListenerContainer container = containerFor(endpoint);
            if (endpoint.autoStartup()) {
                container.start();
            }
        }
        running = true;
    }

    @Override
    public synchronized void stop() {
        containers.values().forEach(IpcListenerContainer::stop);
        running = false;
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /**
     * Ends every listener for good (its hand-off threads included): the context is closing.
     */
    @Override
    public synchronized void destroy() {
        containers.values().forEach(IpcListenerContainer::shutdown);
        running = false;
    }

    private IpcListenerContainer containerFor(IpcListenerEndpoint endpoint) {
        IpcListenerContainer container = containers.get(endpoint.id());
        if (container == null) {
            container = containerFactory.create(endpoint, defaults, observationEnabled
                    ? observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP) : ObservationRegistry.NOOP);
            containers.put(endpoint.id(), container);
            for (Consumer<IpcListenerContainer> callback : containerCallbacks) {
                callback.accept(container);
            }
        }
        return container;
    }
}
