package io.libipc.internal.ring;

import io.libipc.internal.memory.SharedMemory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Shared memory that records every store and atomic operation, in order, for the store-order tests. */
final class RecordingMemory extends SharedMemory {

    /** One recorded operation. */
    record Op(String kind, int offset) {
    }

    final List<Op> ops = new ArrayList<>();
    boolean recording;

    RecordingMemory(int length) {
        super(ByteBuffer.allocateDirect(length));
    }

    private void record(String kind, int offset) {
        if (recording) {
            ops.add(new Op(kind, offset));
        }
    }

    @Override
    public void putInt(int offset, int value) {
        record("put", offset);
        super.putInt(offset, value);
    }

    @Override
    public void putBytes(int offset, byte[] src, int srcOffset, int length) {
        record("put", offset);
        super.putBytes(offset, src, srcOffset, length);
    }

    @Override
    public void putBytes(int offset, ByteBuffer src, int srcOffset, int length) {
        record("put", offset);
        super.putBytes(offset, src, srcOffset, length);
    }

    @Override
    public void getBytes(int offset, byte[] dst, int dstOffset, int length) {
        record("copy", offset);
        super.getBytes(offset, dst, dstOffset, length);
    }

    @Override
    public void putLongVolatile(int offset, long value) {
        record("volatile", offset);
        super.putLongVolatile(offset, value);
    }

    @Override
    public void putLongRelease(int offset, long value) {
        record("release", offset);
        super.putLongRelease(offset, value);
    }

    @Override
    public boolean compareAndSetLong(int offset, long expected, long value) {
        record("cas", offset);
        return super.compareAndSetLong(offset, expected, value);
    }

    @Override
    public int getIntVolatile(int offset) {
        record("read", offset);
        return super.getIntVolatile(offset);
    }

    /** The index of the first recorded operation of a kind at an offset. */
    int indexOf(String kind, int offset) {
        return ops.indexOf(new Op(kind, offset));
    }
}
