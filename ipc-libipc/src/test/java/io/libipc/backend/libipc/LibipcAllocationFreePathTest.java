package io.libipc.backend.libipc;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.IpcOptions;
import io.libipc.MessageHandler;
import io.libipc.backend.libipc.support.LibipcChannels;
import io.libipc.backend.libipc.support.LibipcHome;
import io.libipc.support.NoLeftoverStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backend LIBIPC's hot paths allocate nothing per message once warm, as ipc-core's
 * {@code AllocationFreePathTest} shows for the native engine: sends from a ByteBuffer, receives
 * into a ByteBuffer or through a handler, each a JNA direct-mapped call into the shim with the
 * connection's reused staging and scratch buffers. The bytes this thread allocated over 20,000
 * round trips of each receive kind stay below one byte per message (counted by the JVM per
 * thread, so other load does not disturb it). Sizes: 64 bytes (in cpp-ipc's ring) and 4096
 * (through a shared chunk).
 */
@ExtendWith({LibipcHome.class, LibipcChannels.class, NoLeftoverStorage.class})
@Timeout(120)
class LibipcAllocationFreePathTest {

    private static final int MESSAGES = 20_000;

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {64, 4096})
    void byteBufferAndHandlerPathsDoNotAllocatePerMessage(int size) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        String name = LibipcChannels.uniqueName("alloc-" + size);
        IpcOptions options = LibipcChannels.options();
        try (IpcChannel rx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.RECEIVER);
             IpcChannel tx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.SENDER)) {
            ByteBuffer out = ByteBuffer.allocateDirect(size);
            ByteBuffer in = ByteBuffer.allocateDirect(size);
            long[] sum = new long[1];
            MessageHandler handler = m -> sum[0] += m.getLong(0);
            long allocated = 0;
            long nanos = 0;
            for (int round = 0; round < 3; round++) {
                long before = threads.getThreadAllocatedBytes(self);
                long t0 = System.nanoTime();
                for (int i = 0; i < MESSAGES; i++) {
                    out.clear();
                    out.putLong(0, i);
                    tx.send(out, 0);
                    in.clear();
                    rx.receive(in, 0);
                    sum[0] += in.getLong(0);
                    out.clear();
                    tx.send(out, 0);
                    rx.receive(handler, 0);
                }
                nanos = System.nanoTime() - t0;
                allocated = threads.getThreadAllocatedBytes(self) - before;
            }
            System.out.printf("LIBIPC %d B: %d bytes allocated over %d messages once warm; %.2f us per send+receive%n",
                    size, allocated, 2 * MESSAGES, nanos / 1000.0 / (2 * MESSAGES));
            assertThat(allocated).as("bytes allocated over %d messages once warm", 2 * MESSAGES)
                    .isLessThan(2 * MESSAGES);
            assertThat(sum[0]).isEqualTo(3L * 2 * MESSAGES * (MESSAGES - 1) / 2);
        }
    }

    /** The byte[] paths allocate the message, and nothing else worth counting: a reference point. */
    @Test
    void byteArrayReceiveAllocatesAboutTheMessage() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        String name = LibipcChannels.uniqueName("alloc-array");
        IpcOptions options = LibipcChannels.options();
        try (IpcChannel rx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.RECEIVER);
             IpcChannel tx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.SENDER)) {
            byte[] m = new byte[64];
            long allocated = 0;
            for (int round = 0; round < 3; round++) {
                long before = threads.getThreadAllocatedBytes(self);
                for (int i = 0; i < MESSAGES; i++) {
                    tx.send(m, 0);
                    rx.receive(0);
                }
                allocated = threads.getThreadAllocatedBytes(self) - before;
            }
            double perMessage = (double) allocated / MESSAGES;
            System.out.printf("LIBIPC byte[] 64 B: %.1f bytes allocated per round trip%n", perMessage);
            // A 64-byte array is 80 bytes with its header (compressed oops); allow for one more small object.
            assertThat(perMessage).isBetween(64.0, 160.0);
        }
    }
}
