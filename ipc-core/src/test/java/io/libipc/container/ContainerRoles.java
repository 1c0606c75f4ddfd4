package io.libipc.container;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.IpcException;
import io.libipc.IpcStatus;
import io.libipc.support.TestChannels;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32;

/**
 * The programs that {@link CrossContainerTest} runs inside containers, one role per JVM, chosen by
 * {@code args[0]}. Each role reports on standard output with one line per event, which the test
 * reads from the container's log:
 * <ul>
 *   <li>every role first prints {@code PID <n>}: its own pid in its container's pid namespace;</li>
 *   <li>{@code receiver <channel> <label>}: a ROUTE receiver. Prints {@code READY}, then for each
 *       batch a sender ends, {@code GOT sender=<tag> count=<n> crc=<hex> declaredCount=<n>
 *       declaredCrc=<hex> inOrder=<bool> lost=<n>}. On the finish message it closes, clears the
 *       channel's storage (from inside the shared IPC namespace, whose {@code /dev/shm} the host
 *       cannot see) and prints {@code CLEARED leftovers=[...]}, then exits 0;</li>
 *   <li>{@code route-sender-refused <channel>}: tries to connect as the ROUTE's sender while another
 *       one lives, expects {@code ERROR_CONNECTION_FAILED}, prints {@code REFUSED <message>} and
 *       exits 0;</li>
 *   <li>{@code route-sender <channel> <tag> <receivers> <count> monitor|finish}: claims the ROUTE's
 *       sender place ({@code CONNECTED}), waits for that many receivers ({@code RECEIVERS <n>}),
 *       sends {@code count} data messages and an end-of-batch message ({@code SENT sender=<tag>
 *       count=<n> crc=<hex>}). Then {@code monitor} prints {@code RECEIVER_COUNT <n>} at once and
 *       on every change until it is killed; {@code finish} sends the finish message, closes and
 *       exits 0.</li>
 * </ul>
 * Any failure prints {@code ERROR ...} and exits 2, so the test fails with the reason rather than
 * a timeout.
 *
 * <p>Wire format: a data message is {@code 'D'}, the sequence number (int, big-endian), then
 * 0-{@value #MAX_PAYLOAD} pseudo-random bytes; an end-of-batch message is {@code 'E'} followed by
 * ASCII {@code "<tag> <count> <crcHex>"}; the finish message is the single byte {@code 'F'}. The
 * CRC-32 covers every data message whole, in sending order.
 */
public final class ContainerRoles {

    static final byte DATA = 'D';
    static final byte END = 'E';
    static final byte FINISH = 'F';
    static final int MAX_PAYLOAD = 2048;

    /** Generous: a receiver container on a loaded 2-core machine must never be evicted for being slow. */
    private static final long SEND_TIMEOUT_MS = 30_000;
    private static final long WAIT_FOR_RECEIVERS_MS = 60_000;
    private static final long MONITOR_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private ContainerRoles() {
    }

    /**
     * Runs one role.
     *
     * @param args the role and its arguments, as in the class description
     */
    public static void main(String[] args) {
        say("PID " + ProcessHandle.current().pid());
        try {
            switch (args[0]) {
                case "receiver":
                    receiver(args[1], args[2]);
                    break;
                case "route-sender-refused":
                    routeSenderRefused(args[1]);
                    break;
                case "route-sender":
                    routeSender(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                            "finish".equals(args[5]));
                    break;
                default:
                    throw new IllegalArgumentException("unknown role: " + args[0]);
            }
        } catch (Throwable t) {
            say("ERROR " + t);
            t.printStackTrace();
            System.exit(2);
        }
        System.exit(0);
    }

    private static void receiver(String name, String label) {
        try (IpcChannel rx = new IpcChannel(ChannelType.ROUTE, name, TestChannels.options(), ConnMode.RECEIVER)) {
            say("READY receiver " + label);
            Batch batch = new Batch();
            for (;;) {
                // No time limit: the test either kills this container or sends the finish message.
                byte[] m = rx.receive();
                if (m.length == 0) {
                    throw new IllegalStateException("unexpected empty message");
                }
                if (m[0] == DATA) {
                    batch.add(m);
                } else if (m[0] == END) {
                    String[] declared = new String(m, 1, m.length - 1, StandardCharsets.US_ASCII).split(" ");
                    say("GOT sender=" + declared[0] + " count=" + batch.count + " crc=" + batch.crcHex()
                            + " declaredCount=" + declared[1] + " declaredCrc=" + declared[2]
                            + " inOrder=" + batch.inOrder + " lost=" + rx.lostMessages());
                    batch = new Batch();
                } else if (m[0] == FINISH) {
                    break;
                } else {
                    throw new IllegalStateException("unexpected message kind " + m[0] + ", length " + m.length);
                }
            }
        }
        IpcChannel.clearChannelStorage(name, TestChannels.options());
        say("CLEARED leftovers=" + TestChannels.leftovers());
    }

    private static void routeSenderRefused(String name) {
        try (IpcChannel tx = new IpcChannel(ChannelType.ROUTE, name, TestChannels.options(), ConnMode.SENDER)) {
            throw new IllegalStateException("connected as a second ROUTE sender: " + tx);
        } catch (IpcException e) {
            if (e.status() != IpcStatus.ERROR_CONNECTION_FAILED) {
                throw e;
            }
            say("REFUSED " + e.getMessage());
        }
    }

    private static void routeSender(String name, String tag, int receivers, int count, boolean finish) {
        // Not closed in monitor mode: that container ends by SIGKILL, which is the point.
        IpcChannel tx = new IpcChannel(ChannelType.ROUTE, name, TestChannels.options(), ConnMode.SENDER);
        say("CONNECTED sender " + tag);
        if (!tx.waitForReceivers(receivers, WAIT_FOR_RECEIVERS_MS)) {
            throw new IllegalStateException("only " + tx.receiverCount() + " of " + receivers + " receivers came");
        }
        say("RECEIVERS " + tx.receiverCount());
        Random random = new Random(tag.hashCode());
        CRC32 crc = new CRC32();
        for (int seq = 0; seq < count; seq++) {
            byte[] m = new byte[5 + random.nextInt(MAX_PAYLOAD + 1)];
            ByteBuffer.wrap(m).put(DATA).putInt(seq);
            for (int i = 5; i < m.length; i++) {
                m[i] = (byte) random.nextInt();
            }
            crc.update(m);
            tx.send(m, SEND_TIMEOUT_MS);
        }
        String crcHex = Long.toHexString(crc.getValue());
        tx.send(("E" + tag + " " + count + " " + crcHex).getBytes(StandardCharsets.US_ASCII), SEND_TIMEOUT_MS);
        say("SENT sender=" + tag + " count=" + count + " crc=" + crcHex);
        if (finish) {
            tx.send(new byte[] {FINISH}, SEND_TIMEOUT_MS);
            tx.close();
            say("DONE sender " + tag);
            return;
        }
        // Polls rather than waits: the API has no "wait until fewer receivers", and a killed
        // receiver wakes nobody; receiverCount() itself probes the slots' locks.
        int last = -1;
        for (;;) {
            int n = tx.receiverCount();
            if (n != last) {
                say("RECEIVER_COUNT " + n);
                last = n;
            }
            LockSupport.parkNanos(MONITOR_PERIOD_NANOS);
        }
    }

    private static void say(String line) {
        // System.out flushes on println, so the test sees each line as it is written.
        System.out.println(line);
    }

    /** What a receiver saw of one sender's batch so far. */
    private static final class Batch {
        final CRC32 crc = new CRC32();
        int count;
        boolean inOrder = true;

        void add(byte[] m) {
            inOrder &= m.length >= 5 && ByteBuffer.wrap(m, 1, 4).getInt() == count;
            crc.update(m);
            count++;
        }

        String crcHex() {
            return Long.toHexString(crc.getValue());
        }
    }
}
