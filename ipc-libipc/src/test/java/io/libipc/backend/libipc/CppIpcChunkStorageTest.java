package io.libipc.backend.libipc;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.backend.libipc.support.ChunkStoragePin;
import io.libipc.backend.libipc.support.CppPeer;
import io.libipc.backend.libipc.support.LibipcChannels;
import io.libipc.backend.libipc.support.LibipcHome;
import io.libipc.backend.libipc.support.PeerPattern;
import io.libipc.support.NoLeftoverStorage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What cpp-ipc 1.4.1 does to a message over 64 bytes whose sender exits before the receiver has
 * ever mapped the chunk storage of that size (why {@link ChunkStoragePin} exists, and what users
 * of backend LIBIPC must know: a process that sends messages over 64 bytes and exits at once can
 * have them arrive as zeros). The message lives in the machine-wide object
 * {@code __IPC_SHM__CHUNK_INFO__<chunk size>}; the sender is the only process that has it, and
 * removes it as it exits; the receiver then creates a new, zeroed object of that name and reads
 * the message from it: the right size, every byte zero, and no error anywhere. A message of 64
 * bytes or less lives in the ring itself and is not affected.
 */
@ExtendWith({LibipcHome.class, LibipcChannels.class, NoLeftoverStorage.class})
@Timeout(60)
class CppIpcChunkStorageTest {

    /** A chunk size (3 KiB) that no other test uses, so that this JVM has not pinned it. */
    private static final int SIZE = 3000;
    private static final Duration LINE = Duration.ofSeconds(30);

    @Test
    void largeMessageOfASenderThatExitedBeforeTheReceiverMappedItsChunkArrivesAsZeros() {
        Assumptions.assumeFalse(Files.exists(ChunkStoragePin.chunkObject(SIZE)),
                "another process on this machine holds " + ChunkStoragePin.chunkObject(SIZE) + ": not reproducible now");
        String name = LibipcChannels.uniqueName("chunk-gone");
        try (IpcChannel rx = new IpcChannel(ChannelType.CHANNEL, name, LibipcChannels.options(), ConnMode.RECEIVER)) {
            // Message 0: 64 bytes, in the ring. Message 1: 3000 bytes, in a 3 KiB chunk.
            CppPeer sender = CppPeer.run(LINE, "send", "channel", name, "2", "64," + SIZE, "--wait-receivers", "1");
            assertThat(sender.awaitWords("SENT", LINE)).startsWith("SENT", "2");
            assertThat(sender.awaitExit(LINE)).isZero();
            assertThat(ChunkStoragePin.chunkObject(SIZE)).as("removed by the exiting sender").doesNotExist();

            assertThat(rx.receive(5_000)).isEqualTo(PeerPattern.message(0, 64));
            byte[] large = rx.receive(5_000);
            assertThat(large).hasSize(SIZE);
            assertThat(large).as("cpp-ipc hands over a fresh chunk object: zeros, not message 1")
                    .isEqualTo(new byte[SIZE])
                    .isNotEqualTo(PeerPattern.message(1, SIZE));
        }
    }
}
