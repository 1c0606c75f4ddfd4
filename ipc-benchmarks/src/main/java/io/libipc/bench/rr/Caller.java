package io.libipc.bench.rr;

/**
 * One requesting thread's end of a request/reply system: each {@link #call()} sends the next
 * request and blocks until its reply came back. Used by one thread; a system gives each thread
 * its own caller (its own payload, and for Unix domain sockets its own connection).
 */
public interface Caller extends AutoCloseable {

    /**
     * One round trip: sends a request and waits for its reply.
     *
     * @throws IllegalStateException when the reply is not the one this request asked for
     */
    void call();

    /** Releases what this caller holds alone (a connection); shared parts close with their system. */
    @Override
    default void close() {
    }
}
