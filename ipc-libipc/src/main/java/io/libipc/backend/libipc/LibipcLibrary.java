package io.libipc.backend.libipc;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import io.libipc.IpcException;
import io.libipc.IpcStatus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds and loads the {@code libipc_c} shim, once per JVM: the file named by the system property
 * {@value #LIBRARY_PROPERTY}; else JNA's search ({@code jna.library.path}, then the system's library
 * path) for the platform's usual names: {@code libipc_c.so} (Linux), {@code libipc_c.dylib} (macOS),
 * and on Windows the Python wrapper's own {@code libipc.dll}, which exports the same ABI, or
 * {@code ipc_c.dll}. A missing or incompatible library is an {@link IpcException} naming where it
 * looked and what to do.
 */
final class LibipcLibrary {

    /** System property naming the shim's file. */
    static final String LIBRARY_PROPERTY = "libipc.library";
    /** The ABI this backend speaks: the shim's version string starts with it. */
    static final String ABI = "libipc_c 1 ";

    private static String version;
    private static volatile Function lastError;
    private static volatile boolean hasOps;

    private LibipcLibrary() {
    }

    /**
     * Loads the shim and binds {@link LibipcNative} to it, the first time.
     *
     * @return the shim's version, e.g. "libipc_c 1 (cpp-ipc 1.4.1)"
     * @throws IpcException ERROR_CONNECTION_FAILED when it cannot be found, loaded or is of another ABI
     */
    static synchronized String load() {
        if (version != null) {
            return version;
        }
        List<String> tried = new ArrayList<>();
        NativeLibrary library = null;
        Throwable last = null;
        for (String candidate : candidates()) {
            tried.add(candidate);
            try {
                library = NativeLibrary.getInstance(candidate);
                break;
            } catch (UnsatisfiedLinkError e) {
                last = e;
            }
        }
        if (library == null) {
            throw new IpcException(IpcStatus.ERROR_CONNECTION_FAILED, "backend=LIBIPC needs the libipc_c shim library"
                    + " (build it from ipc-libipc/src/main/native against an installed cpp-ipc; see the README): not found;"
                    + " tried " + tried + " with " + LIBRARY_PROPERTY + "=" + System.getProperty(LIBRARY_PROPERTY)
                    + ", jna.library.path=" + System.getProperty("jna.library.path")
                    + "; set -D" + LIBRARY_PROPERTY + "=/path/to/" + System.mapLibraryName("ipc_c"), last);
        }
        try {
            LibipcNative.register(library);
        } catch (UnsatisfiedLinkError e) {
            throw new IpcException(IpcStatus.ERROR_CONNECTION_FAILED, "the library " + library.getFile()
                    + " does not export the libipc C ABI (ipc_channel_create and the others of libipc_c.h): "
                    + e.getMessage(), e);
        }
        hasOps = LibipcShimNative.register(library);
        lastError = optionalFunction(library, "ipc_shim_last_error");
        Function versionFunction = optionalFunction(library, "ipc_shim_version");
        if (versionFunction == null) {
            // The wrapper's own library: its twelve functions, without our helpers.
            version = "libipc C ABI without ipc_shim_version (" + library.getFile() + ")";
            return version;
        }
        String found = versionFunction.invokeString(new Object[0], false);
        if (found == null || !found.startsWith(ABI)) {
            throw new IpcException(IpcStatus.ERROR_CONNECTION_FAILED, "the library " + library.getFile()
                    + " is not a libipc_c shim of ABI 1: ipc_shim_version=" + found);
        }
        version = found;
        return version;
    }

    /**
     * Whether the loaded library has the shim's one-argument send and receive calls
     * ({@link LibipcShimNative}).
     *
     * @return false for a library with the wrapper's twelve functions alone
     */
    static boolean hasOps() {
        return hasOps;
    }

    /**
     * Why the calling thread's last failed call failed, as the shim tells it; for error messages only
     * (it allocates).
     *
     * @return the shim's reason, or a note that the library gives none
     */
    static String lastError() {
        Function f = lastError;
        if (f == null) {
            return "(no reason: the library has no ipc_shim_last_error)";
        }
        String reason = f.invokeString(new Object[0], false);
        return reason == null ? "" : reason;
    }

    private static Function optionalFunction(NativeLibrary library, String name) {
        try {
            return library.getFunction(name);
        } catch (UnsatisfiedLinkError e) {
            return null;
        }
    }

    private static List<String> candidates() {
        String file = System.getProperty(LIBRARY_PROPERTY);
        if (file != null && !file.isBlank()) {
            Path path = Path.of(file).toAbsolutePath();
            if (!Files.isRegularFile(path)) {
                throw new IpcException(IpcStatus.ERROR_CONNECTION_FAILED, LIBRARY_PROPERTY + " names no file: "
                        + LIBRARY_PROPERTY + "=" + file);
            }
            return List.of(path.toString());
        }
        return Platform.isWindows() ? List.of("libipc", "ipc_c") : List.of("ipc_c");
    }
}
