package io.libipc.bench.transport;

import io.aeron.Aeron;
import io.aeron.AeronCounters;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.Configuration;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Aeron IPC ({@code aeron:ipc}) as a {@link Transport}: each link is one Aeron stream on the IPC
 * channel, written by one exclusive publication and read by any number of subscriptions, all
 * through the media driver that {@link AeronDriverMain} runs in its own process in
 * {@code runDir/aeron}.
 *
 * <p>Why these choices:
 * <ul>
 *   <li>No channel parameters: the driver's IPC term length (Aeron's default, 64 MiB) allows
 *       messages up to termLength / 8 = 8 MiB, enough for the 1 MiB messages of the benchmarks,
 *       and the IPC MTU is set once in the driver ({@link AeronDriverMain}), so every process
 *       gets the same stream layout without repeating it in each channel string.</li>
 *   <li>{@link IdleMode#SPIN} busy-spins ({@link BusySpinIdleStrategy}), Aeron's low-latency
 *       setting; {@link IdleMode#BLOCK} uses {@link BackoffIdleStrategy} with the parameters Aeron
 *       itself uses by default ({@link Configuration#IDLE_MAX_SPINS} etc.), which is what an Aeron
 *       application idling for long does (Aeron has no blocking wait).</li>
 * </ul>
 */
final class AeronTransport implements Transport {

    /** Every link is a stream on Aeron's shared-memory channel. */
    static final String CHANNEL = "aeron:ipc";

    /**
     * How long set-up waits (a receiver waiting for its sender, a send waiting for its first
     * receiver) last before failing, so that a broken run stops instead of hanging.
     */
    static final long CONNECT_TIMEOUT_MS = 30_000;

    private final Path aeronDir;
    private final IdleMode mode;
    private final Aeron aeron;
    /** Ends opened through this transport, closed with it; guarded by itself. */
    private final List<AutoCloseable> ends = new ArrayList<>();
    /** Stream ids used by this process, to refuse two links that hash alike; guarded by {@link #ends}. */
    private final Map<Integer, String> linksByStreamId = new HashMap<>();

    /**
     * Connects an Aeron client to the media driver of this run.
     *
     * @param runDir the run's directory; the driver's directory is {@code runDir/aeron}
     * @param mode how senders and receivers wait
     */
    AeronTransport(Path runDir, IdleMode mode) {
        this.aeronDir = driverDirectory(Objects.requireNonNull(runDir, "runDir"));
        this.mode = Objects.requireNonNull(mode, "mode");
        // The driver is already running (the harness starts AeronDriverMain and waits for READY
        // first); connect fails after Aeron's driver timeout (10 s) if it is not.
        this.aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir.toString()));
    }

    /**
     * The media driver's directory for a run: what the harness passes to {@link AeronDriverMain}.
     *
     * @param runDir the run's directory
     * @return {@code runDir/aeron}
     */
    static Path driverDirectory(Path runDir) {
        return runDir.resolve("aeron");
    }

    /**
     * The stream id of a link: a deterministic function of the name, so every process of the run
     * derives the same id without talking to the others. {@link String#hashCode()} is specified
     * by the Java language (not per JVM) and differs for the names used ("ping", "pong", "tput",
     * "wake", "tput-1", ...; names differing only in their last character always differ);
     * the sign bit is cleared to keep ids positive.
     *
     * @param link the link's name
     * @return a positive stream id
     */
    static int streamId(String link) {
        int id = link.hashCode() & Integer.MAX_VALUE;
        // 0 is a valid Aeron stream id, but a positive one is easier to recognise in AeronStat.
        return id == 0 ? 1 : id;
    }

    @Override
    public String system() {
        return Transports.AERON;
    }

    @Override
    public Sender sender(String link, int maxMessage) {
        int streamId = claimStreamId(link);
        ExclusivePublication publication = aeron.addExclusivePublication(CHANNEL, streamId);
        if (maxMessage > publication.maxMessageLength()) {
            publication.close();
            throw new IllegalArgumentException("link " + link + ": messages of " + maxMessage
                + " bytes exceed Aeron's maximum of " + publication.maxMessageLength()
                + " for a term of " + publication.termBufferLength() + " bytes");
        }
        return register(new AeronSender(link, publication, maxMessage, newIdleStrategy()));
    }

    @Override
    public Receiver receiver(String link, int maxMessage) {
        int streamId = claimStreamId(link);
        Subscription subscription = aeron.addSubscription(CHANNEL, streamId);
        try {
            // Connected means the driver has linked this subscription to the sender's publication
            // with a subscriber position at or before the publication's current position, so
            // every message sent from now on reaches this receiver (the publication is held back
            // by it). The sender's end may not exist yet: wait for it.
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONNECT_TIMEOUT_MS);
            IdleStrategy setupIdle = newSetupIdleStrategy();
            while (!subscription.isConnected()) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("link " + link + " (aeron:ipc stream " + streamId
                        + "): no sender within " + CONNECT_TIMEOUT_MS + " ms");
                }
                setupIdle.idle();
            }
        } catch (RuntimeException e) {
            subscription.close();
            throw e;
        }
        return register(new AeronReceiver(link, subscription, maxMessage, newIdleStrategy()));
    }

    @Override
    public void close() {
        List<AutoCloseable> toClose;
        synchronized (ends) {
            toClose = new ArrayList<>(ends);
            ends.clear();
        }
        RuntimeException failure = null;
        for (AutoCloseable end : toClose) {
            try {
                end.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing Aeron transport", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        // Closing the client also closes anything still open through it.
        aeron.close();
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "AeronTransport[" + aeronDir + ", " + mode + "]";
    }

    private int claimStreamId(String link) {
        Objects.requireNonNull(link, "link");
        int streamId = streamId(link);
        synchronized (ends) {
            String previous = linksByStreamId.putIfAbsent(streamId, link);
            if (previous != null && !previous.equals(link)) {
                // Two links on one stream would mix their messages; refuse rather than corrupt.
                throw new IllegalArgumentException("links " + previous + " and " + link
                    + " map to the same Aeron stream id " + streamId + "; rename one");
            }
        }
        return streamId;
    }

    private <T extends AutoCloseable> T register(T end) {
        synchronized (ends) {
            ends.add(end);
        }
        return end;
    }

    private IdleStrategy newIdleStrategy() {
        // One instance per end: BackoffIdleStrategy keeps state and each end is used by one thread.
        return mode == IdleMode.SPIN ? new BusySpinIdleStrategy() : newSetupIdleStrategy();
    }

    /** Aeron's default idle strategy with Aeron's default parameters (10 spins, 20 yields, 1 us..1 ms parks). */
    private static IdleStrategy newSetupIdleStrategy() {
        return new BackoffIdleStrategy(Configuration.IDLE_MAX_SPINS, Configuration.IDLE_MAX_YIELDS,
            Configuration.IDLE_MIN_PARK_NS, Configuration.IDLE_MAX_PARK_NS);
    }

    /** The sending end: one exclusive publication (single writer, cheaper than a shared one). */
    private final class AeronSender implements Sender {
        private final String link;
        private final ExclusivePublication publication;
        private final int maxMessage;
        private final IdleStrategy idle;
        /** A view over the caller's ByteBuffer, rewrapped only when the caller passes another buffer. */
        private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        private ByteBuffer wrapped;
        /** For read-only heap buffers, which Agrona cannot wrap: copied here first (allocated once, lazily). */
        private UnsafeBuffer copy;
        private boolean receiversAwaited;

        AeronSender(String link, ExclusivePublication publication, int maxMessage, IdleStrategy idle) {
            this.link = link;
            this.publication = publication;
            this.maxMessage = maxMessage;
            this.idle = idle;
        }

        /**
         * Counts receivers through the driver's counters rather than trusting
         * {@link Publication#isConnected()}, which only says "at least one". For every subscription
         * it links to an IPC publication, the driver allocates a subscriber-position counter
         * (type {@link AeronCounters#DRIVER_SUBSCRIBER_POSITION_TYPE_ID}) whose reference id is
         * the publication's registration id, and frees it when the subscription goes away; the
         * publication is flow-controlled by exactly these positions, so once a receiver is
         * counted here, it gets every message sent afterwards. Receivers in other processes are
         * counted too, since the counters live in the driver's shared CnC file.
         */
        @Override
        public void awaitReceivers(int count, long timeoutMs) {
            if (count < 0) {
                throw new IllegalArgumentException("count must not be negative: " + count);
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            IdleStrategy setupIdle = newSetupIdleStrategy();
            int connected;
            while ((connected = connectedReceivers()) < count || (count > 0 && !publication.isConnected())) {
                if (publication.isClosed()) {
                    throw new IllegalStateException("link " + link + ": publication closed");
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("link " + link + " (aeron:ipc stream "
                        + publication.streamId() + "): " + connected + " of " + count
                        + " receivers connected after " + timeoutMs + " ms");
                }
                setupIdle.idle();
            }
            receiversAwaited = count > 0;
        }

        private int connectedReceivers() {
            CountersReader counters = aeron.countersReader();
            long registrationId = publication.registrationId();
            int found = 0;
            for (int id = 0, max = counters.maxCounterId(); id < max; id++) {
                int state = counters.getCounterState(id);
                if (state == CountersReader.RECORD_UNUSED) {
                    break; // counters are allocated from the start; the rest were never used
                }
                if (state == CountersReader.RECORD_ALLOCATED
                    && counters.getCounterTypeId(id) == AeronCounters.DRIVER_SUBSCRIBER_POSITION_TYPE_ID
                    && counters.getCounterReferenceId(id) == registrationId) {
                    found++;
                }
            }
            return found;
        }

        @Override
        public void send(ByteBuffer message) {
            int offset = message.position();
            int length = message.remaining();
            if (length > maxMessage) {
                throw new IllegalArgumentException("link " + link + ": message of " + length
                    + " bytes exceeds the declared maximum of " + maxMessage);
            }
            DirectBuffer source = source(message, offset, length);
            if (source == copy) {
                offset = 0;
            }
            long result = publication.offer(source, offset, length);
            if (result > 0) {
                return;
            }
            idle.reset();
            long notConnectedDeadline = 0;
            while (true) {
                if (result == Publication.BACK_PRESSURED) {
                    // A receiver is a window (half a term) behind: wait for it, never drop.
                    idle.idle();
                } else if (result == Publication.ADMIN_ACTION) {
                    // Term rotation or similar in progress: Aeron says retry at once.
                    Thread.onSpinWait();
                } else if (result == Publication.NOT_CONNECTED) {
                    if (receiversAwaited) {
                        throw new IllegalStateException("link " + link
                            + ": no receiver connected any more (they were awaited; did one exit?)");
                    }
                    // Sending before awaitReceivers: wait for the first receiver, not forever.
                    long now = System.nanoTime();
                    if (notConnectedDeadline == 0) {
                        notConnectedDeadline = now + TimeUnit.MILLISECONDS.toNanos(CONNECT_TIMEOUT_MS);
                    } else if (now - notConnectedDeadline > 0) {
                        throw new IllegalStateException("link " + link + ": no receiver within "
                            + CONNECT_TIMEOUT_MS + " ms");
                    }
                    idle.idle();
                } else if (result == Publication.CLOSED) {
                    throw new IllegalStateException("link " + link + ": publication closed");
                } else if (result == Publication.MAX_POSITION_EXCEEDED) {
                    throw new IllegalStateException("link " + link
                        + ": publication reached its maximum position; open a new one");
                } else {
                    throw new IllegalStateException("link " + link + ": unexpected offer result " + result);
                }
                result = publication.offer(source, offset, length);
                if (result > 0) {
                    return;
                }
            }
        }

        /** The message as an Agrona buffer, without allocating for the usual (writable or direct) buffers. */
        private DirectBuffer source(ByteBuffer message, int offset, int length) {
            if (message.isDirect() || message.hasArray()) {
                if (message != wrapped) {
                    view.wrap(message);
                    wrapped = message;
                }
                return view;
            }
            if (copy == null) {
                copy = new UnsafeBuffer(ByteBuffer.allocateDirect(Math.max(maxMessage, length)));
            }
            copy.putBytes(0, message, offset, length);
            return copy;
        }

        @Override
        public void close() {
            // Aeron lets subscribers drain what was sent before an IPC publication goes away.
            publication.close();
        }
    }

    /** A receiving end: one subscription, one message per {@link #receive} call. */
    private static final class AeronReceiver implements Receiver, FragmentHandler {
        private final String link;
        private final Subscription subscription;
        private final int maxMessage;
        private final IdleStrategy idle;
        /**
         * Reassembles messages longer than the MTU; its buffer is sized for the largest message up
         * front so that it never grows while measuring.
         */
        private final FragmentAssembler assembler;
        /** Where the handler copies the message; set for the duration of one receive call. */
        private ByteBuffer dst;
        /** Length of the message copied by the handler, -1 while none. */
        private int received = -1;
        /** Length of a message that did not fit dst (reported after the poll, not thrown inside it). */
        private int tooLong = -1;

        AeronReceiver(String link, Subscription subscription, int maxMessage, IdleStrategy idle) {
            this.link = link;
            this.subscription = subscription;
            this.maxMessage = maxMessage;
            this.idle = idle;
            this.assembler = new FragmentAssembler(this, Math.max(maxMessage, 0), true);
        }

        @Override
        public int receive(ByteBuffer dst) {
            this.dst = dst;
            // A fragment limit of 1 delivers at most one fragment, hence at most one whole message,
            // per poll: messages after it stay in the log for the next call, with no copy of ours.
            int fragments = subscription.poll(assembler, 1);
            if (received < 0) {
                idle.reset();
                do {
                    if (fragments == 0 && subscription.imageCount() == 0) {
                        // The sender's publication is gone, and Aeron drops an IPC image only after
                        // it was read to the end: nothing more will come. One last poll to be sure.
                        fragments = subscription.poll(assembler, 1);
                        if (received < 0 && fragments == 0) {
                            throw new IllegalStateException("link " + link + ": the sender went away");
                        }
                    } else {
                        idle.idle(fragments);
                        fragments = subscription.poll(assembler, 1);
                    }
                } while (received < 0);
            }
            int length = received;
            received = -1;
            this.dst = null;
            if (tooLong >= 0) {
                int actual = tooLong;
                tooLong = -1;
                throw new IllegalArgumentException("link " + link + ": message of " + actual
                    + " bytes does not fit the buffer of " + dst.capacity() + " (declared maximum "
                    + maxMessage + ")");
            }
            return length;
        }

        /**
         * Called by Aeron (through the assembler) with one whole message: copies it to
         * {@code dst} from index 0, without touching dst's position or limit.
         */
        @Override
        public void onFragment(DirectBuffer buffer, int offset, int length, Header header) {
            if (length > dst.capacity()) {
                // Throwing here would go to Aeron's error handler, not to the caller: record it.
                tooLong = length;
                received = 0;
                return;
            }
            buffer.getBytes(offset, dst, 0, length);
            received = length;
        }

        @Override
        public void close() {
            subscription.close();
        }
    }
}
