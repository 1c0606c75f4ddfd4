package io.libipc.internal.storage;

import io.libipc.ChannelType;
import io.libipc.IpcException;
import io.libipc.IpcStatus;
import io.libipc.internal.memory.SharedMemory;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The storage layout the descriptors compute is layout version 1, byte for byte (files written by
 * an earlier build of this version must still open), and the rules and packings kept beside it.
 */
class StorageLayoutTest {

    @Test
    void theComputedOffsetsAreThoseOfLayoutVersion1() {
        assertThat(StorageDescriptor.LAYOUT_VERSION).isEqualTo(1);
        int[] header = {StorageDescriptor.MAGIC_OFFSET, StorageDescriptor.VERSION_OFFSET,
                StorageDescriptor.CHANNEL_TYPE_OFFSET, StorageDescriptor.CAPACITY_OFFSET,
                StorageDescriptor.MAX_MESSAGE_SIZE_OFFSET, StorageDescriptor.MAX_RECEIVERS_OFFSET,
                StorageDescriptor.CLEARED_OFFSET, StorageDescriptor.CREATOR_PID_OFFSET,
                StorageDescriptor.WRITE_LOCK_OFFSET, StorageDescriptor.NEXT_SEQ_OFFSET,
                StorageDescriptor.LOCK_WAITER_STAMP_OFFSET, StorageDescriptor.TAIL_OFFSET,
                StorageDescriptor.DATA_FUTEX_OFFSET, StorageDescriptor.DATA_WAITERS_OFFSET,
                StorageDescriptor.SPACE_FUTEX_OFFSET, StorageDescriptor.SPACE_WAITERS_OFFSET,
                StorageDescriptor.MEMBERSHIP_FUTEX_OFFSET, StorageDescriptor.RECEIVER_MASK_OFFSET,
                StorageDescriptor.SENDER_GENERATIONS_OFFSET, StorageDescriptor.RECEIVER_SLOTS_OFFSET,
                StorageDescriptor.RING_OFFSET};
        assertThat(header).containsExactly(0, 8, 12, 16, 20, 24, 28, 32, 64, 72, 80, 128, 192, 256, 320, 384, 448, 512,
                1024, 2048, 8192);
        assertThat(new int[] {SlotDescriptor.SLOT_CURSOR_OFFSET, SlotDescriptor.SLOT_LOST_OFFSET,
                SlotDescriptor.SLOT_GENERATION_OFFSET, SlotDescriptor.SLOT_PID_OFFSET,
                SlotDescriptor.SLOT_LOST_THROUGH_SEQ_OFFSET, SlotDescriptor.RECEIVER_SLOT_LENGTH})
                .containsExactly(0, 8, 16, 24, 28, 64);
        assertThat(SlotDescriptor.receiverSlotOffset(63) + SlotDescriptor.RECEIVER_SLOT_LENGTH).isEqualTo(6144);
        assertThat(SlotDescriptor.generationOffset(SlotKind.SENDER, 63)).isEqualTo(1024 + 63 * 8);
        assertThat(SlotDescriptor.lockPosition(SlotKind.SENDER, 0)).isEqualTo((1L << 40) + 1024);
        assertThat(SlotDescriptor.lockPosition(SlotKind.RECEIVER, 5)).isEqualTo((1L << 40) + 2048 + 5);
        assertThat(new int[] {RecordDescriptor.LENGTH_OFFSET, RecordDescriptor.TYPE_OFFSET,
                RecordDescriptor.SENDER_TAG_OFFSET, RecordDescriptor.SEQ_OFFSET, RecordDescriptor.HEADER_LENGTH,
                RecordDescriptor.ALIGNMENT}).containsExactly(0, 4, 8, 12, 16, 16);
    }

    @Test
    void aNewHeaderIdentifiesTheChannelAndIsCompleteOnceItsVersionIsSet() {
        SharedMemory memory = new SharedMemory(ByteBuffer.allocateDirect((int) StorageDescriptor.fileLength(4096)));

        StorageDescriptor.initialise(memory, ChannelType.ROUTE, 4096, 100);

        assertThat(memory.getLong(StorageDescriptor.MAGIC_OFFSET)).isEqualTo(StorageDescriptor.MAGIC);
        assertThat(memory.getInt(StorageDescriptor.VERSION_OFFSET)).isEqualTo(StorageDescriptor.LAYOUT_VERSION);
        ChannelStorage storage = new ChannelStorage(java.nio.file.Path.of("memory:x"), memory, null);
        assertThat(storage.type()).isEqualTo(ChannelType.ROUTE);
        assertThat(storage.capacity()).isEqualTo(4096);
        assertThat(storage.maxMessageSize()).isEqualTo(100);
        assertThat(storage.isCleared()).isFalse();
        StorageDescriptor.markCleared(memory);
        assertThat(storage.isCleared()).isTrue();
    }

    @Test
    void theCapacityRuleRoundsUpToAPowerOfTwoAndNamesTheRangeWhenRefusing() {
        assertThat(StorageDescriptor.checkCapacity(4096)).isEqualTo(4096);
        assertThat(StorageDescriptor.checkCapacity(5000)).isEqualTo(8192);
        assertThat(StorageDescriptor.checkCapacity(1L << 30)).isEqualTo(1 << 30);
        assertThatThrownBy(() -> StorageDescriptor.checkCapacity(4095)).isInstanceOfSatisfying(IpcException.class, e -> {
            assertThat(e.status()).isEqualTo(IpcStatus.ERROR_INVALID_ARGUMENT);
            assertThat(e.getMessage()).isEqualTo("capacity must be between 4096 and 1073741824 bytes: capacity=4095");
        });
        assertThatThrownBy(() -> StorageDescriptor.checkCapacity((1L << 30) + 1)).isInstanceOf(IpcException.class);
        assertThat(StorageDescriptor.isValidCapacity(8192)).isTrue();
        assertThat(StorageDescriptor.isValidCapacity(8191)).isFalse();
        assertThat(StorageDescriptor.isValidCapacity(Integer.MIN_VALUE)).isFalse();
    }

    @Test
    void theMaxMessageSizeRuleAllowsOneByteToOneGibibyte() {
        assertThat(StorageDescriptor.checkMaxMessageSize(1)).isEqualTo(1);
        assertThatThrownBy(() -> StorageDescriptor.checkMaxMessageSize(0))
                .hasMessage("maxMessageSize must be between 1 and 1073741824 bytes: maxMessageSize=0");
        assertThat(StorageDescriptor.isValidMaxMessageSize(Integer.MAX_VALUE)).isFalse();
    }

    @Test
    void anOwnerIdPacksKindSlotAndGenerationAndUnpacksThem() {
        long id = SlotDescriptor.ownerId(SlotKind.RECEIVER, 63, (1L << 54) + 7);

        assertThat(id).isNotZero();
        assertThat(SlotDescriptor.ownerKind(id)).isEqualTo(SlotKind.RECEIVER);
        assertThat(SlotDescriptor.ownerSlot(id)).isEqualTo(63);
        assertThat(SlotDescriptor.sameGeneration(id, 7)).as("low 54 bits").isTrue();
        assertThat(SlotDescriptor.sameGeneration(id, 8)).isFalse();
        assertThat(SlotDescriptor.ownerKind(SlotDescriptor.ownerId(SlotKind.SENDER, 0, 1))).isEqualTo(SlotKind.SENDER);
        assertThat(RecordDescriptor.senderTag(-1)).isEqualTo(RecordDescriptor.NO_SENDER_TAG);
        assertThat(RecordDescriptor.senderTag(0)).isEqualTo(1);
    }
}
