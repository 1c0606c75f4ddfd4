package io.libipc.spring.readme.failures;

import io.libipc.spring.annotation.IpcListener;
import io.libipc.spring.annotation.IpcRetry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The README's listeners of retry, hand-off and batches, as the README shows them, plus lists the
 * test reads; imported by {@link FailuresApplication}.
 */
class TickDesk {

    final List<Tick> priced = new CopyOnWriteArrayList<>();
    final List<Tick> archived = new CopyOnWriteArrayList<>();
    final List<Integer> batchSizes = new CopyOnWriteArrayList<>();

    // README: failures
    @IpcListener(channel = "ticks", id = "pricing",
                 retry = @IpcRetry(maxAttempts = "4", initialInterval = "10ms"))   // else ipc.listener.retry.*
    void price(Tick tick) {
        if (tick.price() < 0) {
            throw new IllegalArgumentException("negative price: " + tick);      // retried, then dead-lettered
        }
        priced.add(tick);
    }

    @IpcListener(channel = "ticks", id = "archive", concurrency = "1",         // a thread of its own, in order:
                 queueCapacity = "10000", queueFullPolicy = "drop")             // never holds up "pricing"
    void archive(Tick tick) throws InterruptedException {
        Thread.sleep(5);                                                        // slow work
        archived.add(tick);
    }

    @IpcListener(channel = "ticks", id = "stats", batch = "true", batchMaxSize = "500", batchMaxWait = "20ms")
    void stats(List<Tick> ticks) {                                              // what waited, up to 500
        batchSizes.add(ticks.size());
    }
    // README: end
}
