package io.libipc;

import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One storage file per channel: where it is, its permissions, and that clearChannelStorage
 * removes it and stops every handle still open on it (issue item 10).
 */
@ExtendWith(NoLeftoverStorage.class)
class StorageFileTest {

    private final String name = TestChannels.uniqueName("storage");
    private final IpcOptions options = TestChannels.options();

    @AfterEach
    void clear() {
        TestChannels.clear(name);
    }

    @Test
    void storageIsOneFileInDevShmWithMode0600ByDefault() throws IOException {
        try (IpcChannel ch = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.RECEIVER)) {
            Path file = ch.storagePath();
            assertThat(file).isEqualTo(Path.of("/dev/shm", TestChannels.PREFIX + name));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(TestChannels.leftovers()).filteredOn(p -> p.toString().contains(name)).containsExactly(file);
        }
        assertThat(IpcOptions.defaults().namePrefix()).isEqualTo("libipc.");
        assertThat(IpcOptions.defaults().storageDirectory()).isEqualTo(Path.of("/dev/shm"));
    }

    @Test
    void filePermissionsAreConfigurableWhateverTheUmask() throws IOException {
        IpcOptions shared = TestChannels.optionsBuilder().filePermissions("rw-rw-rw-").build();
        try (IpcChannel ch = new IpcChannel(ChannelType.CHANNEL, name, shared, ConnMode.RECEIVER)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ch.storagePath()))).isEqualTo("rw-rw-rw-");
        }
    }

    @Test
    void storageDirectoryIsConfigurable(@TempDir Path dir) {
        IpcOptions elsewhere = IpcOptions.builder().storageDirectory(dir).namePrefix("").build();
        try (IpcChannel rx = new IpcChannel(ChannelType.CHANNEL, name, elsewhere, ConnMode.RECEIVER);
             IpcChannel tx = new IpcChannel(ChannelType.CHANNEL, name, elsewhere, ConnMode.SENDER)) {
            assertThat(rx.storagePath()).isEqualTo(dir.resolve(name)).exists();
            tx.send(new byte[] {5});
            assertThat(rx.receive(5000)).containsExactly(5);
        }
        IpcChannel.clearChannelStorage(name, elsewhere);
        assertThat(dir.resolve(name)).doesNotExist();
    }

    @Test
    void clearRemovesTheFileAndOpenHandlesFailTheirNextCallSayingSo() {
        IpcChannel rx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.RECEIVER);
        IpcChannel tx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.SENDER);
        try {
            Path file = rx.storagePath();
            tx.send(new byte[] {1});
            TestChannels.clear(name);
            assertThat(file).doesNotExist();
            assertThatThrownBy(() -> tx.send(new byte[] {2})).isInstanceOfSatisfying(IpcException.class, e -> {
                assertThat(e.status()).isEqualTo(IpcStatus.ERROR_CONNECTION_FAILED);
                assertThat(e.getMessage()).contains("cleared");
            });
            assertThatThrownBy(() -> rx.receive(100)).isInstanceOfSatisfying(IpcException.class,
                    e -> assertThat(e.status()).isEqualTo(IpcStatus.ERROR_CONNECTION_FAILED));
            // New handles start afresh on a new file: the old handles never see them.
            try (IpcChannel rx2 = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.RECEIVER);
                 IpcChannel tx2 = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.SENDER)) {
                assertThat(tx2.receiverCount()).isEqualTo(1);
                tx2.send(new byte[] {3});
                assertThat(rx2.receive(5000)).containsExactly(3);
            }
        } finally {
            rx.close();
            tx.close();
        }
    }

    @Test
    void clearWakesABlockedReceiveWithConnectionFailed() throws Exception {
        try (IpcChannel rx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.RECEIVER)) {
            CompletableFuture<byte[]> blocked = CompletableFuture.supplyAsync(() -> rx.receive(0));
            TestChannels.clear(name);
            assertThatThrownBy(() -> blocked.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IpcException.class)
                    .cause().hasMessageContaining("cleared");
        }
    }

    @Test
    void clearingAChannelThatDoesNotExistIsHarmless() {
        TestChannels.clear(name);
        TestChannels.clear(name);
    }
}
