package io.libipc.spring.core;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.IpcException;
import io.libipc.IpcOptions;
import io.libipc.spring.core.IpcChannelStatistics.RequestOutcome;
import io.libipc.spring.support.IpcHeaders;
import io.libipc.spring.support.IpcPayloadFormat;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.GenericMessage;

import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * The requesting side of request/reply: this application's reply channel, and the calls waiting
 * on it. A request carries {@link IpcHeaders#CORRELATION_ID} and {@link IpcHeaders#REPLY_CHANNEL};
 * whoever receives on the reply channel ({@link IpcReplyReceiving}: a waiting caller, or the
 * {@code ipc-replies-<name>} thread) hands each reply to the caller whose correlation id it
 * carries. A reply nobody waits for any more (its caller timed out, or a
 * second replier's on a broadcast channel: the first reply wins) is dropped and counted as late.
 *
 * <p>The reply channel is a CHANNEL (any number of repliers send to it) with this application as
 * its only receiver, opened at the first request, and closed and removed with the application. Its
 * name is stable (by default {@code <spring.application.name>.replies}), so a requester killed with
 * kill -9 leaves one file that its next start takes over, never a second one; a name already
 * received on by another live process is refused, naming the setting to change.
 *
 * <p>Thread-safe: any number of threads may wait for replies at once.
 */
public final class IpcRequester implements AutoCloseable {

    private static final Log logger = LogFactory.getLog(IpcRequester.class);

    private final String replyChannel;
    private final IpcOptions replyOptions;
    private final Function<IpcChannelSettings, IpcChannelBinding> opener;
    private final IpcChannelBindings bindings;
    private final Duration defaultTimeout;
    /** Random per start: a late reply to the last incarnation of this application matches no new call. */
    private final String idPrefix = Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-";
    private final AtomicLong nextId = new AtomicLong();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Object startLock = new Object();
    private volatile IpcChannelBinding replies;
    private volatile IpcReplyReceiving receiving;
    private volatile ScheduledExecutorService timeouts;
    private volatile boolean closed;

    /**
     * A requester, its reply channel not opened yet (nor its name checked: an application that
     * makes no request needs no valid one).
     *
     * @param replyChannel the name of this application's reply channel
     * @param replyOptions where it lives (the prefix and directory of the channels it talks on)
     * @param opener opens a binding (with the embedded-headers mapper and the observation registry)
     * @param bindings the configured channels, whose statistics count requests and late replies
     * @param defaultTimeout the timeout of calls that name none ({@code ipc.reply-timeout})
     */
    public IpcRequester(String replyChannel, IpcOptions replyOptions,
            Function<IpcChannelSettings, IpcChannelBinding> opener, IpcChannelBindings bindings, Duration defaultTimeout) {
        this.replyChannel = Objects.requireNonNull(replyChannel, "replyChannel");
        this.replyOptions = Objects.requireNonNull(replyOptions, "replyOptions");
        this.opener = Objects.requireNonNull(opener, "opener");
        this.bindings = Objects.requireNonNull(bindings, "bindings");
        this.defaultTimeout = requirePositive(defaultTimeout);
    }

    /**
     * The timeout of calls that name none.
     *
     * @return {@code ipc.reply-timeout}
     */
    public Duration getDefaultTimeout() {
        return defaultTimeout;
    }

    /**
     * This application's reply channel.
     *
     * @return its name
     */
    public String getReplyChannel() {
        return replyChannel;
    }

    /**
     * Sends a request and returns the future reply. The request is sent in the calling thread, as
     * {@code send} sends: with no receiver on the channel it fails at once.
     *
     * @param target the channel the request goes to; its payload format must embed headers
     * @param payload the payload
     * @param headers the request's headers (copied; the correlation headers are added)
     * @param timeout how long to wait for the reply; positive
     * @return the reply message, its payload the bytes the replier sent; completed exceptionally with
     *         {@link IpcReplyTimeoutException} or {@link IpcRemoteException}
     * @throws IpcException when the request cannot be sent (no receiver: ERROR_SEND_FAILED)
     * @throws IllegalStateException when the channel cannot carry the correlation headers, or the
     *         reply channel cannot be opened
     */
    public CompletableFuture<Message<byte[]>> request(IpcChannelBinding target, Object payload,
            Map<String, ?> headers, Duration timeout) {
        Pending call = send(target, payload, headers, timeout, true);
        return call.future;
    }

    private void asyncCall(Pending call) {
        IpcReplyReceiving r = receiving;
        r.asyncCallStarted();
        call.future.whenComplete((reply, failure) -> r.asyncCallEnded());
    }

    /**
     * Sends a request and waits in the calling thread for its reply: as {@link #request}, but the
     * caller watches its own deadline, so that no timer task is scheduled and cancelled per call
     * (each of which woke the timer thread), and it receives the replies itself while no other
     * thread does ({@link IpcReplyReceiving}), so that its reply needs no thread hand-off.
     *
     * @param target the channel the request goes to; its payload format must embed headers
     * @param payload the payload
     * @param headers the request's headers (copied; the correlation headers are added)
     * @param timeout how long to wait for the reply; positive
     * @return the reply message, its payload the bytes the replier sent
     * @throws IpcReplyTimeoutException when no reply came within the timeout
     * @throws IpcRemoteException when the replier's handling threw
     * @throws IpcException when the request cannot be sent (no receiver: ERROR_SEND_FAILED)
     * @throws IllegalStateException as {@link #request}, or when the calling thread is interrupted
     */
    public Message<byte[]> requestAndWait(IpcChannelBinding target, Object payload, Map<String, ?> headers,
            Duration timeout) {
        Pending call = send(target, payload, headers, timeout, false);
        CompletableFuture<Message<byte[]>> future = call.future;
        try {
            long deadline = call.start + timeout.toNanos();
            receiving.await(future, deadline);
            long left = deadline - System.nanoTime();
            if (!future.isDone() && left > 0) {
                // The requester is closing (it fails the calls), or its reply channel failed.
                try {
                    return future.get(left, TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    // Expired below.
                }
            }
            if (!future.isDone()) {
                expire(call.correlationId, call);
            }
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.remove(call.correlationId, call);
            throw new IllegalStateException("interrupted while waiting for a reply on channel '" + target.name() + "'", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private Pending send(IpcChannelBinding target, Object payload, Map<String, ?> headers, Duration timeout,
            boolean scheduleTimeout) {
        requirePositive(timeout);
        if (target.settings().payloadFormat() != IpcPayloadFormat.EMBEDDED_HEADERS) {
            throw new IllegalStateException("request/reply on channel '" + target.name() + "' needs its headers to"
                    + " travel: set ipc.channels." + target.name() + ".payload-format=embedded-headers on every side"
                    + " (it is " + target.settings().payloadFormat().name().toLowerCase(java.util.Locale.ROOT)
                    + "; the correlation id and the reply channel are headers)");
        }
        ensureStarted();
        String correlationId = idPrefix + nextId.incrementAndGet();
        Map<String, Object> requestHeaders = new HashMap<>(headers);
        requestHeaders.put(IpcHeaders.CORRELATION_ID, correlationId);
        requestHeaders.put(IpcHeaders.REPLY_CHANNEL, replyChannel);
        Pending call = new Pending(correlationId, target, payload, requestHeaders, timeout);
        pending.put(correlationId, call);
        if (scheduleTimeout) {
            // Before the send: the reply may come before send returns.
            call.timeoutTask = timeouts.schedule(() -> expire(correlationId, call), timeout.toNanos(), TimeUnit.NANOSECONDS);
            asyncCall(call);
        } else {
            call.waiter = Thread.currentThread();
        }
        try {
            // A send counts receivers from the slot mask alone, which still holds a replier killed
            // with kill -9 until somebody probes its lock: the request would wait its whole timeout
            // for nobody. receiverCount probes (releasing dead slots), so that the send fails at
            // once, as it does on a channel nobody ever received on.
            target.channel().receiverCount();
            target.sendRequest(payload, requestHeaders);
        } catch (RuntimeException e) {
            if (pending.remove(correlationId, call)) {
                ScheduledFuture<?> timeoutTask = call.timeoutTask;
                if (timeoutTask != null) {
                    timeoutTask.cancel(false);
                }
                call.statistics().recordRequest(RequestOutcome.ERROR, System.nanoTime() - call.start);
                // Nobody gets this future (the call throws), but an asynchronous one is counted until it ends.
                call.future.completeExceptionally(e);
            }
            throw e;
        }
        return call;
    }

    private void expire(String correlationId, Pending call) {
        if (pending.remove(correlationId, call)) {
            call.statistics().recordRequest(RequestOutcome.TIMEOUT, System.nanoTime() - call.start);
            call.future.completeExceptionally(new IpcReplyTimeoutException(call.target.name(), call.request(),
                    call.timeout, correlationId));
        }
    }

    private void ensureStarted() {
        if (replies != null) {
            return;
        }
        synchronized (startLock) {
            if (closed) {
                throw new IllegalStateException("the requester is closed (the application is shutting down)");
            }
            if (replies != null) {
                return;
            }
            IpcChannelBinding binding;
            try {
                IpcChannel.validateName(replyChannel);
                refuseIfTaken();
                binding = opener.apply(new IpcChannelSettings(replyChannel, ChannelType.CHANNEL,
                        EnumSet.of(ConnMode.RECEIVER), replyOptions, IpcPayloadFormat.EMBEDDED_HEADERS,
                        IpcChannelSettings.DEFAULT_RECEIVE_TIMEOUT));
            } catch (IpcException e) {
                throw new IllegalStateException("cannot open the reply channel '" + replyChannel + "' (ipc.reply-channel,"
                        + " by default <spring.application.name>.replies): " + e.getMessage(), e);
            }
            ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "ipc-reply-timeouts"));
            // Most calls get their reply: their timeout tasks leave the queue at once, not when due.
            timer.setRemoveOnCancelPolicy(true);
            timeouts = timer;
            receiving = new IpcReplyReceiving(binding, this::deliver, this::nextWaiter);
            replies = binding;
        }
    }

    /** Another live application receiving on our reply channel would get our replies: refuse, naming the fix. */
    private void refuseIfTaken() {
        int receivers;
        try (IpcChannel probe = new IpcChannel(ChannelType.CHANNEL, replyChannel, replyOptions, ConnMode.SENDER)) {
            receivers = probe.receiverCount();
        }
        if (receivers > 0) {
            throw new IllegalStateException("the reply channel '" + replyChannel + "' is received on by another"
                    + " live process: give each requesting application a reply channel of its own"
                    + " (ipc.reply-channel, or a distinct spring.application.name)");
        }
    }

    /** A synchronous caller still waiting for its reply, to take the receiving turn; null when none. */
    private Thread nextWaiter() {
        Thread self = Thread.currentThread();
        for (Pending call : pending.values()) {
            Thread waiter = call.waiter;
            if (waiter != null && waiter != self && !call.future.isDone()) {
                return waiter;
            }
        }
        return null;
    }

    private void deliver(Message<byte[]> reply) {
        Object id = reply.getHeaders().get(IpcHeaders.CORRELATION_ID);
        Pending call = id == null ? null : pending.remove(id.toString());
        if (call == null) {
            Object channel = reply.getHeaders().get(IpcHeaders.REQUEST_CHANNEL);
            if (channel != null && bindings.contains(channel.toString())) {
                bindings.get(channel.toString()).statistics().recordLateReply();
            }
            if (logger.isDebugEnabled()) {
                logger.debug("dropped a late reply on '" + replyChannel + "' (correlationId=" + id
                        + ", request channel=" + channel + "): its caller gave up, or another replier answered first");
            }
            return;
        }
        ScheduledFuture<?> timeoutTask = call.timeoutTask;
        if (timeoutTask != null) {
            timeoutTask.cancel(false);
        }
        long nanos = System.nanoTime() - call.start;
        Object remote = reply.getHeaders().get(IpcHeaders.REMOTE_EXCEPTION);
        if (remote != null) {
            call.statistics().recordRequest(RequestOutcome.ERROR, nanos);
            Object message = reply.getHeaders().get(IpcHeaders.REMOTE_EXCEPTION_MESSAGE);
            call.future.completeExceptionally(new IpcRemoteException(call.target.name(), call.request(),
                    remote.toString(), message == null ? null : message.toString()));
        } else {
            call.statistics().recordRequest(RequestOutcome.SUCCESS, nanos);
            call.future.complete(reply);
        }
        Thread waiter = call.waiter;
        if (waiter != null) {
            LockSupport.unpark(waiter);
        }
    }

    /**
     * Calls waiting for a reply now.
     *
     * @return the count
     */
    public int pendingCount() {
        return pending.size();
    }

    /**
     * Stops receiving replies, fails the calls still waiting, closes the reply channel and removes
     * its storage. Idempotent.
     */
    @Override
    public void close() {
        IpcChannelBinding binding;
        synchronized (startLock) {
            if (closed) {
                return;
            }
            closed = true;
            binding = replies;
            if (timeouts != null) {
                timeouts.shutdownNow();
            }
            if (receiving != null) {
                receiving.close();
            }
        }
        pending.forEach((id, call) -> {
            if (pending.remove(id, call)) {
                call.future.completeExceptionally(new IpcRequestException(call.target.name(), call.request(),
                        "the application is shutting down: no reply on channel '" + call.target.name() + "' will come"));
            }
        });
        if (binding != null) {
            binding.close();
            IpcChannel.clearChannelStorage(replyChannel, replyOptions);
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        // Daemon: a context that is never closed must not keep the JVM alive on our account.
        thread.setDaemon(true);
        return thread;
    }

    private static Duration requirePositive(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a reply timeout must be positive: timeout=" + timeout);
        }
        return timeout;
    }

    /** One call waiting for its reply. */
    private static final class Pending {
        final String correlationId;
        final IpcChannelBinding target;
        final Object payload;
        final Map<String, Object> headers;
        final Duration timeout;
        final long start = System.nanoTime();
        final CompletableFuture<Message<byte[]>> future = new CompletableFuture<>();
        volatile ScheduledFuture<?> timeoutTask;
        /** The thread of a synchronous call, woken when its reply comes; null for an asynchronous one. */
        volatile Thread waiter;

        Pending(String correlationId, IpcChannelBinding target, Object payload, Map<String, Object> headers,
                Duration timeout) {
            this.correlationId = correlationId;
            this.target = target;
            this.payload = payload;
            this.headers = headers;
            this.timeout = timeout;
        }

        IpcChannelStatistics statistics() {
            return target.statistics();
        }

        Message<?> request() {
            return new GenericMessage<>(payload, headers);
        }
    }
}
