package io.libipc.spring.listener;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.messaging.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A listener's own threads: the channel's receive thread puts each message in a bounded queue and
 * goes on with the channel's other listeners; {@code threads} workers take messages from it and
 * call the listener, so a slow listener delays nobody but itself. One worker keeps the channel's
 * order; several share the queue and finish in any order.
 *
 * <p>A full queue blocks the receive thread or drops the message ({@link IpcQueueFullPolicy}). A
 * batch worker takes the first message waiting and then everything else the queue holds, up to the
 * batch's size, in one {@link BlockingQueue#drainTo(java.util.Collection, int)} (one lock for the
 * lot, no wait or system call per message), and waits up to the batch's wait for more when that is
 * set. The workers are long-lived tasks on the listener's executor: its own daemon threads
 * ({@code ipc-listener-<id>-<n>}) unless the endpoint names a {@link TaskExecutor}, which must then
 * have a thread free for each worker. They end at {@link #shutdown()}.
 */
final class IpcListenerHandOff {

    private static final Log logger = LogFactory.getLog(IpcListenerHandOff.class);
    /** How often a blocked offer and an idle worker look at the lifecycle flags. */
    private static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final IpcListenerContainer container;
    private final IpcListenerInvoker invoker;
    private final IpcListenerStatistics statistics;
    private final BlockingQueue<Message<?>> queue;
    private final IpcQueueFullPolicy whenFull;
    private final int threads;
    private final boolean batch;
    private final int batchMaxSize;
    private final long batchMaxWaitNanos;
    private final TaskExecutor executor;
    private final AtomicBoolean workersStarted = new AtomicBoolean();
    private final AtomicBoolean rejectionLogged = new AtomicBoolean();
    private volatile boolean shutdown;

    /**
     * The hand-off of one listener, its workers not started.
     *
     * @param container the listener's container (its running flag, its dropped count)
     * @param invoker calls the listener
     * @param settings the merged settings: threads, queue, policy, batches
     * @param executor where the workers run, or null for threads of the listener's own
     * @param statistics where rejections are counted
     */
    IpcListenerHandOff(IpcListenerContainer container, IpcListenerInvoker invoker, IpcListenerSettings settings,
            TaskExecutor executor, IpcListenerStatistics statistics) {
        this.container = container;
        this.invoker = invoker;
        this.statistics = statistics;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.whenFull = settings.queueFullPolicy();
        this.threads = settings.threads();
        this.batch = Boolean.TRUE.equals(settings.batch());
        this.batchMaxSize = settings.batchMaxSize();
        this.batchMaxWaitNanos = settings.batchMaxWait().toNanos();
        if (executor == null) {
            SimpleAsyncTaskExecutor own = new SimpleAsyncTaskExecutor("ipc-listener-" + container.getEndpoint().id() + "-");
            // As the inbound adapters' threads: a context never closed must not keep the JVM alive.
            own.setDaemon(true);
            executor = own;
        }
        this.executor = executor;
    }

    /**
     * Starts the workers, the first time only: they outlive stops and serve the next start.
     */
    void start() {
        if (workersStarted.compareAndSet(false, true)) {
            for (int i = 0; i < threads; i++) {
                executor.execute(this::work);
            }
        }
        rejectionLogged.set(false);
    }

    /**
     * Queues a message for the workers; called on the channel's receive thread. A full queue
     * blocks (until there is room, the listener stops or shuts down) or drops, by the policy.
     *
     * @param message the message
     */
    void offer(Message<?> message) {
        if (whenFull == IpcQueueFullPolicy.DROP) {
            if (!queue.offer(message)) {
                statistics.recordRejected();
                if (rejectionLogged.compareAndSet(false, true)) {
                    logger.warn("listener '" + container.getEndpoint().id() + "': its hand-off queue (capacity "
                            + (queue.size() + queue.remainingCapacity()) + ") is full, so messages from channel '"
                            + container.getEndpoint().channel() + "' are dropped for it (queue-full policy drop),"
                            + " counted in ipc.listener.queue.rejected (logged once per start)");
                }
            }
            return;
        }
        try {
            // Timed, so that a stop or the shutdown frees the receive thread within CHECK_NANOS.
            while (!queue.offer(message, CHECK_NANOS, TimeUnit.NANOSECONDS)) {
                if (!container.isRunning() || shutdown) {
                    container.dropped(1);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            container.dropped(1);
        }
    }

    /**
     * Takes every queued message out (the listener stopped: messages do not wait for it).
     *
     * @return how many there were
     */
    int clear() {
        List<Message<?>> left = new ArrayList<>();
        queue.drainTo(left);
        return left.size();
    }

    /**
     * Messages waiting for a worker.
     *
     * @return the queue's size
     */
    int queued() {
        return queue.size();
    }

    /**
     * Ends the workers once they finish the message in hand (within {@code CHECK_NANOS} when idle).
     */
    void shutdown() {
        shutdown = true;
    }

    private void work() {
        try {
            while (!shutdown) {
                Message<?> first = queue.poll(CHECK_NANOS, TimeUnit.NANOSECONDS);
                if (first == null) {
                    continue;
                }
                if (batch) {
                    List<Message<?>> messages = collect(first);
                    if (accepted(messages.size())) {
                        invoker.invokeBatch(messages);
                    }
                } else if (accepted(1)) {
                    invoker.invoke(first);
                }
            }
        } catch (InterruptedException e) {
            // The executor is shutting down: the container's counts say what was left behind.
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            // The invoker never throws; anything else is a bug, which must not end the worker silently.
            logger.error("listener '" + container.getEndpoint().id() + "': a hand-off worker ended", e);
            throw e;
        }
    }

    /** Messages queued before a stop and taken after it are dropped, as the queue's others. */
    private boolean accepted(int count) {
        if (container.isRunning()) {
            return true;
        }
        container.dropped(count);
        return false;
    }

    private List<Message<?>> collect(Message<?> first) throws InterruptedException {
        List<Message<?>> messages = new ArrayList<>(Math.min(batchMaxSize, queue.size() + 1));
        messages.add(first);
        queue.drainTo(messages, batchMaxSize - 1);
        if (batchMaxWaitNanos > 0) {
            long deadline = System.nanoTime() + batchMaxWaitNanos;
            while (messages.size() < batchMaxSize) {
                long remaining = deadline - System.nanoTime();
                Message<?> next = remaining > 0 ? queue.poll(remaining, TimeUnit.NANOSECONDS) : null;
                if (next == null) {
                    break;
                }
                messages.add(next);
                queue.drainTo(messages, batchMaxSize - messages.size());
            }
        }
        return messages;
    }
}
