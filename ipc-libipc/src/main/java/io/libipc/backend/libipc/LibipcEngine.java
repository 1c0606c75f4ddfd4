package io.libipc.backend.libipc;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcException;
import io.libipc.IpcOptions;
import io.libipc.IpcStatus;
import io.libipc.internal.engine.Cancellation;
import io.libipc.internal.engine.ChannelEngine;
import io.libipc.internal.engine.EngineConnection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The libipc backend: channels in cpp-ipc's own format, kept by cpp-ipc itself through the
 * {@code libipc_c} shim, so that unmodified C++ programs and the Python wrapper share them. The
 * channel name is cpp-ipc's name as it is: {@link IpcOptions#namePrefix()},
 * {@link IpcOptions#storageDirectory()}, {@link IpcOptions#filePermissions()} and
 * {@link IpcOptions#capacity()} do not apply (cpp-ipc keeps its objects in {@code /dev/shm}, mode
 * 0666, in a ring of 256 slots).
 */
final class LibipcEngine implements ChannelEngine {

    static final LibipcEngine INSTANCE = new LibipcEngine();

    /** Where cpp-ipc 1.4 keeps a channel's ring: the main one of its objects. */
    private static final Path SHM = Path.of("/dev/shm");

    private LibipcEngine() {
    }

    /**
     * cpp-ipc 1.4's ring object of a channel; the others ({@code __IPC_SHM__AC_CONN__<name>}, three
     * waiters' objects) sit beside it.
     */
    @Override
    public Path storagePath(String name, IpcOptions options) {
        return SHM.resolve("__IPC_SHM__QU_CONN__" + name + "__64__16");
    }

    @Override
    public EngineConnection connect(ChannelType type, String name, IpcOptions options, Set<ConnMode> modes,
                                    Cancellation cancellation) {
        return LibipcConnection.open(type, name, options, modes, cancellation);
    }

    /**
     * Removes the channel's objects through cpp-ipc. cpp-ipc cannot tell handles still open on them,
     * as the native engine does: processes attached keep their old objects, new ones get fresh ones.
     *
     * @throws IpcException ERROR_INVALID_ARGUMENT when a handle of this process is still connected
     *         to the channel (cpp-ipc would crash that handle later)
     */
    @Override
    public boolean clearStorage(String name, IpcOptions options) {
        Path ring = storagePath(name, options);
        boolean existed = Files.exists(ring);
        if (!existed && !anyObjectOf(name)) {
            // Nothing to remove: cpp-ipc would print a failed unlink for each of its objects.
            return false;
        }
        LibipcNative.ipc_channel_clear_storage(name);
        if (existed && Files.exists(ring)) {
            throw new IpcException(IpcStatus.ERROR_INVALID_ARGUMENT, "channel '" + name + "' (backend=LIBIPC) was not"
                    + " cleared: " + LibipcLibrary.lastError() + "; close this process's handles on it first");
        }
        return existed;
    }

    /** Whether /dev/shm holds an object that may be one of the name's ({@code __IPC_SHM__<kind>__<name>[_...]}). */
    private static boolean anyObjectOf(String name) {
        try (Stream<Path> objects = Files.list(SHM)) {
            return objects.map(p -> p.getFileName().toString())
                    .anyMatch(f -> f.startsWith("__IPC_SHM__") && (f.endsWith("__" + name) || f.contains("__" + name + "_")));
        } catch (IOException | UncheckedIOException e) {
            return true;   // cannot tell: let cpp-ipc try
        }
    }

    /**
     * The exception for a failed shim call, with the shim's own reason.
     *
     * @param status the status the shim returned, negative
     * @param channel the channel name
     * @param what the call, e.g. "send"
     * @return the exception
     */
    static IpcException failure(int status, String channel, String what) {
        IpcStatus s = status >= IpcStatus.ERROR_MEMORY.code() && status < 0 ? IpcStatus.fromCode(status)
                : IpcStatus.ERROR_CONNECTION_FAILED;
        return new IpcException(s, what + " on channel '" + channel + "' failed (backend=LIBIPC, status=" + status
                + "): " + LibipcLibrary.lastError());
    }
}
