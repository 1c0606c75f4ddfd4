package io.libipc;

import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The backend is an option: NATIVE by default, and asking for LIBIPC where its module is not on the
 * class path (as here, in ipc-core's own tests) is a clear error naming the module, not a
 * ClassNotFoundException or a silent fallback to the native format.
 */
@ExtendWith(NoLeftoverStorage.class)
class BackendSelectionTest {

    @Test
    void theNativeBackendIsTheDefault() {
        assertThat(IpcOptions.defaults().backend()).isEqualTo(IpcBackend.NATIVE);
        assertThat(IpcOptions.builder().backend(IpcBackend.LIBIPC).build().toBuilder().build().backend())
                .isEqualTo(IpcBackend.LIBIPC);
        assertThatThrownBy(() -> IpcOptions.builder().backend(null)).isInstanceOfSatisfying(IpcException.class,
                e -> assertThat(e.status()).isEqualTo(IpcStatus.ERROR_INVALID_ARGUMENT));
    }

    @Test
    void libipcWithoutItsModuleFailsNamingTheModule() {
        IpcOptions libipc = TestChannels.optionsBuilder().backend(IpcBackend.LIBIPC).build();
        String name = TestChannels.uniqueName("backend");

        assertThatThrownBy(() -> new IpcChannel(ChannelType.CHANNEL, name, libipc, ConnMode.RECEIVER))
                .isInstanceOfSatisfying(IpcException.class, e -> {
                    assertThat(e.status()).isEqualTo(IpcStatus.ERROR_CONNECTION_FAILED);
                    assertThat(e.getMessage()).contains("backend=LIBIPC", "io.libipc:ipc-libipc");
                });
        assertThat(TestChannels.leftovers()).noneMatch(p -> p.toString().contains(name));
    }
}
