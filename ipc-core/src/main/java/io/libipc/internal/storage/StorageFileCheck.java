package io.libipc.internal.storage;

import io.libipc.ChannelType;
import io.libipc.IpcException;
import io.libipc.IpcStatus;
import io.libipc.internal.memory.SharedMemory;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import static io.libipc.internal.storage.StorageDescriptor.*;

/**
 * The checks an existing storage file passes before this process uses it, so that a foreign,
 * truncated, newer or corrupt file fails on open with a message naming the file and the field,
 * never later with an exception from deep inside a send (or a SIGBUS: the size is checked before
 * the file is mapped). Runs under the file's init lock, so no process creates or clears the file
 * meanwhile; others may be sending and receiving on it, and the position checks allow for that.
 */
final class StorageFileCheck {

    private StorageFileCheck() {
    }

    /**
     * Checks the header's first line, read from the file before mapping it.
     *
     * @param path the file
     * @param size its size
     * @param header its first bytes, or null when the file is shorter than the header
     * @return false when a clearer marked the file cleared and died before removing it
     * @throws IpcException ERROR_CONNECTION_FAILED naming the file and what is wrong
     */
    static boolean checkHeader(Path path, long size, ByteBuffer header) {
        if (header == null) {
            throw broken(path, "it is truncated: size=" + size + " bytes, smaller than the header (" + RING_OFFSET + " bytes)");
        }
        long magic = header.getLong(MAGIC_OFFSET);
        if (magic != MAGIC) {
            throw broken(path, "it is not a libipc channel file (magic=0x" + Long.toHexString(magic)
                    + ", expected 0x" + Long.toHexString(MAGIC) + ")");
        }
        int version = header.getInt(VERSION_OFFSET);
        if (version != LAYOUT_VERSION) {
            String who = version > LAYOUT_VERSION ? "a newer" : "an older";
            throw broken(path, "it has layout version " + version + ", written by " + who
                    + " libipc; this library reads version " + LAYOUT_VERSION
                    + " (use the same libipc version in every process)");
        }
        if (header.getInt(CLEARED_OFFSET) != 0) {
            return false;
        }
        int typeCode = header.getInt(CHANNEL_TYPE_OFFSET);
        int capacity = header.getInt(CAPACITY_OFFSET);
        int maxMessageSize = header.getInt(MAX_MESSAGE_SIZE_OFFSET);
        if (typeCode != ChannelType.ROUTE.code() && typeCode != ChannelType.CHANNEL.code() || !isValidCapacity(capacity)
                || !isValidMaxMessageSize(maxMessageSize) || header.getInt(MAX_RECEIVERS_OFFSET) != SlotDescriptor.MAX_RECEIVERS) {
            throw broken(path, "its header is corrupt (type=" + typeCode + ", capacity=" + capacity
                    + ", maxMessageSize=" + maxMessageSize + ")");
        }
        if (size != fileLength(capacity)) {
            throw broken(path, "it is truncated or resized: size=" + size + " bytes, its header says "
                    + fileLength(capacity));
        }
        return true;
    }

    /**
     * Checks the ring positions of a mapped file: the tail, and the cursor of every receiver in use,
     * each within range and on a record boundary. A position outside them would make a send write
     * outside the ring. Live participants may move them meanwhile: the tail is read before and
     * after the cursors, and a cursor is never more than a ring behind the tail nor a ring ahead of it
     * (a handle that also receives moves its own cursor past its record just before publishing it).
     *
     * @param path the file
     * @param memory its mapping, header checked
     * @throws IpcException ERROR_CONNECTION_FAILED naming the file and the field
     */
    static void checkPositions(Path path, SharedMemory memory) {
        int capacity = memory.getInt(CAPACITY_OFFSET);
        long before = tail(memory);
        if (before < 0 || before > MAX_POSITION || !isRecordAligned(before)) {
            throw broken(path, "its tail is corrupt (tail=" + before + ", must be between 0 and " + MAX_POSITION
                    + " and a multiple of " + RecordDescriptor.ALIGNMENT + ")");
        }
        long mask = receiverMask(memory);
        long[] cursors = new long[SlotDescriptor.MAX_RECEIVERS];
        for (long m = mask; m != 0; m &= m - 1) {
            int slot = Long.numberOfTrailingZeros(m);
            cursors[slot] = SlotDescriptor.cursor(memory, SlotDescriptor.cursorOffset(slot));
        }
        long after = tail(memory);
        for (long m = mask; m != 0; m &= m - 1) {
            int slot = Long.numberOfTrailingZeros(m);
            long cursor = cursors[slot];
            if (cursor < before - capacity || cursor > after + capacity || !isRecordAligned(cursor)) {
                throw broken(path, "the cursor of receiver slot " + slot + " is corrupt (cursor=" + cursor + ", tail="
                        + after + ", capacity=" + capacity + ")");
            }
        }
    }

    private static boolean isRecordAligned(long position) {
        return (position & (RecordDescriptor.ALIGNMENT - 1)) == 0;
    }

    static IpcException broken(Path path, String why) {
        return new IpcException(IpcStatus.ERROR_CONNECTION_FAILED, "cannot use channel storage file " + path
                + ": " + why + ". Remove it with IpcChannel.clearChannelStorage(name) (or delete the file) if no process uses it.");
    }
}
