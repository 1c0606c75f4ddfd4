package io.libipc.bench.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Builds our {@code libipc_c} shim and the C++ peer {@code libipc_peer} (ipc-libipc's
 * {@code src/test/native} CMake project, our sources only) against the cpp-ipc install that the
 * environment variable {@value #ENV} names, with CMake run through {@link ProcessBuilder}, into
 * {@code ipc-benchmarks/target/native}. The build is incremental: a run with nothing changed
 * takes well under a second. cpp-ipc itself is never fetched or built here.
 */
final class CppIpcBuild {

    /** The environment variable naming cpp-ipc's install prefix (include/libipc, lib/libipc.a, share/cpp-ipc). */
    static final String ENV = "LIBIPC_HOME";
    /** The one line printed when the libipc systems cannot run. */
    static final String SKIPPED = "libipc systems skipped: " + ENV + " is not set (the install prefix of cpp-ipc v1.4.1,"
            + " built and installed outside the project as its README says)";

    private static final long CMAKE_TIMEOUT_SECONDS = 600;

    private final Path shim;
    private final Path peer;

    private CppIpcBuild(Path shim, Path peer) {
        this.shim = shim;
        this.peer = peer;
    }

    /** @return the built {@code libipc_c.so}, for {@code -Dlibipc.library} */
    Path shim() {
        return shim;
    }

    /** @return the built {@code libipc_peer} executable */
    Path peer() {
        return peer;
    }

    /**
     * Builds the shim and the peer when {@value #ENV} is set.
     *
     * @param progress told when the build starts
     * @return the artifacts, or empty when {@value #ENV} is not set
     * @throws IllegalStateException when the sources are not found or CMake fails (with its output)
     */
    static Optional<CppIpcBuild> fromEnvironment(java.util.function.Consumer<String> progress) {
        String home = System.getenv(ENV);
        if (home == null || home.isBlank()) {
            return Optional.empty();
        }
        progress.accept("build: libipc_c shim and libipc_peer against " + ENV + "=" + home);
        Path target = targetDirectory();
        Path source = target.getParent().getParent().resolve("ipc-libipc/src/test/native");
        if (!Files.isRegularFile(source.resolve("CMakeLists.txt"))) {
            throw new IllegalStateException(ENV + " is set, but the native sources are not where the benchmarks expect"
                    + " them (run the jar from its place in the project tree): " + source);
        }
        return Optional.of(build(Path.of(home).toAbsolutePath(), source, target.resolve("native")));
    }

    /**
     * ipc-benchmarks/target: the directory holding benchmarks.jar, or holding the classes
     * directory when run from the build (tests).
     */
    private static Path targetDirectory() {
        try {
            return Path.of(CppIpcBuild.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toAbsolutePath().getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CppIpcBuild build(Path home, Path source, Path dir) {
        try {
            Files.createDirectories(dir);
            // CMake caches where it found cpp-ipc: another install prefix needs a fresh build directory.
            Path stamp = dir.resolve("LIBIPC_HOME.txt");
            if (Files.exists(stamp) && !Files.readString(stamp, StandardCharsets.UTF_8).equals(home.toString())) {
                deleteContents(dir);
            }
            run(List.of("cmake", "-S", source.toString(), "-B", dir.toString(), "-DCMAKE_BUILD_TYPE=Release",
                    "-DCMAKE_PREFIX_PATH=" + home, "-DLIBIPC_HOME=" + home), home);
            run(List.of("cmake", "--build", dir.toString(), "-j2"), home);
            Files.writeString(stamp, home.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the libipc shim and peer in " + dir, e);
        }
        Path shim = dir.resolve(System.mapLibraryName("ipc_c"));
        Path peer = dir.resolve("libipc_peer");
        if (!Files.isRegularFile(shim) || !Files.isExecutable(peer)) {
            throw new IllegalStateException("the CMake build in " + dir + " made no " + shim.getFileName() + " or libipc_peer");
        }
        return new CppIpcBuild(shim, peer);
    }

    private static void run(List<String> command, Path home) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put(ENV, home.toString());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + " (is CMake installed?): " + command, e);
        }
        process.getOutputStream().close();
        // Output is read on its own thread (CMake blocks on a full pipe) while the timeout runs.
        java.io.ByteArrayOutputStream output = new java.io.ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try {
                process.getInputStream().transferTo(output);
            } catch (IOException ignored) {
                // the process is gone
            }
        }, "cmake-output");
        reader.setDaemon(true);
        reader.start();
        int status;
        try {
            if (!process.waitFor(CMAKE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out after " + CMAKE_TIMEOUT_SECONDS + " s: " + command);
            }
            status = process.exitValue();
            reader.join(10_000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
        if (status != 0) {
            throw new IllegalStateException("building the libipc shim and peer against " + ENV + "=" + home
                    + " failed: " + String.join(" ", command) + " exited with " + status + ":\n"
                    + output.toString(StandardCharsets.UTF_8));
        }
    }

    private static void deleteContents(Path dir) throws IOException {
        List<Path> paths = new ArrayList<>();
        try (var walk = Files.walk(dir)) {
            walk.filter(p -> !p.equals(dir)).forEach(paths::add);
        }
        paths.sort(java.util.Comparator.reverseOrder());
        for (Path p : paths) {
            Files.deleteIfExists(p);
        }
    }
}
