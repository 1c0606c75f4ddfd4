package io.libipc.internal.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The slot locks of a real storage file as threads of one JVM see them: a slot nobody holds is
 * dead to every prober, also to two that probe it at once (a kill -9'd receiver was once counted
 * alive by one of two concurrent {@code receiverCount} calls, and a request waited its whole
 * timeout for nobody), while a slot a handle here claimed is alive to all.
 */
@Timeout(30)
class FileSlotLocksTest {

    @TempDir
    Path dir;

    private FileChannel open() throws Exception {
        return FileChannel.open(dir.resolve("locks"), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
    }

    @Test
    void aSecondProberOfADeadSlotWaitsForTheFirstAndFindsItDeadToo() throws Exception {
        try (FileChannel file = open()) {
            FileSlotLocks locks = new FileSlotLocks(file);
            SlotLocks.Held first = locks.takeIfDead(SlotKind.RECEIVER, 5);
            assertThat(first).as("a slot nobody holds is dead").isNotNull();

            Thread[] prober = new Thread[1];
            CompletableFuture<Boolean> secondFoundDead = new CompletableFuture<>();
            prober[0] = new Thread(() -> {
                try (SlotLocks.Held second = locks.takeIfDead(SlotKind.RECEIVER, 5)) {
                    secondFoundDead.complete(second != null);
                }
            }, "second-prober");
            prober[0].start();
            // It waits for the first probe's clean-up instead of taking that probe for a live holder.
            await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> prober[0].getState() == Thread.State.WAITING || secondFoundDead.isDone());
            assertThat(secondFoundDead).as("answered while the first probe still held the slot").isNotDone();

            first.close();
            assertThat(secondFoundDead.get(10, TimeUnit.SECONDS)).as("the second prober found the slot dead").isTrue();
            prober[0].join();
        }
    }

    @Test
    void aSlotClaimedHereIsAliveToEveryThreadAndFreeAgainOnceReleased() throws Exception {
        try (FileChannel file = open()) {
            FileSlotLocks locks = new FileSlotLocks(file);
            SlotLocks.Held claim = locks.tryClaim(SlotKind.SENDER, 3);
            assertThat(claim).isNotNull();
            CompletableFuture<SlotLocks.Held> probe = CompletableFuture.supplyAsync(
                    () -> locks.takeIfDead(SlotKind.SENDER, 3));
            assertThat(probe.get(10, TimeUnit.SECONDS)).as("a live claim probed from another thread").isNull();
            assertThat(locks.holder(SlotKind.SENDER, 3)).isEqualTo(SlotLocks.Holder.THIS_PROCESS);
            assertThat(locks.tryClaim(SlotKind.SENDER, 3)).as("a second claim of a held slot").isNull();
            assertThat(locks.holder(SlotKind.RECEIVER, 3)).as("the receiver slot of the same index")
                    .isEqualTo(SlotLocks.Holder.NOBODY);

            claim.close();
            assertThat(locks.holder(SlotKind.SENDER, 3)).isEqualTo(SlotLocks.Holder.NOBODY);
            try (SlotLocks.Held again = locks.tryClaim(SlotKind.SENDER, 3)) {
                assertThat(again).as("claimed again after the release").isNotNull();
            }
        }
    }
}
