package io.libipc.spring.autoconfigure;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.aot.BeanRegistrationExcludeFilter;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.channel.PublishSubscribeChannel;
import org.springframework.messaging.SubscribableChannel;

import java.util.List;
import java.util.Map;

/**
 * Finishes the definitions of {@link IpcChannelBeanRegistrar} with what a
 * {@link org.springframework.beans.factory.BeanRegistry} cannot express (it can neither tell
 * whether a bean of a name exists nor set a destroy method):
 * <ul>
 *   <li>each message channel the configured channels send to or consume ({@code ipc.<n>.inbound},
 *       {@code ipc.<n>.outbound}, or the names given by {@code inbound-channel} and
 *       {@code outbound-channel}) is registered only when the application has no bean of that
 *       name: the application's own wins;</li>
 *   <li>the {@code ipc.<n>.channel} handle beans get no destroy method. The handles belong to the
 *       {@code IpcChannelBindings}, which close them after the beans that use them; left to infer,
 *       Spring would close each {@link AutoCloseable} handle on its own, possibly before those
 *       beans' destroy methods (which may still send, e.g. a goodbye message).</li>
 * </ul>
 * It runs when the context is refreshed, after every configuration class and, in an AOT-processed
 * application, every generated registration has been read, and at a time Spring Boot no longer
 * lets one bean definition silently replace another. The registrar registers it, so it runs in an
 * AOT-processed application too; the message channels it registers are
 * {@linkplain AotExclusion left out of AOT processing}, as the registrar's own beans are, and are
 * registered anew at run time from the run-time configuration.
 */
public final class IpcChannelDefinitionsPostProcessor implements BeanDefinitionRegistryPostProcessor {

    /** Attribute marking the definitions this post-processor registers. */
    static final String REGISTERED_AT_RUN_TIME_ATTRIBUTE = IpcChannelDefinitionsPostProcessor.class.getName()
            + ".registeredAtRunTime";

    private final List<String> handles;
    private final Map<String, Class<? extends SubscribableChannel>> messageChannels;

    /**
     * A post-processor for one registrar's definitions.
     *
     * @param handles the names of the {@code ipc.<n>.channel} beans
     * @param messageChannels the message channels to register unless the application has them, by
     *        bean name: {@link PublishSubscribeChannel} or {@link DirectChannel}
     */
    IpcChannelDefinitionsPostProcessor(List<String> handles,
            Map<String, Class<? extends SubscribableChannel>> messageChannels) {
        this.handles = List.copyOf(handles);
        this.messageChannels = Map.copyOf(messageChannels);
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) throws BeansException {
        for (String handle : handles) {
            registry.getBeanDefinition(handle).setDestroyMethodName("");
        }
        messageChannels.forEach((name, type) -> {
            if (!registry.containsBeanDefinition(name) && !registry.isAlias(name)) {
                registry.registerBeanDefinition(name, messageChannel(type));
            }
        });
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) throws BeansException {
    }

    private static RootBeanDefinition messageChannel(Class<? extends SubscribableChannel> type) {
        // Suppliers rather than classes: nothing to reflect on in a native image.
        RootBeanDefinition definition = type == PublishSubscribeChannel.class
                ? new RootBeanDefinition(PublishSubscribeChannel.class, PublishSubscribeChannel::new)
                : new RootBeanDefinition(DirectChannel.class, DirectChannel::new);
        definition.setAttribute(REGISTERED_AT_RUN_TIME_ATTRIBUTE, Boolean.TRUE);
        return definition;
    }

    /**
     * Leaves the message channels {@link IpcChannelDefinitionsPostProcessor} registers out of AOT
     * processing (listed in {@code META-INF/spring/aot.factories}): it registers them again at run
     * time, from the run-time configuration.
     */
    public static final class AotExclusion implements BeanRegistrationExcludeFilter {

        /** Instantiated from {@code META-INF/spring/aot.factories}. */
        public AotExclusion() {
        }

        @Override
        public boolean isExcludedFromAotProcessing(RegisteredBean registeredBean) {
            return registeredBean.getMergedBeanDefinition().hasAttribute(REGISTERED_AT_RUN_TIME_ATTRIBUTE);
        }
    }
}
