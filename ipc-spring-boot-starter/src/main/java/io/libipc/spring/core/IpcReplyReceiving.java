package io.libipc.spring.core;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.messaging.Message;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Who receives on a requester's reply channel: one thread at a time (a handle has one receiving
 * thread), and preferably a caller that waits for its own reply. A synchronous caller that finds
 * nobody receiving receives the replies itself, hands each to its caller, and stops when its own
 * has come; then it passes the turn to another waiting caller. So in a stream of calls the reply
 * reaches its caller without a thread hand-off, whose wake-up costs tens of microseconds on a
 * small machine whose cores the spinning receivers keep busy (the cause of most of a call's time
 * when a background thread received for everybody, measured). A background thread
 * ({@code ipc-replies-<name>}) receives while asynchronous calls wait, and otherwise only drains
 * the replies nobody waits for any more, once per idle slice, so that they do not fill the ring.
 *
 * <p>Thread-safe.
 */
final class IpcReplyReceiving implements AutoCloseable {

    private static final Log logger = LogFactory.getLog(IpcReplyReceiving.class);

    /** A receiving caller re-checks its deadline, and a closing requester is noticed, this often. */
    private static final long RECEIVE_SLICE_MS = 50;
    /** A waiting caller is woken when its reply or the turn comes; this is only the safety net. */
    private static final long WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** With no asynchronous call waiting, the background thread drains late replies this often. */
    private static final long IDLE_SLICE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final IpcChannelBinding binding;
    private final Consumer<Message<byte[]>> deliver;
    private final Supplier<Thread> nextWaiter;
    private final ReentrantLock turn = new ReentrantLock();
    private final AtomicInteger asyncCalls = new AtomicInteger();
    private final Thread background;
    private volatile boolean closed;

    /**
     * Starts the background thread.
     *
     * @param binding the reply channel, opened as its only receiver
     * @param deliver hands a reply to its caller (and wakes it)
     * @param nextWaiter a synchronous caller still waiting for its reply, or null
     */
    IpcReplyReceiving(IpcChannelBinding binding, Consumer<Message<byte[]>> deliver, Supplier<Thread> nextWaiter) {
        this.binding = binding;
        this.deliver = deliver;
        this.nextWaiter = nextWaiter;
        this.background = new Thread(this::backgroundLoop, "ipc-replies-" + binding.name());
        // Daemon: a context that is never closed must not keep the JVM alive on our account.
        background.setDaemon(true);
        background.start();
    }

    /**
     * Waits in the calling thread until the future is done or the deadline passes, receiving the
     * replies itself whenever no other thread does.
     *
     * @param future the caller's reply, completed by whoever receives it
     * @param deadline in {@link System#nanoTime()} terms
     * @throws InterruptedException when the calling thread is interrupted
     */
    void await(CompletableFuture<?> future, long deadline) throws InterruptedException {
        while (!future.isDone() && !closed) {
            if (Thread.interrupted()) {
                passTurn();
                throw new InterruptedException();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                // Leaving while others wait: one of them may have to take the turn.
                passTurn();
                return;
            }
            if (turn.tryLock()) {
                try {
                    receiveUntil(future, deadline);
                } finally {
                    turn.unlock();
                    passTurn();
                }
            } else {
                LockSupport.parkNanos(this, Math.min(left, WAIT_SLICE_NANOS));
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        }
    }

    /** An asynchronous call now waits: the background thread receives for it. */
    void asyncCallStarted() {
        asyncCalls.incrementAndGet();
        LockSupport.unpark(background);
    }

    /** An asynchronous call has its outcome. */
    void asyncCallEnded() {
        asyncCalls.decrementAndGet();
    }

    private void receiveUntil(CompletableFuture<?> future, long deadline) {
        // An interrupted caller gives the turn up at once (the core's waits do not end on an interrupt).
        while (!future.isDone() && !closed && !Thread.currentThread().isInterrupted()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            if (receiveOne(Math.min(RECEIVE_SLICE_MS, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)))) < 0) {
                return;
            }
        }
    }

    /** Receives and delivers at most one reply: 1 when one came, 0 when none, -1 when the channel failed or closed. */
    private int receiveOne(long timeoutMs) {
        Message<byte[]> reply;
        try {
            reply = binding.receive(timeoutMs);
        } catch (RuntimeException e) {
            if (!closed) {
                logger.error("the reply channel '" + binding.name() + "' failed; requests waiting on it time out", e);
                closed = true;
            }
            return -1;
        }
        if (reply == null) {
            return 0;
        }
        deliver.accept(reply);
        return 1;
    }

    /** Wakes whoever should receive next: a waiting caller, and the background thread for asynchronous calls. */
    private void passTurn() {
        Thread waiter = nextWaiter.get();
        if (waiter != null) {
            LockSupport.unpark(waiter);
        }
        if (asyncCalls.get() > 0) {
            LockSupport.unpark(background);
        }
    }

    private void backgroundLoop() {
        while (!closed) {
            boolean asyncWaiting = asyncCalls.get() > 0;
            if (!asyncWaiting) {
                LockSupport.parkNanos(this, IDLE_SLICE_NANOS);
            }
            if (closed || !turn.tryLock()) {
                if (asyncWaiting) {
                    LockSupport.parkNanos(this, WAIT_SLICE_NANOS);
                }
                continue;
            }
            try {
                if (asyncCalls.get() > 0) {
                    receiveOne(RECEIVE_SLICE_MS);
                } else {
                    drain();
                }
            } finally {
                turn.unlock();
                passTurn();
            }
        }
    }

    /** Takes every reply already there: late ones, which nobody waits for, must not fill the ring. */
    private void drain() {
        while (!closed && receiveOne(1) > 0) {
            // Until a receive finds nothing.
        }
    }

    /** Stops the background thread; the reply channel's owner closes the channel. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(background);
    }
}
