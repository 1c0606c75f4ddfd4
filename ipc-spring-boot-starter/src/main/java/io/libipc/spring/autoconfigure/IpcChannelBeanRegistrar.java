package io.libipc.spring.autoconfigure;

import io.libipc.IpcChannel;
import io.libipc.IpcException;
import io.libipc.spring.core.IpcChannelBinding;
import io.libipc.spring.core.IpcChannelBindings;
import io.libipc.spring.integration.inbound.IpcInboundChannelAdapter;
import io.libipc.spring.integration.outbound.IpcMessageHandler;
import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.channel.PublishSubscribeChannel;
import org.springframework.integration.endpoint.EventDrivenConsumer;
import org.springframework.messaging.SubscribableChannel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 *
 * <p>A {@link BeanRegistrar} imported by {@link IpcAutoConfiguration}: Spring calls it with the
 * run-time {@link Environment}, in a plain start-up while configuration classes are read, and in an
 * AOT-processed application from the generated initializer, so the channels are always those
 * configured when the application starts (a channel given on the command line included), never
 * frozen at build time. What a {@link BeanRegistry} cannot express (a bean Spring must not destroy,
 * a bean registered only when the application has none of that name) is finished by the
 * {@link IpcChannelDefinitionsPostProcessor} registered here too.
 */
public final class IpcChannelBeanRegistrar implements BeanRegistrar {

    /** Name of the post-processor finishing the definitions. */
    static final String DEFINITIONS_POST_PROCESSOR_BEAN_NAME = "ipcChannelDefinitionsPostProcessor";

    /** Instantiated by Spring through {@code @Import}, and by the AOT-generated initializer. */
    public IpcChannelBeanRegistrar() {
    }

    @Override
    public void register(BeanRegistry registry, Environment env) {
        Map<String, IpcChannelProperties> channels = channels(env);
        List<String> handles = new ArrayList<>();
        Map<String, Class<? extends SubscribableChannel>> messageChannels = new LinkedHashMap<>();
        channels.forEach((name, channel) -> {
            validateName(name);
            handles.add(register(registry, name, channel, messageChannels));
        });
        if (!channels.isEmpty()) {
            registry.registerBean(DEFINITIONS_POST_PROCESSOR_BEAN_NAME, IpcChannelDefinitionsPostProcessor.class,
                    spec -> spec.infrastructure()
                            .supplier(ctx -> new IpcChannelDefinitionsPostProcessor(handles, messageChannels)));
        }
    }

    /**
     * The channels configured in an environment.
     *
     * @param env the environment
     * @return the channels by name, in configuration order
     * @throws org.springframework.boot.context.properties.bind.BindException naming the property
     *         whose value cannot be bound
     */
    static Map<String, IpcChannelProperties> channels(Environment env) {
        return Binder.get(env).bind("ipc.channels", Bindable.mapOf(String.class, IpcChannelProperties.class))
                .orElse(Map.of());
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

    /**
     * Registers one channel's beans; its message channels are left to the post-processor.
     *
     * @return the name of the handle's bean
     */
    private static String register(BeanRegistry registry, String name, IpcChannelProperties channel,
            Map<String, Class<? extends SubscribableChannel>> messageChannels) {
        String prefix = "ipc." + name + ".";
        String handle = prefix + "channel";
        registry.registerBean(handle, IpcChannel.class, spec -> spec.supplier(ctx -> binding(ctx, name).channel()));
        if (channel.getMode() != IpcChannelProperties.Mode.SENDER) {
            String inbound = channel.getInboundChannel() != null ? channel.getInboundChannel() : prefix + "inbound";
            messageChannels.putIfAbsent(inbound, PublishSubscribeChannel.class);
            boolean autoStartup = channel.isAutoStartup();
            registry.registerBean(prefix + "inbound-adapter", IpcInboundChannelAdapter.class, spec -> spec.supplier(ctx -> {
                IpcInboundChannelAdapter adapter = new IpcInboundChannelAdapter(binding(ctx, name));
                adapter.setOutputChannelName(inbound);
                adapter.setAutoStartup(autoStartup);
                return adapter;
            }));
        }
        if (channel.getMode() != IpcChannelProperties.Mode.RECEIVER) {
            String outbound = channel.getOutboundChannel() != null ? channel.getOutboundChannel() : prefix + "outbound";
            messageChannels.putIfAbsent(outbound, DirectChannel.class);
            String handler = prefix + "outbound-handler";
            registry.registerBean(handler, IpcMessageHandler.class,
                    spec -> spec.supplier(ctx -> new IpcMessageHandler(binding(ctx, name))));
            registry.registerBean(prefix + "outbound-endpoint", EventDrivenConsumer.class,
                    spec -> spec.supplier(ctx -> new EventDrivenConsumer(ctx.bean(outbound, SubscribableChannel.class),
                            ctx.bean(handler, IpcMessageHandler.class))));
        }
        return handle;
    }

    private static IpcChannelBinding binding(BeanRegistry.SupplierContext ctx, String name) {
        IpcChannelBindings bindings = ctx.bean(IpcChannelBindings.class);
        if (!bindings.contains(name)) {
            // Only when the application defines its own IpcChannelBindings bean: it replaces the
            // one made from ipc.channels, but the per-channel beans still come from ipc.channels.
            throw new IllegalStateException("ipc.channels." + name + " is configured, but the application's own "
                    + "IpcChannelBindings bean has no channel '" + name + "'; add it to those bindings, or remove "
                    + "ipc.channels." + name + " and use the DSL (Ipc.inboundAdapter/outboundAdapter) on your bindings");
        }
        return bindings.get(name);
    }
}
