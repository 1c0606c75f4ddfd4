package io.libipc.internal.handle;

import io.libipc.internal.engine.Errors;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The one-receiving-thread rule of a handle: a receiver's cursor and reassembly state belong to
 * one thread at a time, so a second concurrent receive (or a receive from inside a
 * {@link io.libipc.MessageHandler}) fails fast instead of corrupting them. Disconnect waits for
 * the receiving thread to leave.
 *
 * <p>Thread-safe; costs one compare-and-set and one release store per receive.
 */
public final class ReceivingThread {

    private final AtomicReference<Thread> current = new AtomicReference<>();

    /**
     * Makes the calling thread the receiving one.
     *
     * @param channel the channel name, for the message
     * @throws io.libipc.IpcException ERROR_RECEIVE_FAILED when another receive is in progress
     */
    public void enter(String channel) {
        if (!current.compareAndSet(null, Thread.currentThread())) {
            throw Errors.alreadyReceiving(channel, current.get());
        }
    }

    /** Ends the calling thread's receive. */
    public void exit() {
        current.setRelease(null);
    }

    /**
     * Whether a thread other than the given one is receiving.
     *
     * @param thread the thread asking
     * @return true while another thread is inside a receive
     */
    public boolean heldByOtherThan(Thread thread) {
        Thread t = current.get();
        return t != null && t != thread;
    }
}
