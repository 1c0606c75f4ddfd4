package io.libipc.cloud.stream.binder;

import io.libipc.cloud.stream.binder.properties.IpcConsumerProperties;
import io.libipc.cloud.stream.binder.properties.IpcExtendedBindingProperties;
import io.libipc.cloud.stream.binder.properties.IpcProducerProperties;
import io.libipc.cloud.stream.binder.provisioning.IpcProvisioner;
import io.libipc.spring.autoconfigure.IpcProperties;
import io.libipc.spring.core.IpcChannelBinding;
import io.libipc.spring.integration.outbound.IpcMessageHandler;
import io.libipc.spring.support.IpcEmbeddedHeaders;
import io.libipc.spring.support.IpcPayloadConverter;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.cloud.stream.binder.AbstractMessageChannelBinder;
import org.springframework.cloud.stream.binder.BinderSpecificPropertiesProvider;
import org.springframework.cloud.stream.binder.ExtendedConsumerProperties;
import org.springframework.cloud.stream.binder.ExtendedProducerProperties;
import org.springframework.cloud.stream.binder.ExtendedPropertiesBinder;
import org.springframework.cloud.stream.config.BindingServiceProperties;
import org.springframework.cloud.stream.provisioning.ConsumerDestination;
import org.springframework.cloud.stream.provisioning.ProducerDestination;
import org.springframework.integration.IntegrationMessageHeaderAccessor;
import org.springframework.integration.context.IntegrationObjectSupport;
import org.springframework.integration.core.MessageProducer;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.util.StringUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Spring Cloud Stream binder of type {@code libipc}: a destination is a libipc channel on this
 * host, and the endpoints are the starter's own ({@link io.libipc.spring.integration.inbound.IpcInboundChannelAdapter}
 * for consumers, {@link IpcMessageHandler} for producers, over {@link IpcChannelBinding}s).
 *
 * <p>Semantics:
 * <ul>
 *   <li>A consumer receives every message sent to its destination after it connected (libipc
 *       broadcasts and keeps nothing): anonymous consumers all get every message, in the order of
 *       the channel. A group has at most one member on the host at a time ({@link IpcGroupMembership});
 *       a second member is refused, naming the property.</li>
 *   <li>{@code contentType} and the other headers travel with the payload
 *       ({@code payload-format: embedded-headers}, the default).</li>
 *   <li>Consumer retries ({@code max-attempts}, back-off) and the error channel
 *       {@code <destination>.<group>.errors} work as in other binders; there is no dead-letter
 *       destination.</li>
 *   <li>A partitioned producer sends partition {@code n} to the channel {@code <destination>-<n>}; a
 *       partitioned consumer receives from {@code <destination>-<instanceIndex>}.</li>
 *   <li>One receive thread per consumer binding: {@code concurrency} above 1 is not honoured (a
 *       warning says so), as a libipc handle has one receiving thread and order is kept.</li>
 * </ul>
 * Polled consumers are not supported.
 */
public class IpcMessageChannelBinder
        extends AbstractMessageChannelBinder<ExtendedConsumerProperties<IpcConsumerProperties>,
                ExtendedProducerProperties<IpcProducerProperties>, IpcProvisioner>
        implements ExtendedPropertiesBinder<MessageChannel, IpcConsumerProperties, IpcProducerProperties> {

    private final IpcDestinationChannels channels;
    private final IpcGroupMembership groups;
    private final IpcBindingChecks checks;
    private final IpcExtendedBindingProperties extendedBindingProperties;
    /** What each binding opened, by its destination object (one per binding), closed when it unbinds. */
    private final Map<Object, List<AutoCloseable>> opened = new ConcurrentHashMap<>();

    /**
     * A binder.
     *
     * @param provisioner names channels
     * @param ipcProperties {@code ipc.*}: where channels live and how processes wait
     * @param extendedBindingProperties {@code spring.cloud.stream.libipc.*}
     * @param payloadConverter turns payloads that are not bytes yet into bytes (with native encoding)
     */
    public IpcMessageChannelBinder(IpcProvisioner provisioner, IpcProperties ipcProperties,
            IpcExtendedBindingProperties extendedBindingProperties, IpcPayloadConverter payloadConverter) {
        // No headers for Spring Cloud Stream to embed: the payload format does it. The delivery
        // attempt is the receiving binding's count; forwarded by a function it would mislead.
        super(new String[0], provisioner);
        this.channels = new IpcDestinationChannels(ipcProperties, payloadConverter,
                IpcEmbeddedHeaders.mapper(IntegrationMessageHeaderAccessor.DELIVERY_ATTEMPT));
        this.groups = new IpcGroupMembership(channels);
        this.checks = new IpcBindingChecks(groups);
        this.extendedBindingProperties = extendedBindingProperties;
    }

    @Override
    protected MessageHandler createProducerMessageHandler(ProducerDestination destination,
            ExtendedProducerProperties<IpcProducerProperties> properties, MessageChannel errorChannel) {
        IpcProducerProperties libipc = properties.getExtension();
        List<String> names = new ArrayList<>();
        if (properties.isPartitioned()) {
            for (int n = 0; n < properties.getPartitionCount(); n++) {
                names.add(destination.getNameForPartition(n));
            }
        } else {
            names.add(destination.getName());
        }
        List<AutoCloseable> resources = new ArrayList<>();
        List<IpcMessageHandler> handlers = new ArrayList<>();
        try {
            for (String name : names) {
                IpcChannelBinding binding = channels.openSender(name, libipc);
                resources.add(binding);
                IpcMessageHandler handler = new IpcMessageHandler(binding);
                initialize(handler);
                handlers.add(handler);
            }
        } catch (RuntimeException e) {
            closeAll(resources);
            throw e;
        }
        opened.put(destination, resources);
        return new IpcProducerMessageHandler(destination.getName(), handlers, libipc.getReceiverWait());
    }

    @Override
    protected void afterUnbindProducer(ProducerDestination destination,
            ExtendedProducerProperties<IpcProducerProperties> properties) {
        closeAll(opened.remove(destination));
    }

    @Override
    protected MessageProducer createConsumerEndpoint(ConsumerDestination destination, String group,
            ExtendedConsumerProperties<IpcConsumerProperties> properties) {
        if (properties.getConcurrency() > 1) {
            logger.warn(IpcProvisioner.key(properties.getBindingName(), "consumer.concurrency") + "="
                    + properties.getConcurrency() + " is not honoured by the libipc binder: a libipc channel has one"
                    + " receiving thread per consumer, and messages arrive in order on it; hand long work to an"
                    + " executor, or partition the destination");
        }
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            if (StringUtils.hasText(group)) {
                resources.add(groups.join(properties.getBindingName(), destination.getName(), group));
            }
            IpcChannelBinding binding = channels.openReceiver(destination.getName(), properties.getExtension());
            resources.add(binding);
            ErrorInfrastructure errors = registerErrorInfrastructure(destination, group, properties);
            IpcRetryingInboundAdapter adapter = new IpcRetryingInboundAdapter(binding,
                    properties.getMaxAttempts() > 1 ? buildRetryTemplate(properties) : null, errors.getRecoverer());
            initialize(adapter);
            opened.put(destination, resources);
            return adapter;
        } catch (RuntimeException e) {
            closeAll(resources);
            throw e;
        }
    }

    @Override
    protected void afterUnbindConsumer(ConsumerDestination destination, String group,
            ExtendedConsumerProperties<IpcConsumerProperties> properties) {
        closeAll(opened.remove(destination));
    }

    private void initialize(IntegrationObjectSupport component) {
        BeanFactory beanFactory = getApplicationContext() != null ? getBeanFactory() : null;
        if (beanFactory != null) {
            component.setBeanFactory(beanFactory);
        }
    }

    private void closeAll(List<AutoCloseable> resources) {
        if (resources == null) {
            return;
        }
        // The group membership goes last: the channel is closed before another member may join.
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                logger.warn("closing " + resources.get(i) + " failed", e);
            }
        }
    }

    /**
     * The binding's libipc consumer properties; first checks the binding's configuration, so that
     * what libipc cannot honour fails start-up ({@link IpcBindingChecks}).
     *
     * @param bindingName the binding
     * @return its properties
     * @throws IllegalStateException naming the property at fault
     */
    @Override
    public IpcConsumerProperties getExtendedConsumerProperties(String bindingName) {
        IpcConsumerProperties properties = extendedBindingProperties.getExtendedConsumerProperties(bindingName);
        checks.checkConsumer(bindingName, bindingServiceProperties());
        return properties;
    }

    /**
     * The binding's libipc producer properties; first checks the binding's configuration.
     *
     * @param bindingName the binding
     * @return its properties
     * @throws IllegalStateException naming the property at fault
     */
    @Override
    public IpcProducerProperties getExtendedProducerProperties(String bindingName) {
        IpcProducerProperties properties = extendedBindingProperties.getExtendedProducerProperties(bindingName);
        checks.checkProducer(bindingName, bindingServiceProperties());
        return properties;
    }

    private BindingServiceProperties bindingServiceProperties() {
        return getApplicationContext() == null ? null : getBindingServiceProperties();
    }

    @Override
    public Map<String, ?> getBindings() {
        return extendedBindingProperties.getBindings();
    }

    @Override
    public String getDefaultsPrefix() {
        return extendedBindingProperties.getDefaultsPrefix();
    }

    @Override
    public Class<? extends BinderSpecificPropertiesProvider> getExtendedPropertiesEntryClass() {
        return extendedBindingProperties.getExtendedPropertiesEntryClass();
    }
}
