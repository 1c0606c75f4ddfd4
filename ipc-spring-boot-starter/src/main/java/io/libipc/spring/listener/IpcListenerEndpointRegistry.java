package io.libipc.spring.listener;

import io.libipc.spring.core.IpcChannelBinding;
import io.libipc.spring.core.IpcChannelBindings;
import io.libipc.spring.core.IpcOperations;
import io.libipc.spring.core.IpcReplier;
import io.libipc.spring.integration.inbound.IpcInboundChannelAdapter;
import io.libipc.spring.observation.IpcReceiverObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.SubscribableChannel;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Holds every listener and starts and stops them with the context. Its phase is below the inbound
 * adapters' ({@link #PHASE} &lt; {@link IpcInboundChannelAdapter#DEFAULT_PHASE}): listeners subscribe
 * before the adapters start receiving, and unsubscribe only after they stopped, so no message finds
 * a listener missing.
 */
public class IpcListenerEndpointRegistry implements SmartLifecycle {

    /** This registry's phase: before the inbound adapters', which it is derived from. */
    public static final int PHASE = IpcInboundChannelAdapter.DEFAULT_PHASE - 100;

    private final ConfigurableBeanFactory beanFactory;
    private final ObjectProvider<IpcInboundChannelAdapter> adapters;
    private final IpcChannelBindings bindings;
    private final ObjectProvider<ObservationRegistry> observationRegistry;
    private final ObjectProvider<IpcReplier> replier;
    private final ObjectProvider<IpcOperations> template;
    private final List<Consumer<IpcListenerContainer>> containerCallbacks = new ArrayList<>();
    private final DefaultMessageHandlerMethodFactory methodFactory = new DefaultMessageHandlerMethodFactory();
    private final Map<String, IpcListenerEndpoint> endpoints = new LinkedHashMap<>();
    private final Map<String, IpcListenerContainer> containers = new LinkedHashMap<>();
    private boolean running;
    private boolean observationEnabled = true;

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
        this.beanFactory = beanFactory;
        this.adapters = adapters;
        this.bindings = bindings;
        this.observationRegistry = observationRegistry;
        this.replier = replier;
        this.template = template;
        methodFactory.setMessageConverter(payloadConverter);
        methodFactory.setBeanFactory(beanFactory);
        methodFactory.afterPropertiesSet();
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

    private IpcListenerContainer containerFor(IpcListenerEndpoint endpoint) {
        IpcListenerContainer container = containers.get(endpoint.id());
        if (container == null) {
            container = createContainer(endpoint);
            containers.put(endpoint.id(), container);
            for (Consumer<IpcListenerContainer> callback : containerCallbacks) {
                callback.accept(container);
            }
        }
        return container;
    }

    private IpcListenerContainer createContainer(IpcListenerEndpoint endpoint) {
        InvocableHandlerMethod method = methodFactory.createInvocableHandlerMethod(endpoint.bean(), endpoint.method());
        IpcListenerErrorHandler errorHandler = null;
        if (endpoint.errorHandlerBeanName() != null) {
            if (!beanFactory.containsBean(endpoint.errorHandlerBeanName())) {
                throw new IllegalStateException("@IpcListener '" + endpoint.id() + "' (" + endpoint.describeMethod()
                        + ") names the error handler '" + endpoint.errorHandlerBeanName() + "', but there is no such bean");
            }
            errorHandler = beanFactory.getBean(endpoint.errorHandlerBeanName(), IpcListenerErrorHandler.class);
        }
        return new IpcListenerContainer(endpoint, method, sourceFor(endpoint), errorHandler,
                observationEnabled ? observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP) : ObservationRegistry.NOOP,
                beanFactory.getBeanProvider(IpcReceiverObservationConvention.class).getIfAvailable(),
                results(endpoint, method));
    }

    private IpcListenerResults results(IpcListenerEndpoint endpoint, InvocableHandlerMethod method) {
        SendTo sendTo = AnnotatedElementUtils.findMergedAnnotation(endpoint.method(), SendTo.class);
        String target = null;
        IpcOperations operations = null;
        if (sendTo != null) {
            String where = "@SendTo on @IpcListener '" + endpoint.id() + "' (" + endpoint.describeMethod() + ")";
            if (sendTo.value().length != 1 || sendTo.value()[0].isBlank()) {
                throw new IllegalStateException(where + " must name one libipc channel: value="
                        + Arrays.toString(sendTo.value()));
            }
            target = beanFactory.resolveEmbeddedValue(sendTo.value()[0]);
            if (!bindings.contains(target) || !bindings.get(target).settings().sends()) {
                throw new IllegalStateException(where + " names channel '" + target + "', which is not a sending"
                        + " channel of this application: declare it under ipc.channels." + target
                        + " with mode sender or both");
            }
            operations = template.getIfAvailable();
            if (operations == null) {
                throw new IllegalStateException(where + " needs an IpcOperations bean (the IpcTemplate)");
            }
        }
        return new IpcListenerResults(endpoint, replier.getIfAvailable(), operations, target, method.isVoid());
    }

    private SubscribableChannel sourceFor(IpcListenerEndpoint endpoint) {
        String where = "@IpcListener '" + endpoint.id() + "' (" + endpoint.describeMethod() + ")";
        if (!bindings.contains(endpoint.channel())) {
            throw new IllegalStateException(where + ": no libipc channel named '" + endpoint.channel()
                    + "' is configured; configured: " + bindings.all().stream().map(IpcChannelBinding::name).toList()
                    + " (declare it under ipc.channels." + endpoint.channel() + " with mode receiver or both)");
        }
        IpcChannelBinding binding = bindings.get(endpoint.channel());
        if (!binding.settings().receives()) {
            throw new IllegalStateException(where + ": channel '" + endpoint.channel() + "' does not receive (modes="
                    + binding.settings().modes() + "); set ipc.channels." + endpoint.channel() + ".mode to receiver or both");
        }
        for (IpcInboundChannelAdapter adapter : adapters) {
            if (adapter.getBinding() == binding) {
                MessageChannel output = adapter.getOutputChannel();
                if (output instanceof SubscribableChannel subscribable) {
                    return subscribable;
                }
                throw new IllegalStateException(where + ": the inbound channel of '" + endpoint.channel()
                        + "' is not subscribable: " + output);
            }
        }
        throw new IllegalStateException(where + ": no inbound adapter receives channel '" + endpoint.channel() + "'");
    }
}
