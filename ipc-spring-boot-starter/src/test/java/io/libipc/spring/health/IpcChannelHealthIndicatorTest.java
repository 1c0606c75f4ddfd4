package io.libipc.spring.health;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.spring.core.IpcChannelBinding;
import io.libipc.spring.core.IpcChannelSettings;
import io.libipc.spring.support.IpcMessageMapper;
import io.libipc.spring.support.IpcPayloadConverter;
import io.libipc.spring.support.IpcPayloadFormat;
import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One channel's health on a real channel, through the states a context does not reach by itself:
 * a ROUTE sender with a receiver (UP, its details), the same handle disconnected, then closed
 * (DOWN, each with its reason).
 */
@ExtendWith(NoLeftoverStorage.class)
class IpcChannelHealthIndicatorTest {

    private final String name = TestChannels.uniqueName("health-states");

    @AfterEach
    void clear() {
        TestChannels.clear(name);
    }

    @Test
    void aDisconnectedOrClosedChannelIsDownWithItsReason() {
        IpcChannelSettings settings = IpcChannelSettings.of(name, ChannelType.ROUTE, TestChannels.options(), ConnMode.SENDER);
        try (IpcChannel receiver = new IpcChannel(ChannelType.ROUTE, name, TestChannels.options(), ConnMode.RECEIVER);
             IpcChannelBinding binding = new IpcChannelBinding(settings,
                     new IpcMessageMapper(IpcPayloadFormat.RAW, new IpcPayloadConverter(null), null))) {
            IpcChannelHealthIndicator indicator = new IpcChannelHealthIndicator(binding, true);

            Health up = indicator.health();
            assertThat(up.getStatus()).isEqualTo(Status.UP);
            assertThat(up.getDetails()).containsEntry("type", "ROUTE").containsEntry("modes", "[SENDER]")
                    .containsEntry("receivers", 1).containsEntry("backlogBytes", 0L).containsEntry("fill", 0.0)
                    .containsEntry("capacity", binding.channel().capacity());

            binding.channel().disconnect();
            Health disconnected = indicator.health();
            assertThat(disconnected.getStatus()).isEqualTo(Status.DOWN);
            assertThat(disconnected.getDetails()).containsEntry("reason", "channel is disconnected");

            binding.close();
            Health closed = indicator.health();
            assertThat(closed.getStatus()).isEqualTo(Status.DOWN);
            assertThat(closed.getDetails()).containsEntry("reason", "channel is closed")
                    .containsEntry("type", "ROUTE");
            assertThat(receiver.isConnected()).isTrue();
        }
    }
}
