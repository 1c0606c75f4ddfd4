package io.libipc;

import io.libipc.internal.storage.SlotDescriptor;
import io.libipc.internal.storage.SlotKind;
import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import static io.libipc.internal.storage.SlotDescriptor.*;
import static io.libipc.internal.storage.StorageDescriptor.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * No corrupt word in the header or the slot tables of a storage file can raise anything but an
 * {@link IpcException}: a seeded fuzz of a real channel file (byte flips, overwrites of every known
 * field with edge values, truncation and extension, ring bytes) where each mutated file either works,
 * messages intact, or fails with an IpcException (on open, one naming the file), never with another
 * exception, wrong content or a hang. A tail or an active receiver's cursor that is out of range or
 * off a record boundary fails on open with ERROR_CONNECTION_FAILED naming the file and the field.
 * Replay a failure with {@code -DstorageFuzz.seed=<the seed it printed>}.
 */
@ExtendWith(NoLeftoverStorage.class)
class StorageFuzzTest {

    private static final long SEED = Long.getLong("storageFuzz.seed", 0x5EED_1BC0L);
    /** With {@code -DstorageFuzz.verbose=true}, each mutation's outcome is printed. */
    private static final boolean VERBOSE = Boolean.getBoolean("storageFuzz.verbose");
    private static final int CAPACITY = 8192;
    /** The receiver slot the base image leaves in use, as a receiver killed with -9 leaves it. */
    private static final int CRASHED_SLOT = 3;
    /** Lengths of the scenario's messages: the middle one is larger than a quarter of the ring, so fragmented. */
    private static final int[] SCENARIO_LENGTHS = {17, 3000, 500};

    private final String name = TestChannels.uniqueName("fuzz");
    private final IpcOptions options = TestChannels.optionsBuilder().capacity(CAPACITY).sendTimeoutMs(200).build();
    private Path path;

    /** A change to a copy of the base image; {@code mustName} is set for the cases that must fail on open. */
    private record Mutation(String description, UnaryOperator<byte[]> apply, String mustName) { }

    /** What a mutation led to: {@code error} null when everything worked, else where it was thrown. */
    private record Outcome(String stage, IpcException error) { }

    private record Field(String name, int offset, int width) { }

    @AfterEach
    void clear() {
        IpcChannel.clearChannelStorage(name, options);
    }

    @Test
    void everyMutationWorksOrFailsWithAnIpcException() throws Exception {
        byte[] base = baseImage();
        List<Mutation> mutations = mutations(base, new Random(SEED));
        Map<String, Integer> counts = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < mutations.size(); i++) {
            Mutation m = mutations.get(i);
            String what = "seed=" + SEED + ", mutation #" + i + ": " + m.description();
            int index = i;
            try {
                Outcome outcome = assertTimeoutPreemptively(Duration.ofSeconds(10),
                        () -> scenario(m.apply().apply(base.clone()), index), () -> what + ": hangs");
                IpcException e = outcome.error();
                String kind = e == null ? "works" : "IpcException " + e.status() + " on " + outcome.stage();
                counts.merge(kind, 1, Integer::sum);
                if (VERBOSE) {
                    System.out.println(what + " -> " + kind + (e == null ? "" : ": " + e.getMessage()));
                }
                if (index == 0 && e != null) {
                    problems.add(what + ": the base image must work, got " + e);
                }
                if (m.mustName() != null && (e == null || !outcome.stage().equals("open")
                        || e.status() != IpcStatus.ERROR_CONNECTION_FAILED || !e.getMessage().contains(path.toString())
                        || !e.getMessage().contains(m.mustName()))) {
                    problems.add(what + ": must fail on open with ERROR_CONNECTION_FAILED naming the file and the "
                            + m.mustName() + ", got " + (e == null ? "success" : e + " on " + outcome.stage()));
                }
            } catch (Throwable t) {
                StringWriter trace = new StringWriter();
                t.printStackTrace(new PrintWriter(trace));
                problems.add(what + ": " + trace);
            } finally {
                IpcChannel.clearChannelStorage(name, options);
            }
        }
        System.out.println("StorageFuzzTest seed=" + SEED + ": " + mutations.size() + " mutations, outcomes " + counts);
        assertThat(problems).as("seed=" + SEED + ", outcomes " + counts).isEmpty();
        assertThat(counts).as("outcomes: some mutations work").containsKey("works");
        assertThat(counts.keySet()).as("outcomes: some mutations fail").anyMatch(k -> k.startsWith("IpcException"));
    }

    /**
     * A real channel file: a receiver and a sender exchanged messages of mixed sizes (fragmented ones
     * too) until the ring wrapped, then closed; then a receiver that died is left in slot
     * {@value #CRASHED_SLOT}, its bit set in the mask and its cursor at the tail, so that opening and
     * counting receivers probe and release it.
     */
    private byte[] baseImage() throws Exception {
        Random random = new Random(SEED);
        try (IpcChannel rx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.RECEIVER);
             IpcChannel tx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.SENDER)) {
            path = rx.storagePath();
            for (int i = 0; i < 12; i++) {
                byte[] message = randomBytes(random, new int[] {1, 100, 3000, 700}[i % 4]);
                tx.send(message);
                assertThat(rx.receive(5000)).isEqualTo(message);
            }
        }
        byte[] image = Files.readAllBytes(path);
        ByteBuffer words = ByteBuffer.wrap(image).order(ByteOrder.nativeOrder());
        long tail = words.getLong(TAIL_OFFSET);
        assertThat(tail).as("the base ring wrapped").isGreaterThan(CAPACITY);
        words.putLong(RECEIVER_MASK_OFFSET, words.getLong(RECEIVER_MASK_OFFSET) | 1L << CRASHED_SLOT);
        words.putLong(cursorOffset(CRASHED_SLOT), tail);
        words.putLong(receiverSlotOffset(CRASHED_SLOT) + SLOT_GENERATION_OFFSET, 1);
        words.putInt(receiverSlotOffset(CRASHED_SLOT) + SLOT_PID_OFFSET, 999_999);
        return image;
    }

    private List<Mutation> mutations(byte[] base, Random random) {
        ByteBuffer words = ByteBuffer.wrap(base).order(ByteOrder.nativeOrder());
        long tail = words.getLong(TAIL_OFFSET);
        List<Mutation> list = new ArrayList<>();
        list.add(new Mutation("none (the base image)", bytes -> bytes, null));
        // The cases of the issue: each must fail on open naming the field.
        list.add(word("tail", TAIL_OFFSET, 8, -1, "tail"));
        list.add(word("tail", TAIL_OFFSET, 8, Long.MAX_VALUE, "tail"));
        list.add(word("tail", TAIL_OFFSET, 8, tail + 8, "tail"));
        list.add(word("crashed receiver's cursor", cursorOffset(CRASHED_SLOT), 8, tail + 8, "cursor"));
        list.add(word("crashed receiver's cursor", cursorOffset(CRASHED_SLOT), 8, tail - 3, "cursor"));
        list.add(word("crashed receiver's cursor", cursorOffset(CRASHED_SLOT), 8, tail - 2L * CAPACITY, "cursor"));
        list.add(word("crashed receiver's cursor", cursorOffset(CRASHED_SLOT), 8, 0, "cursor"));
        // A sender killed while holding the write lock: a waiter takes it back ~50 ms later.
        long senderGeneration = words.getLong(SENDER_GENERATIONS_OFFSET);
        list.add(word("write lock held by a dead sender", WRITE_LOCK_OFFSET, 8,
                SlotDescriptor.ownerId(SlotKind.SENDER, 0, senderGeneration), null));
        for (Field field : fields()) {
            long truth = field.width() == 8 ? words.getLong(field.offset()) : words.getInt(field.offset());
            for (long value : values(truth, field.width(), random)) {
                list.add(word(field.name(), field.offset(), field.width(), value, null));
            }
        }
        for (int i = 0; i < 250; i++) {
            int choice = random.nextInt(10);
            int at = choice < 4 ? random.nextInt(576) : choice < 8 ? 1024 + random.nextInt(6144 - 1024) : random.nextInt(RING_OFFSET);
            list.add(flip(at, 1 + random.nextInt(255)));
        }
        for (int length : new int[] {0, 1, RING_OFFSET - 1, RING_OFFSET, RING_OFFSET + 10, base.length - 1,
                base.length + 1, base.length + 7, base.length + 4096}) {
            list.add(new Mutation("file length " + length + " instead of " + base.length, bytes -> Arrays.copyOf(bytes, length), null));
        }
        // The ring: records before the tail are never read again, the one at the tail is overwritten.
        // Ring bytes before the tail are never read by a receiver that joins now; a record corrupted
        // under a connected receiver is RingWriterReaderTest's (a length near Integer.MAX_VALUE).
        int tailIndex = RING_OFFSET + (int) (tail & (CAPACITY - 1));
        list.add(word("ring record header at the tail", tailIndex, 8, -1, null));
        list.add(word("ring record header before the tail", RING_OFFSET + (int) ((tail - 16) & (CAPACITY - 1)), 8, Long.MAX_VALUE, null));
        for (int i = 0; i < 10; i++) {
            list.add(flip(RING_OFFSET + random.nextInt(CAPACITY), 1 + random.nextInt(255)));
        }
        return list;
    }

    private static List<Field> fields() {
        List<Field> fields = new ArrayList<>(List.of(new Field("magic", MAGIC_OFFSET, 8), new Field("version", VERSION_OFFSET, 4),
                new Field("channelType", CHANNEL_TYPE_OFFSET, 4), new Field("capacity", CAPACITY_OFFSET, 4),
                new Field("maxMessageSize", MAX_MESSAGE_SIZE_OFFSET, 4), new Field("maxReceivers", MAX_RECEIVERS_OFFSET, 4),
                new Field("cleared", CLEARED_OFFSET, 4), new Field("creatorPid", CREATOR_PID_OFFSET, 4),
                new Field("writeLock", WRITE_LOCK_OFFSET, 8), new Field("nextSeq", NEXT_SEQ_OFFSET, 4),
                new Field("lockWaiterStamp", LOCK_WAITER_STAMP_OFFSET, 8), new Field("tail", TAIL_OFFSET, 8),
                new Field("dataFutex", DATA_FUTEX_OFFSET, 4), new Field("dataWaiters", DATA_WAITERS_OFFSET, 4),
                new Field("spaceFutex", SPACE_FUTEX_OFFSET, 4), new Field("spaceWaiters", SPACE_WAITERS_OFFSET, 4),
                new Field("membershipFutex", MEMBERSHIP_FUTEX_OFFSET, 4), new Field("receiverMask", RECEIVER_MASK_OFFSET, 8)));
        for (int slot : new int[] {0, 63}) {
            fields.add(new Field("senderGeneration[" + slot + "]", generationOffset(SlotKind.SENDER, slot), 8));
        }
        // Slot 0: the base receiver's, claimed again by the scenario's; CRASHED_SLOT: in the mask; 63: never used.
        for (int slot : new int[] {0, CRASHED_SLOT, 63}) {
            int at = receiverSlotOffset(slot);
            fields.add(new Field("receiver[" + slot + "].cursor", at + SLOT_CURSOR_OFFSET, 8));
            fields.add(new Field("receiver[" + slot + "].lost", at + SLOT_LOST_OFFSET, 8));
            fields.add(new Field("receiver[" + slot + "].generation", at + SLOT_GENERATION_OFFSET, 8));
            fields.add(new Field("receiver[" + slot + "].pid", at + SLOT_PID_OFFSET, 4));
            fields.add(new Field("receiver[" + slot + "].lostThroughSeq", at + SLOT_LOST_THROUGH_SEQ_OFFSET, 4));
        }
        return fields;
    }

    /** Edge values, values 1..15 off the true one (misaligned), a ring off, and a random one; never the true value. */
    private static Set<Long> values(long truth, int width, Random random) {
        boolean wide = width == 8;
        Set<Long> values = new LinkedHashSet<>(List.of(0L, -1L, 1L, (long) Integer.MAX_VALUE,
                wide ? Long.MAX_VALUE : Integer.MIN_VALUE, wide ? Long.MIN_VALUE : 0x8000_0001L,
                truth + 1 + random.nextInt(15), truth - 1 - random.nextInt(15), truth + CAPACITY, truth - CAPACITY,
                wide ? random.nextLong() : random.nextInt()));
        values.removeIf(v -> wide ? v == truth : (int) (long) v == (int) truth);
        return values;
    }

    private static Mutation word(String field, int offset, int width, long value, String mustName) {
        String shown = width == 8 ? Long.toString(value) : Integer.toString((int) value);
        return new Mutation(field + " (offset " + offset + ", " + width + " bytes) = " + shown, bytes -> {
            ByteBuffer words = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
            if (width == 8) {
                words.putLong(offset, value);
            } else {
                words.putInt(offset, (int) value);
            }
            return bytes;
        }, mustName);
    }

    private static Mutation flip(int at, int bits) {
        return new Mutation(String.format("byte at offset %d ^= 0x%02x", at, bits), bytes -> {
            bytes[at] ^= (byte) bits;
            return bytes;
        }, null);
    }

    /**
     * Writes the image as the channel's file, opens a receiver then a sender on it, sends three
     * messages, counts receivers and receives the messages. Returns the IpcException that stopped
     * it, if any, and throws AssertionError for anything else that is wrong.
     *
     * <p>Which losses are legitimate: none, once both handles are open and the sends succeeded. The
     * receiver joins at the tail under the write lock, and the join rewrites its slot's cursor, lost
     * count and lostThroughSeq (only its generation survives, and is only bumped); the sender writes from
     * that same tail; three messages well under the capacity cannot fill the ring past a receiver at the
     * tail, so nothing evicts it; every other receiver in the mask is dead (no process holds its lock)
     * and only holds room back until it is probed and released; a garbage write lock or waiter count
     * only delays (the lock is taken back from a dead owner, sleeps are sliced). So a receive timing out
     * (ERROR_TIMEOUT) is a lost message and fails the test, while an IpcException of another status
     * (e.g. ERROR_RECEIVE_FAILED for a record found corrupt) is a clear error.
     */
    private Outcome scenario(byte[] image, int index) throws Exception {
        Files.write(path, image);
        Random random = new Random(SEED + index);
        byte[][] messages = new byte[SCENARIO_LENGTHS.length][];
        for (int i = 0; i < messages.length; i++) {
            messages[i] = randomBytes(random, SCENARIO_LENGTHS[i]);
        }
        String stage = "open";
        try (IpcChannel rx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.RECEIVER);
             IpcChannel tx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.SENDER)) {
            stage = "send";
            for (byte[] message : messages) {
                tx.send(message);
            }
            stage = "receiverCount";
            // Every other receiver in the mask is dead (nobody holds its lock): probed and released
            // here, or by the sends already when it held room back.
            assertThat(tx.receiverCount()).as("live receivers").isEqualTo(1);
            stage = "receive";
            for (int i = 0; i < messages.length; i++) {
                assertThat(rx.receive(2000)).as("message %d", i).isEqualTo(messages[i]);
            }
            assertThat(rx.tryReceive()).as("no message beyond those sent").isEmpty();
            assertThat(rx.lostMessages()).as("lost messages").isZero();
            stage = "close";
        } catch (IpcException e) {
            if (stage.equals("receive") && e.status() == IpcStatus.ERROR_TIMEOUT) {
                throw new AssertionError("a message was lost: " + e, e);
            }
            if (stage.equals("open") && !e.getMessage().contains(path.toString())) {
                throw new AssertionError("an open failure does not name the file " + path + ": " + e, e);
            }
            return new Outcome(stage, e);
        }
        return new Outcome(stage, null);
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
