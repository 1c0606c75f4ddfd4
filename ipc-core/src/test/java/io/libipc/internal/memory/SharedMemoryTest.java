package io.libipc.internal.memory;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each access method reads and writes what the buffer holds, in native order, and an access
 * outside the memory throws instead of touching what lies beyond it (whichever way in the class
 * chose: on Java 17 the Unsafe one, from 24 the VarHandles).
 */
class SharedMemoryTest {

    private final ByteBuffer buffer = ByteBuffer.allocateDirect(256).order(ByteOrder.nativeOrder());
    private final SharedMemory memory = new SharedMemory(buffer);

    @Test
    void intsAndLongsLandWhereTheBufferSeesThem() {
        memory.putInt(4, 7);
        memory.putIntVolatile(8, 8);
        memory.putIntRelease(12, 9);
        memory.putLongVolatile(16, 10L);
        memory.putLongRelease(24, 11L);
        assertThat(buffer.getInt(4)).isEqualTo(7);
        assertThat(buffer.getInt(8)).isEqualTo(8);
        assertThat(buffer.getInt(12)).isEqualTo(9);
        assertThat(buffer.getLong(16)).isEqualTo(10L);
        assertThat(buffer.getLong(24)).isEqualTo(11L);
        buffer.putLong(32, -5L);
        assertThat(memory.getLong(32)).isEqualTo(-5L);
        assertThat(memory.getLongVolatile(32)).isEqualTo(-5L);
        assertThat(memory.getLongAcquire(32)).isEqualTo(-5L);
        assertThat(memory.getInt(4)).isEqualTo(7);
        assertThat(memory.getIntVolatile(8)).isEqualTo(8);
    }

    @Test
    void atomicsReturnThePreviousValue() {
        assertThat(memory.getAndAddInt(40, 3)).isZero();
        assertThat(memory.getAndSetInt(40, 9)).isEqualTo(3);
        assertThat(memory.compareAndSetLong(48, 0, 5)).isTrue();
        assertThat(memory.compareAndSetLong(48, 0, 6)).isFalse();
        assertThat(memory.getAndAddLong(48, 2)).isEqualTo(5);
        assertThat(buffer.getInt(40)).isEqualTo(9);
        assertThat(buffer.getLong(48)).isEqualTo(7);
    }

    @Test
    void bytesCopyFromArraysAndBuffersOfEitherKind() {
        memory.putBytes(64, new byte[] {1, 2, 3, 4}, 1, 3);
        ByteBuffer direct = ByteBuffer.allocateDirect(8).put(0, (byte) 5).put(1, (byte) 6);
        memory.putBytes(67, direct, 0, 2);
        ByteBuffer heap = ByteBuffer.wrap(new byte[] {0, 7});
        memory.putBytes(69, heap, 1, 1);
        byte[] out = new byte[8];
        memory.getBytes(64, out, 1, 6);
        assertThat(out).containsExactly(0, 2, 3, 4, 5, 6, 7, 0);
        assertThat(direct.position()).isZero();
    }

    @Test
    void accessesOutsideTheMemoryThrow() {
        assertThatThrownBy(() -> memory.getInt(253)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> memory.putLongVolatile(256, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> memory.compareAndSetLong(-8, 0, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> memory.getBytes(250, new byte[16], 0, 16)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> memory.getBytes(0, new byte[4], 2, 4)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> memory.putBytes(0, new byte[4], 0, 5)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> memory.putBytes(0, ByteBuffer.allocateDirect(4), 2, 4))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
