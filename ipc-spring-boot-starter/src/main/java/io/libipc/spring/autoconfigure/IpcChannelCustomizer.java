package io.libipc.spring.autoconfigure;

import io.libipc.IpcOptions;

/**
 * Changes the core options of the channels the auto-configuration opens from {@code ipc.channels},
 * as Boot's {@code RabbitTemplateCustomizer} changes what Boot builds: an option the properties do
 * not cover, or one channel's only, without replacing the whole {@code IpcChannelBindings} bean.
 *
 * <p>Every bean of this type is called once for every configured channel while the channels are
 * made at start-up, before the channel is opened, in bean order
 * ({@link org.springframework.core.annotation.Order @Order}, {@link org.springframework.core.Ordered}):
 * a later customizer sees, and may override, what an earlier one set. Not applied to an
 * {@code IpcChannelBindings} bean the application defines itself (it builds its own options).
 */
@FunctionalInterface
public interface IpcChannelCustomizer {

    /**
     * Customizes the options of one channel.
     *
     * @param channelName the channel's name, as under {@code ipc.channels}
     * @param options the builder, holding the values of {@code ipc.*} and
     *                {@code ipc.channels.<name>.*}; its setters check each value (an
     *                {@link io.libipc.IpcException} for a bad one fails start-up naming the channel)
     */
    void customize(String channelName, IpcOptions.Builder options);
}
