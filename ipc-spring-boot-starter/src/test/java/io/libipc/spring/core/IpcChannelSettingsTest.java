package io.libipc.spring.core;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcOptions;
import io.libipc.spring.support.IpcPayloadFormat;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The receive-timeout rule of {@link IpcChannelSettings}, the one the properties binder applies
 * too: at least one millisecond, one second by default.
 */
class IpcChannelSettingsTest {

    private static IpcChannelSettings withReceiveTimeout(Duration receiveTimeout) {
        return new IpcChannelSettings("settings", ChannelType.CHANNEL, Set.of(ConnMode.RECEIVER), IpcOptions.defaults(),
                IpcPayloadFormat.RAW, receiveTimeout);
    }

    @Test
    void aReceiveTimeoutUnderOneMillisecondIsRefusedNamingTheValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> withReceiveTimeout(Duration.ZERO))
                .withMessage("receiveTimeout must be at least 1ms: receiveTimeout=PT0S");
        assertThatIllegalArgumentException().isThrownBy(() -> withReceiveTimeout(Duration.ofMillis(-5)))
                .withMessage("receiveTimeout must be at least 1ms: receiveTimeout=PT-0.005S");
        // Not rounded up: the core's receive takes whole milliseconds.
        assertThatIllegalArgumentException().isThrownBy(() -> withReceiveTimeout(Duration.ofNanos(500_000)))
                .withMessage("receiveTimeout must be at least 1ms: receiveTimeout=PT0.0005S");
    }

    @Test
    void oneMillisecondIsTheShortestReceiveTimeout() {
        assertThat(withReceiveTimeout(Duration.ofMillis(1)).receiveTimeout()).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void theCheckNamesTheValueAsTheCallerCallsIt() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> IpcChannelSettings.checkReceiveTimeout("receive-timeout", null))
                .withMessage("receive-timeout must be at least 1ms: receive-timeout=null");
    }

    @Test
    void settingsMadeWithDefaultsWaitOneSecondPerReceive() {
        IpcChannelSettings settings = IpcChannelSettings.of("settings", ChannelType.ROUTE, IpcOptions.defaults(),
                ConnMode.RECEIVER);
        assertThat(settings.receiveTimeout()).isEqualTo(IpcChannelSettings.DEFAULT_RECEIVE_TIMEOUT)
                .isEqualTo(Duration.ofSeconds(1));
    }
}
