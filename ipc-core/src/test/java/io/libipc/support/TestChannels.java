package io.libipc.support;

import io.libipc.IpcChannel;
import io.libipc.IpcOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Channel names and options for tests. Every test channel lives under the prefix
 * {@link #PREFIX} so that {@link NoLeftoverStorage} can tell test files from anything else in
 * {@code /dev/shm}, and names are unique per JVM and test so that tests never meet old storage.
 */
public final class TestChannels {

    /** Prefix of every storage file a test creates. */
    public static final String PREFIX = "libipc-test.";

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private TestChannels() {
    }

    /**
     * A fresh channel name.
     *
     * @param hint what the test is about, for people reading /dev/shm
     * @return a unique, valid name
     */
    public static String uniqueName(String hint) {
        return hint + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
    }

    /** @return default options but with the test prefix */
    public static IpcOptions options() {
        return IpcOptions.builder().namePrefix(PREFIX).build();
    }

    /** @return a builder with the test prefix */
    public static IpcOptions.Builder optionsBuilder() {
        return IpcOptions.builder().namePrefix(PREFIX);
    }

    /**
     * Removes a test channel's storage.
     *
     * @param name the channel name
     */
    public static void clear(String name) {
        IpcChannel.clearChannelStorage(name, options());
    }

    /**
     * The storage files of channels named by {@link #uniqueName} in this JVM that exist now. Other
     * JVMs' test files are not ours to judge: test runs may overlap on a shared machine.
     *
     * @return the files
     */
    public static List<Path> leftovers() {
        Path dir = options().storageDirectory();
        String mine = "-" + ProcessHandle.current().pid() + "-";
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(PREFIX) && p.getFileName().toString().contains(mine))
                    .sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
