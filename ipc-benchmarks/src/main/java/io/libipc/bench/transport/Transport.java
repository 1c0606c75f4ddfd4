package io.libipc.bench.transport;

/**
 * One way of moving messages between processes, seen the same way by every benchmark: named
 * links, each with one sender and any number of receivers, every receiver getting every message.
 * A process opens the ends it needs; which process listens or creates is the transport's business.
 *
 * <p>Order of events every transport must support: the sender's end may be opened before or
 * after the receivers' ends; {@link #receiver} returns only once the receiver will get every
 * message the sender sends from then on (it may wait for the sender's end to exist);
 * {@link Sender#awaitReceivers} returns once that many receivers are connected.
 */
public interface Transport extends AutoCloseable {

    /**
     * The system's name in results: {@code libipc-java}, {@code aeron-ipc}, {@code uds}, {@code tcp}
     * or {@code libipc-java-backend}.
     *
     * @return the name
     */
    String system();

    /**
     * Opens the sending end of a link.
     *
     * @param link the link's name, unique within one benchmark run
     * @param maxMessage the largest message that will be sent
     * @return the sender
     */
    Sender sender(String link, int maxMessage);

    /**
     * Opens a receiving end of a link.
     *
     * @param link the link's name
     * @param maxMessage the largest message that will arrive
     * @return the receiver, connected
     */
    Receiver receiver(String link, int maxMessage);

    /** Releases what this process opened for the transport (files, sockets, clients). */
    @Override
    void close();

    /** The sending end of a link. Used by one thread. */
    interface Sender extends AutoCloseable {

        /**
         * Waits until {@code count} receivers are connected.
         *
         * @param count the number of receivers
         * @param timeoutMs how long to wait
         * @throws IllegalStateException when they do not come in time
         */
        void awaitReceivers(int count, long timeoutMs);

        /**
         * Sends one message, waiting (not dropping) while receivers are behind.
         *
         * @param message the bytes from position to limit; the position is not used afterwards
         */
        void send(java.nio.ByteBuffer message);

        @Override
        void close();
    }

    /** A receiving end of a link. Used by one thread. */
    interface Receiver extends AutoCloseable {

        /**
         * Waits for the next message and copies it into {@code dst} from index 0.
         *
         * @param dst large enough for the largest message; its position and limit are not used
         * @return the message length
         */
        int receive(java.nio.ByteBuffer dst);

        @Override
        void close();
    }
}
