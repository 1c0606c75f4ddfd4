package io.libipc;

import io.libipc.internal.storage.StorageDescriptor;
import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bad input of every kind ends in a clear {@link IpcException} with the right status and a
 * message naming the problem, never a JVM crash or a hang (issue item 9).
 */
@ExtendWith(NoLeftoverStorage.class)
class BadInputTest {

    private final String name = TestChannels.uniqueName("bad");
    private final IpcOptions options = TestChannels.options();

    @AfterEach
    void clear() {
        TestChannels.clear(name);
    }

    private static void assertStatus(Runnable call, IpcStatus status, String... messageParts) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(IpcException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            for (String part : messageParts) {
                assertThat(e.getMessage()).contains(part);
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "../etc", "a..b", ".hidden", "tab\there", "nul\u0000", "new\nline", "sp ace", "é"})
    void invalidNamesAreRefused(String bad) {
        assertStatus(() -> new IpcChannel(ChannelType.CHANNEL, bad, options, ConnMode.SENDER), IpcStatus.ERROR_INVALID_ARGUMENT,
                "channel name");
        assertStatus(() -> IpcChannel.clearChannelStorage(bad), IpcStatus.ERROR_INVALID_ARGUMENT, "channel name");
        assertStatus(() -> IpcChannel.validateName(bad), IpcStatus.ERROR_INVALID_ARGUMENT, "channel name");
    }

    @Test
    void validNamesPassTheCheckWithoutAnyStorageBeingCreated() {
        String name = TestChannels.uniqueName("valid.name_1");
        assertThat(IpcChannel.validateName(name)).isEqualTo(name);
        assertThat(TestChannels.options().storageDirectory().resolve(TestChannels.PREFIX + name)).doesNotExist();
    }

    @Test
    void nullAndOverlongNamesAreRefused() {
        assertStatus(() -> new IpcChannel(ChannelType.CHANNEL, null, options, ConnMode.SENDER),
                IpcStatus.ERROR_INVALID_ARGUMENT, "null");
        assertStatus(() -> new IpcChannel(ChannelType.CHANNEL, "x".repeat(201), options, ConnMode.SENDER),
                IpcStatus.ERROR_INVALID_ARGUMENT, "200", "length=201");
        // 200 is the limit, not 199.
        String longest = "x".repeat(200 - TestChannels.PREFIX.length());
        try (IpcChannel ok = new IpcChannel(ChannelType.CHANNEL, longest, options, ConnMode.SENDER)) {
            assertThat(ok.name()).hasSize(longest.length());
        } finally {
            TestChannels.clear(longest);
        }
    }

    @Test
    void nullArgumentsAreRefused() {
        assertStatus(() -> new IpcChannel(null, name, options, ConnMode.SENDER), IpcStatus.ERROR_INVALID_ARGUMENT, "type");
        assertStatus(() -> new IpcChannel(ChannelType.CHANNEL, name, (IpcOptions) null, ConnMode.SENDER), IpcStatus.ERROR_INVALID_ARGUMENT, "options");
        assertStatus(() -> new IpcChannel(ChannelType.CHANNEL, name, options), IpcStatus.ERROR_INVALID_ARGUMENT, "mode");
        assertStatus(() -> new IpcChannel(ChannelType.CHANNEL, name, options, (ConnMode) null), IpcStatus.ERROR_INVALID_ARGUMENT, "null");
        try (IpcChannel rx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.RECEIVER);
             IpcChannel tx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.SENDER)) {
            assertStatus(() -> tx.send((byte[]) null), IpcStatus.ERROR_INVALID_ARGUMENT, "data");
            assertStatus(() -> tx.send((ByteBuffer) null, 0), IpcStatus.ERROR_INVALID_ARGUMENT, "data");
            assertStatus(() -> tx.trySend((byte[]) null), IpcStatus.ERROR_INVALID_ARGUMENT, "data");
            assertStatus(() -> rx.receive((MessageHandler) null, 0), IpcStatus.ERROR_INVALID_ARGUMENT, "handler");
            assertStatus(() -> rx.receive((ByteBuffer) null, 0), IpcStatus.ERROR_INVALID_ARGUMENT, "buffer");
            assertStatus(() -> IpcChannel.sendMessage(name, null), IpcStatus.ERROR_INVALID_ARGUMENT, "data");
        }
    }

    @Test
    void dataOverTheMaximumSizeIsRefusedAndNothingIsSent() {
        IpcOptions small = TestChannels.optionsBuilder().maxMessageSize(1000).build();
        try (IpcChannel rx = new IpcChannel(ChannelType.CHANNEL, name, small, ConnMode.RECEIVER);
             IpcChannel tx = new IpcChannel(ChannelType.CHANNEL, name, small, ConnMode.SENDER)) {
            assertStatus(() -> tx.send(new byte[1001]), IpcStatus.ERROR_INVALID_ARGUMENT, "length=1001", "maxMessageSize=1000");
            assertStatus(() -> tx.trySend(new byte[1001]), IpcStatus.ERROR_INVALID_ARGUMENT, "maxMessageSize=1000");
            tx.send(new byte[1000]);
            assertThat(rx.receive(5000)).hasSize(1000);
            assertThat(rx.tryReceive()).isEmpty();
        }
    }

    @Test
    void negativeTimeoutsAreRefused() {
        try (IpcChannel rx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.RECEIVER);
             IpcChannel tx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.SENDER)) {
            assertStatus(() -> tx.send(new byte[1], -1), IpcStatus.ERROR_INVALID_ARGUMENT, "timeoutMs=-1");
            assertStatus(() -> tx.trySend(new byte[1], -5), IpcStatus.ERROR_INVALID_ARGUMENT, "timeoutMs=-5");
            assertStatus(() -> rx.receive(-1), IpcStatus.ERROR_INVALID_ARGUMENT, "timeoutMs=-1");
            assertStatus(() -> tx.waitForReceivers(1, -1), IpcStatus.ERROR_INVALID_ARGUMENT, "timeoutMs=-1");
            assertStatus(() -> tx.waitForReceivers(-1, 0), IpcStatus.ERROR_INVALID_ARGUMENT, "count=-1");
        }
        assertStatus(() -> IpcOptions.builder().sendTimeoutMs(-1), IpcStatus.ERROR_INVALID_ARGUMENT, "sendTimeoutMs=-1");
        assertStatus(() -> IpcOptions.builder().capacity(100), IpcStatus.ERROR_INVALID_ARGUMENT, "capacity=100");
        assertStatus(() -> IpcOptions.builder().filePermissions("rwx"), IpcStatus.ERROR_INVALID_ARGUMENT, "filePermissions=rwx");
        assertStatus(() -> IpcOptions.builder().namePrefix("a/b"), IpcStatus.ERROR_INVALID_ARGUMENT, "namePrefix");
    }

    @Test
    void receiveOnASenderAndSendOnAReceiverFailWithTheirStatus() {
        try (IpcChannel tx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.SENDER);
             IpcChannel rx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.RECEIVER)) {
            assertStatus(() -> tx.receive(10), IpcStatus.ERROR_RECEIVE_FAILED, "not connected as a receiver");
            assertStatus(tx::tryReceive, IpcStatus.ERROR_RECEIVE_FAILED);
            assertStatus(() -> rx.send(new byte[1]), IpcStatus.ERROR_SEND_FAILED, "not connected as a sender");
        }
    }

    @Test
    void sendOnAClosedChannelFails() {
        IpcChannel tx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.SENDER);
        tx.close();
        assertStatus(() -> tx.send(new byte[1]), IpcStatus.ERROR_INVALID_ARGUMENT, "closed");
    }

    @Test
    void existingChannelOpenedWithTheOtherTypeIsRefused() {
        try (IpcChannel route = new IpcChannel(ChannelType.ROUTE, name, options, ConnMode.RECEIVER)) {
            assertStatus(() -> new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.SENDER),
                    IpcStatus.ERROR_CONNECTION_FAILED, "exists as ROUTE", "not CHANNEL");
        }
        // Also when the only trace is the file, with no handle in this JVM.
        assertStatus(() -> new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.SENDER),
                IpcStatus.ERROR_CONNECTION_FAILED, "exists as ROUTE");
    }

    @Test
    void truncatedStorageIsRefusedNamingTheFile() throws IOException {
        Path file = createThenClose();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(100);
        }
        assertStatus(() -> new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.RECEIVER),
                IpcStatus.ERROR_CONNECTION_FAILED, file.toString(), "truncated", "clearChannelStorage");
        // Truncated below the ring but above the header: still refused, never mapped (SIGBUS).
        Files.write(file, new byte[0]);
        createThenClose();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(StorageDescriptor.RING_OFFSET + 10);
        }
        assertStatus(() -> new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.RECEIVER),
                IpcStatus.ERROR_CONNECTION_FAILED, file.toString(), "size=" + (StorageDescriptor.RING_OFFSET + 10));
    }

    @Test
    void foreignBytesAreRefusedNamingTheFile() throws IOException {
        Path file = ChannelStorageFiles.path(name, options);
        byte[] junk = new byte[1 << 16];
        for (int i = 0; i < junk.length; i++) {
            junk[i] = (byte) (i * 7 + 3);
        }
        Files.write(file, junk);
        assertStatus(() -> new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.RECEIVER),
                IpcStatus.ERROR_CONNECTION_FAILED, file.toString(), "not a libipc channel file");
        assertThat(Files.readAllBytes(file)).as("the foreign file is left untouched").isEqualTo(junk);
    }

    @Test
    void newerLayoutVersionIsRefusedSayingWhatToDo() throws IOException {
        Path file = createThenClose();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, StorageDescriptor.LAYOUT_VERSION + 1),
                    StorageDescriptor.VERSION_OFFSET);
        }
        assertStatus(() -> new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.RECEIVER),
                IpcStatus.ERROR_CONNECTION_FAILED, file.toString(), "layout version " + (StorageDescriptor.LAYOUT_VERSION + 1),
                "newer", "reads version " + StorageDescriptor.LAYOUT_VERSION);
    }

    private Path createThenClose() {
        try (IpcChannel ch = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.RECEIVER)) {
            return ch.storagePath();
        }
    }

    /** Where a channel's file is, computed the way users would find it. */
    private static final class ChannelStorageFiles {
        static Path path(String name, IpcOptions options) {
            return options.storageDirectory().resolve(options.namePrefix() + name);
        }
    }
}
