package io.libipc.spring.autoconfigure;

import io.libipc.IpcChannel;
import io.libipc.IpcException;
import io.libipc.spring.core.IpcChannelBinding;
import io.libipc.spring.core.IpcChannelBindings;
import io.libipc.spring.integration.inbound.IpcInboundChannelAdapter;
import io.libipc.spring.integration.outbound.IpcMessageHandler;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.channel.PublishSubscribeChannel;
import org.springframework.integration.endpoint.EventDrivenConsumer;
import org.springframework.messaging.SubscribableChannel;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Turns each channel under {@code ipc.channels} into beans, named after the channel {@code <n>}:
 * <ul>
 *   <li>{@code ipc.<n>.channel}: the {@link IpcChannel} handle;</li>
 *   <li>receiving modes: {@code ipc.<n>.inbound-adapter}, an {@link IpcInboundChannelAdapter}
 *       sending to the message channel {@code ipc.<n>.inbound} (a publish-subscribe channel, or
 *       the one named by {@code inbound-channel});</li>
 *   <li>sending modes: {@code ipc.<n>.outbound-handler}, an {@link IpcMessageHandler} consuming the
 *       message channel {@code ipc.<n>.outbound} (a direct channel, or the one named by
 *       {@code outbound-channel}) through the endpoint {@code ipc.<n>.outbound-endpoint}.</li>
 * </ul>
 * The beans are views of the {@link IpcChannelBindings} bean, which opens and closes the handles.
 * A message channel of the same name that the application declares itself wins.
 */
public class IpcChannelBeanRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) throws BeansException {
        BeanFactory beanFactory = (BeanFactory) registry;
        Map<String, IpcProperties.Channel> channels = Binder.get(environment)
                .bind("ipc.channels", Bindable.mapOf(String.class, IpcProperties.Channel.class))
                .orElse(Map.of());
        channels.forEach((name, channel) -> {
            validateName(name);
            register(registry, beanFactory, name, channel);
        });
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) throws BeansException {
    }

    /**
     * Checks a configured channel name.
     *
     * @param name the name
     * @throws InvalidConfigurationPropertyValueException naming the property and the value
     */
    private static void validateName(String name) {
        try {
            IpcChannel.validateName(name);
        } catch (IpcException e) {
            throw new InvalidConfigurationPropertyValueException("ipc.channels", name,
                    "invalid channel name '" + name + "': " + e.getMessage());
        }
    }

    private static void register(BeanDefinitionRegistry registry, BeanFactory beanFactory, String name,
            IpcProperties.Channel channel) {
        String prefix = "ipc." + name + ".";
        RootBeanDefinition handle = define(registry, prefix + "channel", IpcChannel.class,
                () -> binding(beanFactory, name).channel());
        // The handle belongs to the bindings, which close it after the beans that use them. Left
        // to infer, Spring would close this AutoCloseable on its own, possibly before those beans'
        // destroy methods (which may still send, e.g. a goodbye message).
        handle.setDestroyMethodName("");
        if (channel.getMode() != IpcProperties.Mode.SENDER) {
            String inbound = channel.getInboundChannel() != null ? channel.getInboundChannel() : prefix + "inbound";
            if (!registry.containsBeanDefinition(inbound)) {
                define(registry, inbound, PublishSubscribeChannel.class, PublishSubscribeChannel::new);
            }
            define(registry, prefix + "inbound-adapter", IpcInboundChannelAdapter.class, () -> {
                IpcInboundChannelAdapter adapter = new IpcInboundChannelAdapter(binding(beanFactory, name));
                adapter.setOutputChannelName(inbound);
                adapter.setAutoStartup(channel.isAutoStartup());
                return adapter;
            });
        }
        if (channel.getMode() != IpcProperties.Mode.RECEIVER) {
            String outbound = channel.getOutboundChannel() != null ? channel.getOutboundChannel() : prefix + "outbound";
            if (!registry.containsBeanDefinition(outbound)) {
                define(registry, outbound, DirectChannel.class, DirectChannel::new);
            }
            String handler = prefix + "outbound-handler";
            define(registry, handler, IpcMessageHandler.class,
                    () -> new IpcMessageHandler(binding(beanFactory, name)));
            define(registry, prefix + "outbound-endpoint", EventDrivenConsumer.class,
                    () -> new EventDrivenConsumer(beanFactory.getBean(outbound, SubscribableChannel.class),
                            beanFactory.getBean(handler, IpcMessageHandler.class)));
        }
    }

    private static IpcChannelBinding binding(BeanFactory beanFactory, String name) {
        IpcChannelBindings bindings = beanFactory.getBean(IpcChannelBindings.class);
        if (!bindings.contains(name)) {
            // Only when the application defines its own IpcChannelBindings bean: it replaces the
            // one made from ipc.channels, but the per-channel beans still come from ipc.channels.
            throw new IllegalStateException("ipc.channels." + name + " is configured, but the application's own "
                    + "IpcChannelBindings bean has no channel '" + name + "'; add it to those bindings, or remove "
                    + "ipc.channels." + name + " and use the DSL (Ipc.inboundAdapter/outboundAdapter) on your bindings");
        }
        return bindings.get(name);
    }

    private static <T> RootBeanDefinition define(BeanDefinitionRegistry registry, String beanName, Class<T> type,
            Supplier<T> supplier) {
        RootBeanDefinition definition = new RootBeanDefinition(type, supplier);
        registry.registerBeanDefinition(beanName, definition);
        return definition;
    }
}
