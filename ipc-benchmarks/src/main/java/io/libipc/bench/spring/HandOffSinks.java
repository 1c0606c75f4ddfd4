package io.libipc.bench.spring;

import io.libipc.spring.annotation.IpcListener;

import java.util.List;

/**
 * The receivers of the {@code libipc-spring-handoff} rows: the {@link Sink.Bytes} count, but on a
 * thread of the listener's own behind its queue ({@code concurrency = "1"}, the queue's default
 * size and block policy, so nothing is dropped), or in batches drained from that queue. Beside the
 * {@code libipc-spring} row of the same run (the count on the channel's receive thread), they show
 * what the hand-off costs per message, and what batches win back.
 */
final class HandOffSinks {

    private HandOffSinks() {
    }

    /** Counts byte messages on a thread of its own; a 1-byte message is a marker. */
    static final class Queued extends Sink {

        private final int size;

        Queued(int size) {
            this.size = size;
        }

        @IpcListener(channel = "${bench.in}", id = "sink", concurrency = "1")
        void count(byte[] payload) {
            arrived(payload.length == 1, payload.length == size);
        }
    }

    /** Counts byte messages in batches of up to 256 on a thread of its own. */
    static final class Batched extends Sink {

        private final int size;

        Batched(int size) {
            this.size = size;
        }

        @IpcListener(channel = "${bench.in}", id = "sink", batch = "true", batchMaxSize = "256")
        void count(List<byte[]> payloads) {
            for (byte[] payload : payloads) {
                arrived(payload.length == 1, payload.length == size);
            }
        }
    }
}
