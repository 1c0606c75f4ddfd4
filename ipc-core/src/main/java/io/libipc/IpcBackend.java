package io.libipc;

/**
 * What keeps a channel's messages: which storage format, and so which processes a handle can talk
 * to. Chosen per handle with {@link IpcOptions.Builder#backend(IpcBackend)}; every process of one
 * channel must use the same.
 */
public enum IpcBackend {
    /**
     * Our own format, pure Java: one file per channel, 64 receivers, lost-message counts, kill -9
     * safe. Talks to other processes using this library.
     */
    NATIVE,
    /**
     * libipc's own format, through the library itself (cpp-ipc, bound with JNA through the
     * {@code libipc_c} shim of module {@code ipc-libipc}): talks to unmodified C++ programs on
     * cpp-ipc and to Python processes on its wrapper. Needs {@code io.libipc:ipc-libipc} on the class
     * path and the shim library on the machine; see its README section for what differs.
     */
    LIBIPC
}
