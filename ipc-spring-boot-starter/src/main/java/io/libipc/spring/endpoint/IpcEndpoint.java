package io.libipc.spring.endpoint;

import io.libipc.IpcChannel;
import io.libipc.IpcException;
import io.libipc.spring.core.IpcChannelBinding;
import io.libipc.spring.core.IpcChannelBindings;
import io.libipc.spring.listener.IpcListenerContainer;
import io.libipc.spring.listener.IpcListenerEndpointRegistry;
import io.libipc.spring.listener.IpcListenerSettings;
import io.libipc.spring.listener.IpcListenerStatistics;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code ipc} actuator endpoint ({@code /actuator/ipc} over HTTP): the application's channels
 * (type, backend, modes, payload format, receivers, capacity, backlog, lost messages, storage file)
 * and listeners (channel, method, running, threads, queued messages and counts), and a write
 * operation that stops or starts one listener by id: {@code POST /actuator/ipc/<id>} with
 * {@code {"running": false}} or {@code true}. Like every actuator endpoint it is exposed over HTTP
 * only when listed in {@code management.endpoints.web.exposure.include}, and secured as the
 * application secures its actuator; {@code management.endpoint.ipc.access=read-only} keeps the
 * write operation out.
 */
@Endpoint(id = "ipc")
public class IpcEndpoint {

    private final IpcChannelBindings bindings;
    private final IpcListenerEndpointRegistry listeners;

    /**
     * Creates the endpoint.
     *
     * @param bindings the channels
     * @param listeners the listeners, or null when the application has none
     */
    public IpcEndpoint(IpcChannelBindings bindings, IpcListenerEndpointRegistry listeners) {
        this.bindings = Objects.requireNonNull(bindings, "bindings");
        this.listeners = listeners;
    }

    /**
     * Every channel and listener, as they are now.
     *
     * @return the description
     */
    @ReadOperation
    public IpcDescriptor ipc() {
        Map<String, ChannelDescriptor> channels = new LinkedHashMap<>();
        for (IpcChannelBinding binding : bindings.all()) {
            channels.put(binding.name(), channel(binding));
        }
        Map<String, ListenerDescriptor> byId = new LinkedHashMap<>();
        if (listeners != null) {
            for (IpcListenerContainer container : listeners.getListenerContainers()) {
                byId.put(container.getEndpoint().id(), listener(container));
            }
        }
        return new IpcDescriptor(channels, byId);
    }

    /**
     * Stops or starts a listener. Stopped, it stays subscribed and counts what it misses
     * ({@code ipc.messages.dropped}); the channel's other listeners go on.
     *
     * @param id the listener's id
     * @param running false to stop it, true to start it
     * @return the listener as it is afterwards
     * @throws InvalidEndpointRequestException for an unknown id (HTTP 400), naming the known ones
     */
    @WriteOperation
    public ListenerDescriptor listener(@Selector String id, boolean running) {
        IpcListenerContainer container = listeners == null ? null : listeners.getListenerContainer(id);
        if (container == null) {
            String known = listeners == null ? "[]" : listeners.getListenerIds().toString();
            throw new InvalidEndpointRequestException("no listener with id '" + id + "'; listeners: " + known,
                    "no listener with id '" + id + "'");
        }
        if (running) {
            container.start();
        } else {
            container.stop();
        }
        return listener(container);
    }

    private static ChannelDescriptor channel(IpcChannelBinding binding) {
        IpcChannel channel = binding.channel();
        String state = channel.isClosed() ? "closed" : channel.isConnected() ? "connected" : "disconnected";
        Integer receivers = null;
        Long backlog = null;
        Long lost = null;
        String error = null;
        if (state.equals("connected")) {
            try {
                receivers = channel.receiverCount();
                if (binding.countsLoss()) {
                    backlog = channel.backlogBytes();
                    lost = channel.lostMessages();
                }
            } catch (IpcException e) {
                // Cleared or broken storage: say why rather than fail the whole read.
                error = e.status() + ": " + e.getMessage();
            }
        }
        return new ChannelDescriptor(channel.type().name(), channel.options().backend().name(),
                binding.settings().modes().toString(), binding.settings().payloadFormat().name(), state, receivers,
                channel.capacity(), channel.maxMessageSize(), backlog, lost, channel.storagePath().toString(), error);
    }

    private static ListenerDescriptor listener(IpcListenerContainer container) {
        IpcListenerSettings settings = container.getSettings();
        IpcListenerStatistics stats = container.statistics();
        return new ListenerDescriptor(container.getEndpoint().channel(), container.getEndpoint().describeMethod(),
                container.isRunning(), settings.threads(), container.queuedCount(), Boolean.TRUE.equals(settings.batch()),
                settings.maxAttempts(), settings.deadLetterChannel(), stats.dropped(), stats.rejected(), stats.retries(),
                stats.failures(), stats.deadLetters());
    }

    /**
     * What the read operation returns.
     *
     * @param channels the channels by name, in configuration order
     * @param listeners the listeners by id
     */
    public record IpcDescriptor(Map<String, ChannelDescriptor> channels, Map<String, ListenerDescriptor> listeners)
            implements OperationResponseBody {
    }

    /**
     * One channel.
     *
     * @param type ROUTE or CHANNEL
     * @param backend NATIVE or LIBIPC
     * @param modes this application's modes on it
     * @param payloadFormat RAW or EMBEDDED_HEADERS
     * @param state connected, disconnected or closed
     * @param receivers receivers connected now (dead ones not counted); null when not connected or broken
     * @param capacity the ring's size in bytes
     * @param maxMessageSize the largest message in bytes
     * @param backlogBytes bytes the slowest receiver has not read; null where the backend does not tell
     * @param lostMessages messages this application's receiver lost to eviction; null where the backend does not count
     * @param storage the storage file
     * @param error why receivers and backlog are missing on a connected channel (its storage cleared or broken), or null
     */
    public record ChannelDescriptor(String type, String backend, String modes, String payloadFormat, String state,
            Integer receivers, int capacity, int maxMessageSize, Long backlogBytes, Long lostMessages, String storage,
            String error) {
    }

    /**
     * One listener.
     *
     * @param channel the channel it listens to
     * @param method the bean class and method
     * @param running whether it is started
     * @param threads threads of its own (0: the channel's receive thread)
     * @param queued messages waiting in its hand-off queue
     * @param batch whether it takes batches
     * @param maxAttempts attempts per message (1: no retry)
     * @param deadLetterChannel where failed messages go, or null
     * @param dropped messages that came while it was stopped
     * @param rejected messages its full hand-off queue dropped
     * @param retries attempts after the first
     * @param failures messages whose last attempt failed
     * @param deadLetters failed messages sent to the dead-letter channel
     */
    public record ListenerDescriptor(String channel, String method, boolean running, int threads, int queued,
            boolean batch, int maxAttempts, String deadLetterChannel, long dropped, long rejected, long retries,
            long failures, long deadLetters) {
    }
}
