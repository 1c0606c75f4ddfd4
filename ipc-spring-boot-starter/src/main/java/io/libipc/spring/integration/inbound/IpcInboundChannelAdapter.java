package io.libipc.spring.integration.inbound;

import io.libipc.IpcException;
import io.libipc.spring.core.IpcChannelBinding;
import io.libipc.spring.event.IpcMessagesLostEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.integration.endpoint.MessageProducerSupport;
import org.springframework.messaging.Message;

import java.util.Objects;

/**
 * Receives from a libipc channel and sends each message to the output channel, on a thread of its
 * own ({@code ipc-inbound-<channel>}) that runs while the adapter is running.
 *
 * <p>Messages carry a {@code byte[]} payload and the {@code ipc_*} headers of
 * {@link io.libipc.spring.support.IpcHeaders}, plus the sender's headers when the channel's payload
 * format embeds them. A downstream failure goes to the error channel when one is set, else it is
 * logged; either way the next message is received. Stopping takes effect within the channel's
 * receive timeout (closing the channel ends a waiting receive at once); a message that the loop
 * received meanwhile is still delivered, and a start before the loop ended keeps that loop. The
 * handle stays connected while stopped: messages sent then wait in the ring for the restart. The
 * channel must be opened as a receiver and must have no other receiving thread.
 *
 * <p>When the receiver learns that it was evicted (a sender found it a whole ring behind), the
 * adapter publishes an {@link IpcMessagesLostEvent} with the count, before it passes on the next
 * message; channels whose backend does not count losses ({@code backend: libipc}) never do.
 */
public class IpcInboundChannelAdapter extends MessageProducerSupport implements ApplicationEventPublisherAware {

    /**
     * The phase an adapter starts in unless told otherwise: Spring Integration's own default for
     * message producers, named here so that {@code IpcListenerEndpointRegistry} can start its
     * listeners in an earlier phase.
     */
    public static final int DEFAULT_PHASE = Integer.MAX_VALUE / 2;

    private final IpcChannelBinding binding;
    private final boolean countsLoss;
    private volatile ApplicationEventPublisher eventPublisher;
    /** The lost count of the last {@link IpcMessagesLostEvent}; read and written by the receive loop only. */
    private long lostSeen;
    /** Guards changes to the two fields below, so that a loop deciding to end and a start cannot cross. */
    private final Object loopLock = new Object();
    /** Whether the loop should go on receiving: set by doStart, cleared by doStop (under loopLock). */
    private volatile boolean loopWanted;
    /** The loop's thread; null once it has decided to end. Written under loopLock. */
    private volatile Thread receiveThread;

    /**
     * Creates an adapter on a channel opened as a receiver.
     *
     * @param binding the channel
     * @throws IllegalArgumentException when the channel is not a receiver
     */
    public IpcInboundChannelAdapter(IpcChannelBinding binding) {
        this.binding = Objects.requireNonNull(binding, "binding");
        this.countsLoss = binding.countsLoss();
        if (!binding.settings().receives()) {
            throw new IllegalArgumentException("an inbound adapter needs a receiving channel; channel '"
                    + binding.name() + "' has modes=" + binding.settings().modes());
        }
        // Set, not inherited: the listener registry's phase is derived from ours, so a change of
        // MessageProducerSupport's default must not move the adapter before the listeners.
        setPhase(DEFAULT_PHASE);
    }

    /**
     * The channel this adapter receives from.
     *
     * @return the binding
     */
    public IpcChannelBinding getBinding() {
        return binding;
    }

    /**
     * Sets where {@link IpcMessagesLostEvent}s go; Spring calls it for an adapter bean.
     *
     * @param eventPublisher the publisher, usually the application context
     */
    @Override
    public void setApplicationEventPublisher(ApplicationEventPublisher eventPublisher) {
        this.eventPublisher = eventPublisher;
    }

    @Override
    public String getComponentType() {
        return "ipc:inbound-channel-adapter";
    }

    @Override
    protected void doStart() {
        synchronized (loopLock) {
            loopWanted = true;
            if (receiveThread != null) {
                // A restart right after a stop: the old loop is still inside its receive, and the
                // core allows one receiving thread per handle. It simply goes on.
                return;
            }
            Thread thread = new Thread(this::receiveLoop, "ipc-inbound-" + binding.name());
            // Daemon: a context that is never closed must not keep the JVM alive on our account.
            thread.setDaemon(true);
            receiveThread = thread;
            thread.start();
        }
    }

    @Override
    protected void doStop() {
        // The loop sees this after its current receive; no waiting here, so that stopping many
        // adapters (context shutdown) takes one receive timeout, not one each.
        synchronized (loopLock) {
            loopWanted = false;
        }
    }

    /**
     * Whether the receive thread is alive (it outlives stop() by at most one receive timeout).
     *
     * @return true while the loop runs
     */
    public boolean isReceiving() {
        Thread thread = receiveThread;
        return thread != null && thread.isAlive();
    }

    private boolean continueLoop() {
        if (loopWanted) {
            // The common case, once per message: no lock. Only ending takes it.
            return true;
        }
        synchronized (loopLock) {
            if (loopWanted) {
                return true;
            }
            receiveThread = null;
            return false;
        }
    }

    private void receiveLoop() {
        while (continueLoop()) {
            Message<byte[]> message;
            try {
                message = binding.receive();
            } catch (IpcException e) {
                if (isActive() && !binding.channel().isClosed()) {
                    logger.error(e, () -> "receiving from channel '" + binding.name() + "' failed; the adapter stops receiving");
                }
                synchronized (loopLock) {
                    receiveThread = null;
                }
                return;
            }
            if (countsLoss) {
                // Learned at this receive: published before the first message after the gap.
                publishLoss();
            }
            if (message == null) {
                continue;
            }
            // Delivered even when stop() came during the receive: the message is off the ring,
            // and dropping it would lose it for good.
            try {
                sendMessage(message);
            } catch (RuntimeException e) {
                logger.warn(e, () -> "a message from channel '" + binding.name() + "' failed downstream and is dropped");
            }
        }
    }

    private void publishLoss() {
        long total;
        try {
            total = binding.channel().lostMessages();
        } catch (RuntimeException e) {
            // Closed under us: the next receive says so.
            return;
        }
        if (total <= lostSeen) {
            return;
        }
        long count = total - lostSeen;
        lostSeen = total;
        ApplicationEventPublisher publisher = eventPublisher;
        if (publisher == null) {
            return;
        }
        try {
            publisher.publishEvent(new IpcMessagesLostEvent(this, binding.name(), count, total));
        } catch (RuntimeException e) {
            // An event listener's failure must not end the receive loop.
            logger.warn(e, () -> "a listener of IpcMessagesLostEvent on channel '" + binding.name() + "' failed");
        }
    }
}
