package io.libipc.spring.integration.inbound;

import io.libipc.IpcException;
import io.libipc.spring.core.IpcChannelBinding;
import org.springframework.integration.endpoint.MessageProducerSupport;
import org.springframework.messaging.Message;

import java.time.Duration;
import java.util.Objects;

/**
 * Receives from a libipc channel and sends each message to the output channel, on a thread of its
 * own ({@code ipc-inbound-<channel>}) that runs while the adapter is running.
 *
 * <p>Messages carry a {@code byte[]} payload and the {@code ipc_*} headers of
 * {@link io.libipc.spring.support.IpcHeaders}, plus the sender's headers when the channel's payload
 * format embeds them. A downstream failure goes to the error channel when one is set, else it is
 * logged; either way the next message is received. Stopping takes effect within the channel's
 * receive timeout (closing the channel ends a waiting receive at once). The channel must be opened
 * as a receiver and must have no other receiving thread.
 */
public class IpcInboundChannelAdapter extends MessageProducerSupport {

    private static final Duration JOIN_MARGIN = Duration.ofSeconds(5);

    private final IpcChannelBinding binding;
    private volatile Thread receiveThread;

    /**
     * Creates an adapter on a channel opened as a receiver.
     *
     * @param binding the channel
     * @throws IllegalArgumentException when the channel is not a receiver
     */
    public IpcInboundChannelAdapter(IpcChannelBinding binding) {
        this.binding = Objects.requireNonNull(binding, "binding");
        if (!binding.settings().receives()) {
            throw new IllegalArgumentException("an inbound adapter needs a receiving channel; channel '"
                    + binding.name() + "' has modes=" + binding.settings().modes());
        }
    }

    /**
     * The channel this adapter receives from.
     *
     * @return the binding
     */
    public IpcChannelBinding getBinding() {
        return binding;
    }

    @Override
    public String getComponentType() {
        return "ipc:inbound-channel-adapter";
    }

    @Override
    protected void doStart() {
        awaitPreviousLoop();
        Thread thread = new Thread(this::receiveLoop, "ipc-inbound-" + binding.name());
        // Daemon: a context that is never closed must not keep the JVM alive on our account.
        thread.setDaemon(true);
        receiveThread = thread;
        thread.start();
    }

    @Override
    protected void doStop() {
        // The loop sees isActive() turn false after its current receive; no waiting here, so that
        // stopping many adapters (context shutdown) takes one receive timeout, not one each.
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

    private void awaitPreviousLoop() {
        // A restart right after a stop: the old loop may still be inside receive(), and the core
        // allows one receiving thread per handle.
        Thread previous = receiveThread;
        if (previous != null && previous != Thread.currentThread()) {
            try {
                previous.join(binding.settings().receiveTimeout().plus(JOIN_MARGIN).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void receiveLoop() {
        while (isActive()) {
            Message<byte[]> message;
            try {
                message = binding.receive();
            } catch (IpcException e) {
                if (isActive() && !binding.channel().isClosed()) {
                    logger.error(e, () -> "receiving from channel '" + binding.name() + "' failed; the adapter stops receiving");
                }
                return;
            }
            if (message == null || !isActive()) {
                continue;
            }
            try {
                sendMessage(message);
            } catch (RuntimeException e) {
                logger.warn(e, () -> "a message from channel '" + binding.name() + "' failed downstream and is dropped");
            }
        }
    }
}
