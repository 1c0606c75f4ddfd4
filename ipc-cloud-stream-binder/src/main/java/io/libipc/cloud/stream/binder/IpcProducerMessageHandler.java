package io.libipc.cloud.stream.binder;

import io.libipc.IpcException;
import io.libipc.IpcStatus;
import io.libipc.spring.integration.outbound.IpcMessageHandler;
import org.springframework.cloud.stream.binder.BinderHeaders;
import org.springframework.context.Lifecycle;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.MessagingException;

import java.time.Duration;
import java.util.List;

/**
 * A producer binding's handler: hands each message to the starter's outbound handler of its
 * channel; for a partitioned producer, to the one of channel {@code <destination>-<n>}, {@code n}
 * being the partition Spring Cloud Stream chose ({@code scst_partition}). Sends are synchronous:
 * a failure (no receiver connected, a message over the maximum size) is thrown to the caller.
 *
 * <p>With a {@code receiver-wait}, a send that finds no receiver connected waits that long for one,
 * then sends once more; without, it fails at once, as the core's send does. Safe for many threads.
 */
final class IpcProducerMessageHandler implements MessageHandler, Lifecycle {

    private final String destination;
    private final List<IpcMessageHandler> partitions;
    private final long receiverWaitMs;
    private volatile boolean running;

    /**
     * A handler over one channel, or one per partition.
     *
     * @param destination the destination, for messages
     * @param partitions the channels' handlers: one, or partition {@code n} at index {@code n}
     * @param receiverWait how long a send waits for a first receiver
     */
    IpcProducerMessageHandler(String destination, List<IpcMessageHandler> partitions, Duration receiverWait) {
        this.destination = destination;
        this.partitions = List.copyOf(partitions);
        this.receiverWaitMs = receiverWait.toMillis();
    }

    @Override
    public void handleMessage(Message<?> message) {
        if (!running) {
            throw new MessageDeliveryException(message, "the producer binding of libipc destination '" + destination
                    + "' is stopped");
        }
        IpcMessageHandler handler = handlerFor(message);
        try {
            handler.handleMessage(message);
        } catch (MessagingException e) {
            if (receiverWaitMs <= 0 || !noReceiver(e)
                    || !handler.getBinding().channel().waitForReceivers(1, receiverWaitMs)) {
                throw e;
            }
            handler.handleMessage(message);
        }
    }

    private IpcMessageHandler handlerFor(Message<?> message) {
        if (partitions.size() == 1) {
            return partitions.get(0);
        }
        Object partition = message.getHeaders().get(BinderHeaders.PARTITION_HEADER);
        if (!(partition instanceof Integer n) || n < 0 || n >= partitions.size()) {
            throw new MessageDeliveryException(message, "libipc destination '" + destination + "' has "
                    + partitions.size() + " partitions; the message's " + BinderHeaders.PARTITION_HEADER + " is "
                    + partition);
        }
        return partitions.get(n);
    }

    private static boolean noReceiver(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IpcException ipc) {
                return ipc.status() == IpcStatus.ERROR_SEND_FAILED;
            }
        }
        return false;
    }

    /**
     * The channels' handlers, partition {@code n} at index {@code n}.
     *
     * @return the handlers
     */
    List<IpcMessageHandler> partitions() {
        return partitions;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public String toString() {
        return "IpcProducerMessageHandler{" + destination + ", partitions=" + partitions.size() + "}";
    }
}
