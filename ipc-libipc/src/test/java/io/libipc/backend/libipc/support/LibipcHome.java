package io.libipc.backend.libipc.support;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The cpp-ipc install the interop tests need, as a JUnit extension: put
 * {@code @ExtendWith(LibipcHome.class)} on every test class that talks to cpp-ipc.
 *
 * <p>Without the environment variable {@value #ENV} (or when it names no directory) those tests
 * are disabled with a reason that says so: our CI machines have no cpp-ipc, and the project never
 * contains or fetches it. With it, the first such test class in the JVM builds our shim and the
 * C++ peer ({@code src/test/native}, one CMake build into {@code target/native-build}; configure
 * and build run every time, CMake rebuilds only what changed; the directory starts afresh when
 * {@value #ENV} changed), fails with CMake's output if that
 * fails, sets the system property {@code libipc.library} to the built {@code libipc_c.so} for
 * this JVM, and pins cpp-ipc's chunk storage ({@link ChunkStoragePin}). Child JVMs get the
 * property through {@link #childJvmOptions()}.
 */
public final class LibipcHome implements ExecutionCondition, BeforeAllCallback {

    /** The environment variable naming cpp-ipc's install prefix. */
    public static final String ENV = "LIBIPC_HOME";

    /** Why the tests are skipped without {@value #ENV}. */
    public static final String NOT_SET = "LIBIPC_HOME is not set: these tests need a cpp-ipc install prefix"
            + " (README: Talking to C++ and Python libipc processes); skipped";

    private static final String LIBRARY_PROPERTY = "libipc.library";
    private static final long BUILD_TIMEOUT_MINUTES = 10;

    private static Path buildDir;

    /** Created by JUnit. */
    public LibipcHome() {
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String home = System.getenv(ENV);
        if (home == null || home.isBlank()) {
            return ConditionEvaluationResult.disabled(NOT_SET);
        }
        if (!Files.isDirectory(Path.of(home))) {
            return ConditionEvaluationResult.disabled(ENV + "=" + home + " is not a directory: these tests need a"
                    + " cpp-ipc install prefix (README: Talking to C++ and Python libipc processes); skipped");
        }
        return ConditionEvaluationResult.enabled(ENV + "=" + home);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        build();
    }

    /** @return the built shim, {@code target/native-build/libipc_c.so} */
    public static Path library() {
        return build().resolve("libipc_c.so");
    }

    /**
     * @return the shim built to export the wrapper's twelve functions only,
     *         {@code target/native-build/libipc_wrapper_abi.so} (src/test/native/wrapper_abi.map)
     */
    public static Path wrapperAbiLibrary() {
        return build().resolve("libipc_wrapper_abi.so");
    }

    /** @return the built C++ peer, {@code target/native-build/libipc_peer} */
    public static Path peer() {
        return build().resolve("libipc_peer");
    }

    /** @return the JVM options a child JVM needs for backend LIBIPC: {@code -Dlibipc.library=...} */
    public static List<String> childJvmOptions() {
        return List.of("-D" + LIBRARY_PROPERTY + "=" + library());
    }

    private static synchronized Path build() {
        if (buildDir != null) {
            return buildDir;
        }
        String home = System.getenv(ENV);
        if (home == null || !Files.isDirectory(Path.of(home))) {
            throw new IllegalStateException(NOT_SET);
        }
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Path sources = module.resolve("src/test/native");
        if (!Files.isRegularFile(sources.resolve("CMakeLists.txt"))) {
            throw new IllegalStateException("not run from the ipc-libipc module: no " + sources.resolve("CMakeLists.txt"));
        }
        Path dir = module.resolve("target/native-build");
        startAfresh(dir, home);
        run(List.of("cmake", "-S", sources.toString(), "-B", dir.toString(), "-DCMAKE_PREFIX_PATH=" + home,
                "-DCMAKE_BUILD_TYPE=Release"));
        run(List.of("cmake", "--build", dir.toString(), "-j2"));
        for (String artifact : List.of("libipc_c.so", "libipc_peer", "libipc_wrapper_abi.so")) {
            if (!Files.isRegularFile(dir.resolve(artifact))) {
                throw new AssertionError("the CMake build made no " + dir.resolve(artifact));
            }
        }
        System.setProperty(LIBRARY_PROPERTY, dir.resolve("libipc_c.so").toString());
        buildDir = dir;
        ChunkStoragePin.pin();
        return dir;
    }

    /**
     * CMake caches where it found cpp-ipc: a build directory configured for another LIBIPC_HOME
     * would keep building against that one, so it is removed first.
     */
    private static void startAfresh(Path dir, String home) {
        Path marker = dir.resolve("libipc-home.txt");
        try {
            if (Files.isDirectory(dir) && !(Files.isRegularFile(marker) && Files.readString(marker).equals(home))) {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(dir);
            Files.writeString(marker, home);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the build directory " + dir, e);
        }
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            // Read before waiting: a full pipe would stall the build.
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("timed out after " + BUILD_TIMEOUT_MINUTES + " min: " + command);
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("the CMake build of the shim and the C++ peer failed (exit "
                        + process.exitValue() + "): " + String.join(" ", command) + "\n"
                        + new String(output, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + " (is cmake installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + command, e);
        }
    }
}
