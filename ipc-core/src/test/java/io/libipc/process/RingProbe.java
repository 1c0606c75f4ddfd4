package io.libipc.process;

import io.libipc.internal.storage.StorageDescriptor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a channel's published tail straight from its storage file: the one white-box look the
 * process tests take, to know for sure that a sender has published part of a message (its first
 * fragments) before the test kills it. The public API cannot tell, by design: receivers never
 * show a partial message.
 *
 * <p>Only for a process that holds no handle on the channel: POSIX locks belong to the process,
 * and closing this extra descriptor would drop the liveness locks of its handles.
 */
final class RingProbe {

    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private RingProbe() {
    }

    /**
     * The ring position up to which records are published.
     *
     * @param file the channel's storage file
     * @return the tail
     */
    static long tail(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MappedByteBuffer header = channel.map(FileChannel.MapMode.READ_ONLY, 0, StorageDescriptor.RING_OFFSET);
            return (long) LONG.getVolatile(header, StorageDescriptor.TAIL_OFFSET);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
