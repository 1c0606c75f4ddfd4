package io.libipc.spring.listener;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.spring.autoconfigure.IpcAutoConfiguration;
import io.libipc.support.TestChannels;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the listener tests share: a context that receives one channel (its name in
 * {@code test.channel} for the listeners' placeholders), and a core sender on it in the test JVM.
 */
final class ListenerTestSupport {

    /** How long a test waits for a condition: generous, for a loaded 2-core machine. */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    private ListenerTestSupport() {
    }

    /**
     * A context with the starter, Spring Integration and Jackson, receiving one channel.
     *
     * @param channel the channel's name
     * @param config the user configuration with the listeners
     * @param moreAutoConfigurations e.g. the metrics auto-configurations
     * @return the runner
     */
    static ApplicationContextRunner receiving(String channel, Class<?> config, Class<?>... moreAutoConfigurations) {
        List<Class<?>> autoConfigurations = new ArrayList<>(List.of(IntegrationAutoConfiguration.class,
                JacksonAutoConfiguration.class, IpcAutoConfiguration.class));
        autoConfigurations.addAll(List.of(moreAutoConfigurations));
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(autoConfigurations.toArray(new Class<?>[0])))
                .withUserConfiguration(config)
                .withPropertyValues("test.channel=" + channel,
                        "ipc.name-prefix=" + TestChannels.PREFIX,
                        "ipc.channels." + channel + ".mode=receiver",
                        "ipc.channels." + channel + ".receive-timeout=200ms");
    }

    /**
     * A core sender on the channel, once the context's receiver is connected.
     *
     * @param channel the channel's name
     * @return the open sender; close it
     */
    static IpcChannel sender(String channel) {
        IpcChannel sender = new IpcChannel(ChannelType.CHANNEL, channel, TestChannels.options(), ConnMode.SENDER);
        assertThat(sender.waitForReceivers(1, PATIENCE.toMillis())).isTrue();
        return sender;
    }

    /**
     * Text as the bytes of a message.
     *
     * @param text the text
     * @return its UTF-8 bytes
     */
    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
