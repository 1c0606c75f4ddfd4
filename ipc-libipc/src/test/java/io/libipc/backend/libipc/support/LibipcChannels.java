package io.libipc.backend.libipc.support;

import io.libipc.IpcBackend;
import io.libipc.IpcOptions;
import io.libipc.support.TestChannels;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Channel names and options of the interop tests, and the cleanup after each test
 * ({@code @ExtendWith(LibipcChannels.class)}, after {@link LibipcHome}).
 *
 * <p>cpp-ipc uses a name as it is (no prefix), so names are made unique per JVM and test
 * ({@link TestChannels#uniqueName}) and remembered; after each test the extension removes
 * cpp-ipc's objects of those names from {@code /dev/shm} ({@code __IPC_SHM__*__<name>} and
 * {@code __IPC_SHM__*__<name>_*}: a killed peer leaves them behind, and a process keeps them
 * until it exits), and fails the test if any other file carrying one of the names is there: that
 * would be storage of ours, i.e. a LIBIPC handle that went to the native engine. cpp-ipc's
 * machine-wide objects ({@code __IPC_SHM__CA_CONN__}, {@code __IPC_SHM__CHUNK_INFO__*}) are
 * not touched. Tests close their handles and peers before the extension runs (try-with-resources).
 */
public final class LibipcChannels implements AfterEachCallback {

    /** Where cpp-ipc 1.4 keeps its objects on Linux. */
    public static final Path SHM = Path.of("/dev/shm");

    private static final Queue<String> USED = new ConcurrentLinkedQueue<>();

    /** Created by JUnit. */
    public LibipcChannels() {
    }

    /**
     * A fresh cpp-ipc channel name, removed from {@code /dev/shm} after the test.
     *
     * @param hint what the test is about, for people reading /dev/shm
     * @return a unique name of {@code [A-Za-z0-9._-]}
     */
    public static String uniqueName(String hint) {
        String name = "lx-" + TestChannels.uniqueName(hint);
        USED.add(name);
        return name;
    }

    /** @return default options with backend LIBIPC */
    public static IpcOptions options() {
        return IpcOptions.builder().backend(IpcBackend.LIBIPC).build();
    }

    /**
     * cpp-ipc's objects of a name that exist now.
     *
     * @param name a channel name
     * @return their paths, sorted
     */
    public static List<Path> cppIpcObjects(String name) {
        Pattern mine = Pattern.compile("__IPC_SHM__.*__" + Pattern.quote(name) + "(_.*)?");
        return list(p -> mine.matcher(p.getFileName().toString()).matches());
    }

    /**
     * Removes cpp-ipc's objects of a name, as a crashed process leaves them (only for names no
     * process uses any more).
     *
     * @param name a channel name
     * @return what was removed
     */
    public static List<Path> removeCppIpcObjects(String name) {
        List<Path> objects = cppIpcObjects(name);
        for (Path p : objects) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return objects;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<String> names = new ArrayList<>();
        for (String n; (n = USED.poll()) != null; ) {
            names.add(n);
        }
        List<Path> ours = new ArrayList<>();
        List<Path> removed = new ArrayList<>();
        for (String name : names) {
            removed.addAll(removeCppIpcObjects(name));
            ours.addAll(list(p -> !p.getFileName().toString().startsWith("__IPC_SHM__")
                    && p.getFileName().toString().contains(name)));
        }
        if (!removed.isEmpty()) {
            // Expected after kill -9 and while this JVM holds cpp-ipc's per-process state; shown for the record.
            System.out.println(context.getDisplayName() + ": removed cpp-ipc objects " + removed.stream()
                    .map(p -> p.getFileName().toString()).collect(Collectors.toList()));
        }
        if (!ours.isEmpty()) {
            throw new AssertionError("files of our native storage for LIBIPC channel names: " + ours);
        }
    }

    private static List<Path> list(Predicate<Path> filter) {
        try (Stream<Path> files = Files.list(SHM)) {
            return files.filter(filter).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
