package io.libipc.spring.listener;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.task.TaskExecutor;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.SubscribableChannel;

/**
 * Runs one listener: subscribed to its channel's inbound message channel, it has each message
 * handled ({@link IpcListenerInvoker}: attempts and retries, the return value to
 * {@link IpcListenerResults}, recovery of a message given up on) either on the channel's receive
 * thread or, with hand-off ({@link IpcListenerSettings#handsOff()}), on threads of its own behind a
 * bounded queue ({@link IpcListenerHandOff}). Failures never reach the receive loop, so the other
 * listeners of the channel and the next message are not affected.
 *
 * <p>Stopped, it stays subscribed and counts each message it misses ({@link #droppedCount()},
 * meter {@code ipc.messages.dropped}), logging the first of each stop: a stopped listener never
 * loses messages silently. (Messages do not wait for it: the channel's other listeners go on, and
 * libipc keeps nothing for a receiver that does not read.) A stop also drops, and counts, the
 * messages its hand-off queue still holds; the message in hand finishes.
 *
 * <p>Threads: {@link #handleMessage(Message)} on the channel's receive thread; the lifecycle
 * methods from any thread.
 */
public final class IpcListenerContainer implements MessageHandler {

    private static final Log logger = LogFactory.getLog(IpcListenerContainer.class);

    private final IpcListenerEndpoint endpoint;
    private final IpcListenerSettings settings;
    private final SubscribableChannel source;
    private final IpcListenerInvoker invoker;
    private final IpcListenerStatistics statistics;
    private final IpcListenerHandOff handOff;
    private final Object lifecycleLock = new Object();
    private boolean subscribed;
    private volatile boolean running;
    private volatile boolean droppedLogged;

    /**
     * Creates a container, not started.
     *
     * @param endpoint the listener
     * @param settings its merged settings
     * @param source the channel's inbound message channel (a publish-subscribe channel, so that
     *               every listener gets every message)
     * @param invoker handles each message or batch
     * @param executor runs the hand-off workers, or null for threads of the container's own
     * @param statistics the listener's counts, shared with the invoker
     */
    IpcListenerContainer(IpcListenerEndpoint endpoint, IpcListenerSettings settings, SubscribableChannel source,
            IpcListenerInvoker invoker, TaskExecutor executor, IpcListenerStatistics statistics) {
        this.endpoint = endpoint;
        this.settings = settings;
        this.source = source;
        this.invoker = invoker;
        this.statistics = statistics;
        this.handOff = settings.handsOff() ? new IpcListenerHandOff(this, invoker, settings, executor, statistics) : null;
    }

    /**
     * The listener this container runs.
     *
     * @return the endpoint
     */
    public IpcListenerEndpoint getEndpoint() {
        return endpoint;
    }

    /**
     * The settings it runs with: the endpoint's, completed from {@code ipc.listener.*}.
     *
     * @return the merged settings
     */
    public IpcListenerSettings getSettings() {
        return settings;
    }

    /**
     * Starts calling the listener (subscribing it, and starting its hand-off threads, the first
     * time); idempotent.
     */
    public void start() {
        synchronized (lifecycleLock) {
            if (handOff != null) {
                handOff.start();
            }
            if (!subscribed) {
                source.subscribe(this);
                subscribed = true;
            }
            droppedLogged = false;
            running = true;
        }
    }

    /**
     * Stops calling the listener; idempotent. A message being handled finishes; the messages in
     * the hand-off queue, and those that come meanwhile, are counted as dropped.
     */
    public void stop() {
        synchronized (lifecycleLock) {
            running = false;
            if (handOff != null) {
                int queued = handOff.clear();
                if (queued > 0) {
                    statistics.recordDropped(queued);
                    logger.warn("listener '" + endpoint.id() + "' stopped with " + queued + " message(s) in its"
                            + " hand-off queue: dropped, counted in ipc.messages.dropped");
                }
            }
        }
    }

    /**
     * Unsubscribes for good and ends the hand-off threads: the application is closing.
     */
    void shutdown() {
        stop();
        synchronized (lifecycleLock) {
            if (subscribed) {
                source.unsubscribe(this);
                subscribed = false;
            }
            if (handOff != null) {
                handOff.shutdown();
            }
        }
    }

    /**
     * Messages that came while this listener was stopped, as {@link IpcListenerStatistics#dropped()}.
     *
     * @return the count so far
     */
    public long droppedCount() {
        return statistics.dropped();
    }

    /**
     * The listener's counts.
     *
     * @return the statistics
     */
    public IpcListenerStatistics statistics() {
        return statistics;
    }

    /**
     * Messages waiting in the hand-off queue.
     *
     * @return the count, 0 without hand-off
     */
    public int queuedCount() {
        return handOff == null ? 0 : handOff.queued();
    }

    /**
     * Whether the listener is subscribed.
     *
     * @return true when started
     */
    public boolean isRunning() {
        return running;
    }

    /**
     * Handles a message, or queues it for the hand-off threads; never throws.
     *
     * @param message a message from the channel
     */
    @Override
    public void handleMessage(Message<?> message) {
        if (!running) {
            dropped(1);
            return;
        }
        if (handOff != null) {
            handOff.offer(message);
        } else {
            invoker.invoke(message);
        }
    }

    /**
     * Counts messages this stopped listener did not get, logging the first of each stop.
     *
     * @param count how many
     */
    void dropped(int count) {
        statistics.recordDropped(count);
        if (!droppedLogged) {
            droppedLogged = true;
            logger.warn("listener '" + endpoint.id() + "' is stopped: messages on channel '" + endpoint.channel()
                    + "' are dropped for it until it starts again, counted in ipc.messages.dropped (logged once per stop)");
        }
    }

    @Override
    public String toString() {
        return "IpcListenerContainer{id=" + endpoint.id() + ", channel=" + endpoint.channel() + ", running=" + running
                + (handOff == null ? "" : ", threads=" + settings.threads()) + "}";
    }
}
