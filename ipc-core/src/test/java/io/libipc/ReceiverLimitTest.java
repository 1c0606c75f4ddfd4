package io.libipc;

import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * 64 receivers on one channel in one JVM, all getting every message; the 65th is refused
 * naming the limit and leaves nothing counted; receivers closing do not disturb the others'
 * liveness locks, which this JVM holds through one shared file descriptor (issue item 7).
 */
@ExtendWith(NoLeftoverStorage.class)
class ReceiverLimitTest {

    private final String name = TestChannels.uniqueName("limit");
    private final IpcOptions options = TestChannels.options();

    @AfterEach
    void clear() {
        TestChannels.clear(name);
    }

    @Test
    void sixtyFourReceiversGetEveryMessageAndTheNextIsRefused() {
        List<IpcChannel> receivers = new ArrayList<>();
        try (IpcChannel tx = new IpcChannel(ChannelType.ROUTE, name, options, ConnMode.SENDER)) {
            for (int i = 0; i < 64; i++) {
                receivers.add(new IpcChannel(ChannelType.ROUTE, name, options, ConnMode.RECEIVER));
            }
            assertThat(tx.receiverCount()).isEqualTo(64);
            assertThatThrownBy(() -> new IpcChannel(ChannelType.ROUTE, name, options, ConnMode.RECEIVER))
                    .isInstanceOfSatisfying(IpcException.class, e -> {
                        assertThat(e.status()).isEqualTo(IpcStatus.ERROR_CONNECTION_FAILED);
                        assertThat(e.getMessage()).contains("maxReceivers=64");
                    });
            assertThat(tx.receiverCount()).as("the refused one left nothing counted").isEqualTo(64);

            tx.send(new byte[] {1});
            for (IpcChannel rx : receivers) {
                assertThat(rx.receive(5000)).containsExactly(1);
            }
            // Close every other receiver: the rest stay alive and counted.
            for (int i = 0; i < 64; i += 2) {
                receivers.get(i).close();
            }
            assertThat(tx.receiverCount()).isEqualTo(32);
            tx.send(new byte[] {2});
            for (int i = 1; i < 64; i += 2) {
                assertThat(receivers.get(i).receive(5000)).containsExactly(2);
            }
            // Freed places can be taken again.
            for (int i = 0; i < 64; i += 2) {
                receivers.set(i, new IpcChannel(ChannelType.ROUTE, name, options, ConnMode.RECEIVER));
            }
            assertThat(tx.receiverCount()).isEqualTo(64);
        } finally {
            receivers.forEach(IpcChannel::close);
        }
    }
}
