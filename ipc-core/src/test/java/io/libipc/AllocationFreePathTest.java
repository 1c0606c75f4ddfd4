package io.libipc;

import io.libipc.support.NoLeftoverStorage;
import io.libipc.support.TestChannels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hot-loop paths (send from a ByteBuffer, receive into a ByteBuffer or through a handler)
 * allocate nothing per message once warm: the bytes this thread allocated over 20,000 round
 * trips stay below one byte per message (the JIT may allocate a little while it compiles).
 * Counted by the JVM per thread, so other load does not disturb it.
 */
@ExtendWith(NoLeftoverStorage.class)
class AllocationFreePathTest {

    private static final int MESSAGES = 20_000;

    private final String name = TestChannels.uniqueName("alloc");

    @AfterEach
    void clear() {
        TestChannels.clear(name);
    }

    @Test
    void byteBufferAndHandlerPathsDoNotAllocatePerMessage() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        IpcOptions options = TestChannels.options();
        try (IpcChannel rx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.RECEIVER);
             IpcChannel tx = new IpcChannel(ChannelType.CHANNEL, name, options, ConnMode.SENDER)) {
            ByteBuffer out = ByteBuffer.allocateDirect(64);
            ByteBuffer in = ByteBuffer.allocateDirect(64);
            long[] sum = new long[1];
            MessageHandler handler = m -> sum[0] += m.getLong(0);
            for (int round = 0; round < 3; round++) {
                long before = threads.getThreadAllocatedBytes(self);
                for (int i = 0; i < MESSAGES; i++) {
                    out.clear();
                    out.putLong(0, i);
                    tx.send(out, 0);
                    in.clear();
                    rx.receive(in, 0);
                    out.clear();
                    tx.send(out, 0);
                    rx.receive(handler, 0);
                }
                long allocated = threads.getThreadAllocatedBytes(self) - before;
                if (round == 2) {
                    assertThat(allocated).as("bytes allocated over %d messages once warm", 2 * MESSAGES)
                            .isLessThan(2 * MESSAGES);
                }
            }
            assertThat(sum[0]).isEqualTo(3L * MESSAGES * (MESSAGES - 1) / 2);
        }
    }
}
