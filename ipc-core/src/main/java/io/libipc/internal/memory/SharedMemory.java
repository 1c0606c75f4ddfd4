package io.libipc.internal.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Access to memory that other processes share: a memory-mapped storage file, or any direct
 * {@link ByteBuffer} (the ring tests use plain ones). Every read and write of shared state goes
 * through here, each method naming its memory ordering, so that the descriptors' typed accessors
 * can fix one ordering per field and a faster implementation (issue 15) is a change of this class
 * alone. Native byte order; every ordered access needs its offset aligned to the access size.
 *
 * <p>Thread-safe as memory is: the caller's protocol decides what is safe. The buffer is kept in a
 * final field for as long as this object lives: once a mapping is unreachable the GC unmaps it,
 * and the native address handed to the kernel for futex calls would dangle.
 *
 * <p>Two ways in, one chosen when the class loads. On Java 17 to 23, {@code sun.misc.Unsafe} (module
 * jdk.unsupported, exported to everybody: no {@code --add-opens}, unlike Agrona's
 * {@code jdk.internal.misc.Unsafe}) at the buffer's address, with an explicit bounds check per
 * access: a 32 B send plus receive in one JVM took 53-54 ns through the byte-buffer view
 * {@link VarHandle}s and 45 ns so, 39 ns without the bounds checks (JMH
 * {@code AllocationBenchmark.byteBufferPath}, alternated in one session).
 * From Java 24, whose JVM warns about every use of Unsafe's memory methods (JEP 498), the
 * VarHandles. Both give each method the ordering it names.
 *
 * <p>Not final so that a test can record the order of stores; production code has no subclass
 * (the JIT devirtualizes every call).
 */
public class SharedMemory {

    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    /** Null where the VarHandles are used: a constant, so the JIT keeps one path of each method. */
    private static final sun.misc.Unsafe UNSAFE = unsafeOrNull();
    /** Offset of {@code Buffer.address}, the native address of a direct buffer's first byte. */
    private static final long ADDRESS_FIELD = UNSAFE == null ? 0 : addressField(UNSAFE);
    /**
     * Offset of a byte[]'s first element, asked of the instance: where the runtime lacks
     * jdk.unsupported (a jlink image), nothing here may touch the Unsafe class's own fields.
     */
    private static final long BYTES = UNSAFE == null ? 0 : UNSAFE.arrayBaseOffset(byte[].class);

    /** Kept for as long as this object lives: {@link #base} is an address inside it. */
    private final ByteBuffer buffer;
    /** Address of byte 0, for the Unsafe path. */
    private final long base;
    private final int capacity;
    /** The native address of byte 0, looked up on first use (JNA, {@link NativeAddress}): only futex calls need it. */
    private long address;

    /**
     * Wraps a direct buffer from index 0 to its capacity.
     *
     * @param buffer a direct buffer; its byte order is set to native
     * @throws IllegalArgumentException for a heap buffer, whose bytes the kernel cannot share
     */
    public SharedMemory(ByteBuffer buffer) {
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("shared memory needs a direct buffer: " + buffer);
        }
        this.buffer = buffer.order(ByteOrder.nativeOrder());
        this.base = UNSAFE == null ? 0 : UNSAFE.getLong(buffer, ADDRESS_FIELD);
        this.capacity = buffer.capacity();
    }

    private static sun.misc.Unsafe unsafeOrNull() {
        if (Runtime.version().feature() >= 24) {
            return null;
        }
        try {
            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            sun.misc.Unsafe unsafe = (sun.misc.Unsafe) f.get(null);
            addressField(unsafe);
            return unsafe;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // A JVM without it, or one that refuses: the VarHandles work everywhere.
            return null;
        }
    }

    private static long addressField(sun.misc.Unsafe unsafe) {
        try {
            return unsafe.objectFieldOffset(Buffer.class.getDeclaredField("address"));
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The address of {@code size} bytes at {@code offset}, checked to lie inside this memory. */
    private long at(int offset, int size) {
        return base + Objects.checkFromIndexSize(offset, size, capacity);
    }

    /** @return the length of the region in bytes */
    public final int length() {
        return capacity;
    }

    /**
     * The native address of the first byte, for system calls on words of this memory. The first
     * call loads JNA.
     *
     * @return the address
     */
    public final long address() {
        long a = address;
        if (a == 0) {
            // A benign race: every thread computes the same value.
            a = NativeAddress.of(buffer);
            address = a;
        }
        return a;
    }

    /**
     * Reads an int, plain.
     *
     * @param offset byte offset
     * @return the int, plain read
     */
    public int getInt(int offset) {
        return UNSAFE != null ? UNSAFE.getInt(at(offset, 4)) : buffer.getInt(offset);
    }

    /**
     * Writes an int, plain.
     *
     * @param offset byte offset
     * @param value the int, plain write
     */
    public void putInt(int offset, int value) {
        if (UNSAFE != null) {
            UNSAFE.putInt(at(offset, 4), value);
        } else {
            buffer.putInt(offset, value);
        }
    }

    /**
     * Reads an int, volatile.
     *
     * @param offset aligned offset
     * @return the int, volatile read
     */
    public int getIntVolatile(int offset) {
        return UNSAFE != null ? UNSAFE.getIntVolatile(null, at(offset, 4)) : (int) INT.getVolatile(buffer, offset);
    }

    /**
     * Writes an int, volatile: the store, then a full fence.
     *
     * @param offset aligned offset
     * @param value the int, volatile write (a full fence after it)
     */
    public void putIntVolatile(int offset, int value) {
        if (UNSAFE != null) {
            UNSAFE.putIntVolatile(null, at(offset, 4), value);
        } else {
            INT.setVolatile(buffer, offset, value);
        }
    }

    /**
     * Writes an int with release semantics.
     *
     * @param offset aligned offset
     * @param value the int, release write
     */
    public void putIntRelease(int offset, int value) {
        if (UNSAFE != null) {
            UNSAFE.putOrderedInt(null, at(offset, 4), value);
        } else {
            INT.setRelease(buffer, offset, value);
        }
    }

    /**
     * Adds to an int atomically.
     *
     * @param offset aligned offset
     * @param delta the addend
     * @return the previous value; a full fence
     */
    public int getAndAddInt(int offset, int delta) {
        return UNSAFE != null ? UNSAFE.getAndAddInt(null, at(offset, 4), delta) : (int) INT.getAndAdd(buffer, offset, delta);
    }

    /**
     * Swaps an int atomically.
     *
     * @param offset aligned offset
     * @param value the new value
     * @return the previous value; a full fence
     */
    public int getAndSetInt(int offset, int value) {
        return UNSAFE != null ? UNSAFE.getAndSetInt(null, at(offset, 4), value) : (int) INT.getAndSet(buffer, offset, value);
    }

    /**
     * Reads a long, plain.
     *
     * @param offset byte offset
     * @return the long, plain read
     */
    public long getLong(int offset) {
        return UNSAFE != null ? UNSAFE.getLong(at(offset, 8)) : buffer.getLong(offset);
    }

    /**
     * Reads a long, volatile.
     *
     * @param offset aligned offset
     * @return the long, volatile read
     */
    public long getLongVolatile(int offset) {
        return UNSAFE != null ? UNSAFE.getLongVolatile(null, at(offset, 8)) : (long) LONG.getVolatile(buffer, offset);
    }

    /**
     * Reads a long with acquire semantics.
     *
     * @param offset aligned offset
     * @return the long, acquire read
     */
    public long getLongAcquire(int offset) {
        // Unsafe's volatile read is at least an acquire (on x86 and AArch64 the same instruction).
        return UNSAFE != null ? UNSAFE.getLongVolatile(null, at(offset, 8)) : (long) LONG.getAcquire(buffer, offset);
    }

    /**
     * Writes a long, volatile: the store, then a full fence.
     *
     * @param offset aligned offset
     * @param value the long, volatile write (a full fence after it)
     */
    public void putLongVolatile(int offset, long value) {
        if (UNSAFE != null) {
            UNSAFE.putLongVolatile(null, at(offset, 8), value);
        } else {
            LONG.setVolatile(buffer, offset, value);
        }
    }

    /**
     * Writes a long with release semantics.
     *
     * @param offset aligned offset
     * @param value the long, release write
     */
    public void putLongRelease(int offset, long value) {
        if (UNSAFE != null) {
            UNSAFE.putOrderedLong(null, at(offset, 8), value);
        } else {
            LONG.setRelease(buffer, offset, value);
        }
    }

    /**
     * Compares and sets a long atomically.
     *
     * @param offset aligned offset
     * @param expected the value expected
     * @param value the new value
     * @return whether it was set; a full fence
     */
    public boolean compareAndSetLong(int offset, long expected, long value) {
        return UNSAFE != null ? UNSAFE.compareAndSwapLong(null, at(offset, 8), expected, value)
                : LONG.compareAndSet(buffer, offset, expected, value);
    }

    /**
     * Adds to a long atomically.
     *
     * @param offset aligned offset
     * @param delta the addend
     * @return the previous value; a full fence
     */
    public long getAndAddLong(int offset, long delta) {
        return UNSAFE != null ? UNSAFE.getAndAddLong(null, at(offset, 8), delta) : (long) LONG.getAndAdd(buffer, offset, delta);
    }

    /**
     * Copies bytes out, plain reads.
     *
     * @param offset where to start in this memory
     * @param dst the destination
     * @param dstOffset where to start in it
     * @param length how many bytes
     */
    public void getBytes(int offset, byte[] dst, int dstOffset, int length) {
        if (UNSAFE != null) {
            Objects.checkFromIndexSize(dstOffset, length, dst.length);
            UNSAFE.copyMemory(null, at(offset, length), dst, BYTES + dstOffset, length);
        } else {
            buffer.get(offset, dst, dstOffset, length);
        }
    }

    /**
     * Copies bytes in, plain writes.
     *
     * @param offset where to start in this memory
     * @param src the source
     * @param srcOffset where to start in it
     * @param length how many bytes
     */
    public void putBytes(int offset, byte[] src, int srcOffset, int length) {
        if (UNSAFE != null) {
            Objects.checkFromIndexSize(srcOffset, length, src.length);
            UNSAFE.copyMemory(src, BYTES + srcOffset, null, at(offset, length), length);
        } else {
            buffer.put(offset, src, srcOffset, length);
        }
    }

    /**
     * Copies bytes in from a buffer, plain writes; the source's position is not moved.
     *
     * @param offset where to start in this memory
     * @param src the source, heap or direct
     * @param srcOffset absolute index in the source
     * @param length how many bytes
     */
    public void putBytes(int offset, ByteBuffer src, int srcOffset, int length) {
        if (UNSAFE != null && src.isDirect()) {
            Objects.checkFromIndexSize(srcOffset, length, src.limit());
            UNSAFE.copyMemory(null, UNSAFE.getLong(src, ADDRESS_FIELD) + srcOffset, null, at(offset, length), length);
        } else {
            buffer.put(offset, src, srcOffset, length);
        }
    }

    @Override
    public String toString() {
        return "SharedMemory[length=" + length() + "]";
    }
}
