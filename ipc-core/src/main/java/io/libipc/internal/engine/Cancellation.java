package io.libipc.internal.engine;

/**
 * Asked by every wait loop between spins and sleeps: throws when the handle was closed or
 * disconnected from another thread, or its storage was cleared, so that no wait outlives them.
 */
@FunctionalInterface
public interface Cancellation {

    /** Throws an {@link io.libipc.IpcException} when the waiting operation must end. */
    void check();
}
