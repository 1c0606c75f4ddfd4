package io.libipc.cloud.stream.binder.support;

import io.libipc.IpcChannel;
import io.libipc.IpcOptions;
import io.libipc.support.TestChannels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A name prefix of its own for each test's channels ({@code ipc.name-prefix}), under
 * {@link TestChannels#PREFIX} and with this JVM's pid, so that {@code NoLeftoverStorage} sees what a
 * test leaves and tests never meet each other's channels; and removal of everything under it.
 */
public final class BinderStorage {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String prefix;

    private BinderStorage(String prefix) {
        this.prefix = prefix;
    }

    /**
     * A fresh prefix.
     *
     * @param hint what the test is about, for people reading /dev/shm
     * @return the storage
     */
    public static BinderStorage fresh(String hint) {
        return new BinderStorage(TestChannels.PREFIX + hint + "-" + ProcessHandle.current().pid() + "-"
                + COUNTER.incrementAndGet() + ".");
    }

    /** @return the value for {@code ipc.name-prefix} */
    public String prefix() {
        return prefix;
    }

    /** @return core options with this prefix */
    public IpcOptions options() {
        return IpcOptions.builder().namePrefix(prefix).build();
    }

    /** @return the channel names that have storage under this prefix now */
    public List<String> channels() {
        Path dir = options().storageDirectory();
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix))
                    .map(n -> n.substring(prefix.length())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the storage of every channel under this prefix. */
    public void clear() {
        for (String channel : channels()) {
            IpcChannel.clearChannelStorage(channel, options());
        }
    }
}
