package io.libipc.spring.listener;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.task.TaskExecutor;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.messaging.Message;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A listener's own threads: the channel's receive thread puts each message in a bounded queue and
 * goes on with the channel's other listeners; up to {@code threads} workers take messages from it
 * and call the listener, so a slow listener delays nobody but itself. One worker keeps the
 * channel's order; several share the queue and finish in any order.
 *
 * <p>A worker is a task on the listener's executor that runs while the queue holds messages and
 * ends when it finds it empty; the next message starts one again. So no thread waits for an idle
 * listener, and an application's {@code ThreadPoolTaskExecutor}, which waits for its running tasks
 * when the context closes, is never kept waiting. The executor is a pool of the listener's own
 * (daemon threads {@code ipc-listener-<id>-<n>}, shut down with it) unless the endpoint names a
 * {@link TaskExecutor}.
 *
 * <p>A full queue blocks the receive thread or drops the message ({@link IpcQueueFullPolicy}). A
 * batch worker takes the first message waiting and then everything else the queue holds, up to the
 * batch's size, in one {@link BlockingQueue#drainTo(java.util.Collection, int)} (one lock for the
 * lot, no wait or system call per message), and waits up to the batch's wait for more when that is
 * set.
 */
final class IpcListenerHandOff {

    private static final Log logger = LogFactory.getLog(IpcListenerHandOff.class);
    /** How often a blocked offer looks at the lifecycle flags and whether a worker runs. */
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
    /** The pool made here when the endpoint names no executor; shut down with the listener. */
    private final ThreadPoolTaskExecutor ownExecutor;
    /** Workers submitted and not yet ended: at most {@code threads}. */
    private final AtomicInteger workers = new AtomicInteger();
    private final AtomicBoolean rejectionLogged = new AtomicBoolean();
    private final AtomicBoolean executorRefusalLogged = new AtomicBoolean();
    private volatile boolean shutdown;

    /**
     * The hand-off of one listener.
     *
     * @param container the listener's container (its running flag, its dropped count)
     * @param invoker calls the listener
     * @param settings the merged settings: threads, queue, policy, batches
     * @param executor where the workers run, or null for a pool of the listener's own
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
            ThreadPoolTaskExecutor own = new ThreadPoolTaskExecutor();
            own.setCorePoolSize(threads);
            own.setMaxPoolSize(threads);
            own.setThreadNamePrefix("ipc-listener-" + container.getEndpoint().id() + "-");
            // As the inbound adapters' threads: a context never closed must not keep the JVM alive.
            own.setDaemon(true);
            own.initialize();
            this.ownExecutor = own;
            executor = own;
        } else {
            this.ownExecutor = null;
        }
        this.executor = executor;
    }

    /**
     * Starts logging a full queue's first rejection again.
     */
    void start() {
        rejectionLogged.set(false);
    }

    /**
     * Queues a message for the workers, and starts one if fewer than {@code threads} run; called on
     * the channel's receive thread. A full queue blocks (until there is room, the listener stops or
     * shuts down) or drops, by the policy.
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
            startWorker();
            return;
        }
        try {
            // Timed, so that a stop or the shutdown frees the receive thread within CHECK_NANOS.
            while (!queue.offer(message, CHECK_NANOS, TimeUnit.NANOSECONDS)) {
                if (!container.isRunning() || shutdown) {
                    container.dropped(1);
                    return;
                }
                // A worker the executor refused earlier is asked for again.
                startWorker();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            container.dropped(1);
            return;
        }
        startWorker();
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
     * Ends the workers once they finish the message in hand, and the pool of the listener's own.
     */
    void shutdown() {
        shutdown = true;
        if (ownExecutor != null) {
            ownExecutor.shutdown();
        }
    }

    private void startWorker() {
        while (!queue.isEmpty() && !shutdown) {
            int running = workers.get();
            if (running >= threads) {
                return;
            }
            if (workers.compareAndSet(running, running + 1)) {
                try {
                    executor.execute(this::work);
                } catch (TaskRejectedException e) {
                    workers.decrementAndGet();
                    if (executorRefusalLogged.compareAndSet(false, true)) {
                        logger.error("listener '" + container.getEndpoint().id() + "': its executor refused a worker;"
                                + " its messages wait in its queue until the executor takes one (logged once)", e);
                    }
                }
                return;
            }
        }
    }

    /** Takes a worker's place again, unless {@code threads} run already. */
    private boolean rejoin() {
        while (true) {
            int running = workers.get();
            if (running >= threads) {
                return false;
            }
            if (workers.compareAndSet(running, running + 1)) {
                return true;
            }
        }
    }

    private void work() {
        boolean counted = true;
        try {
            while (!shutdown) {
                Message<?> first = queue.poll();
                if (first == null) {
                    workers.decrementAndGet();
                    counted = false;
                    // An offer that came after the poll, and saw this worker still counted, started
                    // no other: the queue is looked at once more.
                    if (queue.isEmpty() || !rejoin()) {
                        return;
                    }
                    counted = true;
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
                if (Thread.currentThread().isInterrupted()) {
                    // Asked to end (the executor shuts down): the next message starts a worker again.
                    return;
                }
            }
        } catch (RuntimeException | Error e) {
            // The invoker never throws; anything else is a bug, which must not end the worker silently.
            logger.error("listener '" + container.getEndpoint().id() + "': a hand-off worker ended", e);
            throw e;
        } finally {
            if (counted) {
                workers.decrementAndGet();
            }
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

    private List<Message<?>> collect(Message<?> first) {
        List<Message<?>> messages = new ArrayList<>(Math.min(batchMaxSize, queue.size() + 1));
        messages.add(first);
        queue.drainTo(messages, batchMaxSize - 1);
        if (batchMaxWaitNanos > 0) {
            long deadline = System.nanoTime() + batchMaxWaitNanos;
            try {
                while (messages.size() < batchMaxSize) {
                    long remaining = deadline - System.nanoTime();
                    Message<?> next = remaining > 0 ? queue.poll(remaining, TimeUnit.NANOSECONDS) : null;
                    if (next == null) {
                        break;
                    }
                    messages.add(next);
                    queue.drainTo(messages, batchMaxSize - messages.size());
                }
            } catch (InterruptedException e) {
                // The executor is shutting down: this batch is delivered as it is, then the worker ends.
                Thread.currentThread().interrupt();
            }
        }
        return messages;
    }
}
