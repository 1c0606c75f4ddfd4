package io.libipc.backend.libipc.support;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.support.TestChannels;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Keeps cpp-ipc's shared chunk storage for the interop tests' message sizes alive in this JVM, so
 * that short-lived senders cannot take it away from their receivers.
 *
 * <p>Why: cpp-ipc 1.4.1 copies a message over 64 bytes into a machine-wide chunk object
 * {@code /dev/shm/__IPC_SHM__CHUNK_INFO__<chunk size>} and sends only the chunk's id through the
 * ring. A process maps that object the first time it sends or receives a message of that chunk
 * size, and the last process to let go of it (at exit) removes it. A sender that exits before its
 * receiver has received its first message of that size therefore removes the object under the
 * message, and the receiver then creates a fresh, zeroed one: it gets a message of the right size
 * whose bytes are all zero ({@code CppIpcChunkStorageTest} shows it). The C++ peer and the Java
 * sender role both exit right after their last send, so this JVM maps the chunk sizes the tests
 * use once (a message of each size to itself through backend LIBIPC) and holds them until it
 * exits; the objects go away with it.
 */
public final class ChunkStoragePin {

    /** One message size per chunk size the tests use: chunks of 1 KiB, 5 KiB, 69 KiB and 1025 KiB. */
    public static final int[] PINNED_SIZES = {65, 4096, 70_000, 1 << 20};

    private ChunkStoragePin() {
    }

    /**
     * cpp-ipc 1.4.1's chunk size for a message, as seen in {@code /dev/shm}: the next multiple of
     * 1 KiB above the size (its header included).
     *
     * @param size a message size over 64
     * @return the chunk size in the object's name
     */
    public static int chunkSize(int size) {
        return (size / 1024 + 1) * 1024;
    }

    /**
     * The chunk object of a message size.
     *
     * @param size a message size over 64
     * @return {@code /dev/shm/__IPC_SHM__CHUNK_INFO__<chunk size>}
     */
    public static Path chunkObject(int size) {
        return LibipcChannels.SHM.resolve("__IPC_SHM__CHUNK_INFO__" + chunkSize(size));
    }

    /** Maps the chunk objects of {@link #PINNED_SIZES} in this JVM; called once by {@link LibipcHome}. */
    static void pin() {
        String name = "lx-" + TestChannels.uniqueName("chunk-pin");
        try (IpcChannel rx = new IpcChannel(ChannelType.CHANNEL, name, LibipcChannels.options(), ConnMode.RECEIVER);
             IpcChannel tx = new IpcChannel(ChannelType.CHANNEL, name, LibipcChannels.options(), ConnMode.SENDER)) {
            for (int size : PINNED_SIZES) {
                byte[] m = PeerPattern.message(size, size);
                tx.send(m, 5_000);
                byte[] got = rx.receive(5_000);
                if (!Arrays.equals(got, m)) {
                    throw new AssertionError("cpp-ipc returned another message than sent to itself: size=" + size);
                }
            }
        } finally {
            LibipcChannels.removeCppIpcObjects(name);
        }
        for (int size : PINNED_SIZES) {
            if (!Files.exists(chunkObject(size))) {
                throw new AssertionError("no chunk object for size=" + size + " after a message of that size: "
                        + chunkObject(size) + " (has cpp-ipc's chunk naming changed?)");
            }
        }
    }
}
