package io.libipc.backend.libipc.support;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.IpcException;
import io.libipc.IpcOptions;
import io.libipc.IpcStatus;
import io.libipc.support.ChildJvm;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Java twin of {@code libipc_peer}, for child JVMs: the same commands, arguments, output lines
 * and exit codes (libipc_peer.cpp's header comment), on the public {@link IpcChannel} API with
 * backend LIBIPC, so that a test can put either one on either side of a channel. Run with
 * {@link LibipcHome#childJvmOptions()}.
 *
 * <p>Commands (a subset of the peer's, plus two options):
 * <ul>
 *   <li>{@code send <type> <name> <count> <sizes> [--wait-receivers 1] [--wait-ms 10000]
 *       [--timeout-ms 100] [--try 1] [--sender-id 0]} → {@code SENT <sent> <digest> <failed>}.
 *       With {@code --sender-id s > 0} message {@code j} is pattern message
 *       {@link PeerPattern#senderK k = s << 32 | j}, so that receivers tell senders apart. Unlike the
 *       peer, it also prints {@code READY} once connected, before it waits for receivers.</li>
 *   <li>{@code recv <type> <name> <count> [--timeout-ms 10000] [--sizes S] [--delay-ms 0]
 *       [--senders 0]} → {@code READY}, then {@code RECEIVED <received> <digest> <errors>}.
 *       With {@code --senders n > 0} several senders are expected: a message is right when it is
 *       the pattern message of the {@code k} it carries and the next one of its sender
 *       ({@code k >>> 32}) ({@link SenderOrder}), and a line {@code SENDERS <id>:<count>,...
 *       switches=<n>} comes before {@code RECEIVED}.</li>
 *   <li>{@code count <type> <name>} → {@code COUNT <receivers>}; {@code wait <type> <name> <n>
 *       <timeout-ms, 0 = none>} → {@code WAIT <1|0> <receivers>} (both as a SENDER handle; on a
 *       ROUTE whose sender slot is taken they print {@code ERROR}, where the peer still counts).</li>
 *   <li>{@code hold <type> <name> <sender|receiver> <seconds>} → {@code READY}, {@code HELD}.</li>
 * </ul>
 * Exit codes: 0 done, 1 mismatch/loss/failed sends, 2 usage, 3 could not connect or timed out.
 */
public final class JavaPeer {

    private static final int DONE = 0;
    private static final int MISMATCH = 1;
    private static final int USAGE = 2;
    private static final int NO_CONNECTION = 3;

    private final List<String> pos;
    private final Map<String, String> opt;
    private final ChannelType type;
    private final IpcOptions options = LibipcChannels.options();

    private JavaPeer(List<String> pos, Map<String, String> opt, ChannelType type) {
        this.pos = pos;
        this.opt = opt;
        this.type = type;
    }

    /**
     * Runs one command and exits with its code.
     *
     * @param args {@code <command> <route|channel> <args...> [--option value ...]}
     */
    public static void main(String[] args) {
        int exit;
        try {
            exit = run(args);
        } catch (IpcException e) {
            line("ERROR " + e.status() + " " + e.getMessage().replace('\n', ' '));
            exit = NO_CONNECTION;
        } catch (RuntimeException e) {
            line("ERROR " + e);
            e.printStackTrace();
            exit = USAGE;
        }
        System.out.flush();
        System.exit(exit);
    }

    private static int run(String[] args) {
        if (args.length < 3) {
            line("ERROR usage: <command> <route|channel> <args...> [--option value ...]");
            return USAGE;
        }
        List<String> pos = new java.util.ArrayList<>();
        Map<String, String> opt = new HashMap<>();
        for (int i = 2; i < args.length; i++) {
            if (args[i].startsWith("--") && i + 1 < args.length) {
                opt.put(args[i], args[++i]);
            } else {
                pos.add(args[i]);
            }
        }
        ChannelType type = switch (args[1]) {
            case "route" -> ChannelType.ROUTE;
            case "channel" -> ChannelType.CHANNEL;
            default -> throw new IllegalArgumentException("type must be route or channel: " + args[1]);
        };
        JavaPeer peer = new JavaPeer(pos, opt, type);
        return switch (args[0]) {
            case "send" -> peer.send();
            case "recv" -> peer.recv();
            case "count" -> peer.count();
            case "wait" -> peer.await();
            case "hold" -> peer.hold();
            default -> {
                line("ERROR unknown command " + args[0]);
                yield USAGE;
            }
        };
    }

    private int send() {
        long count = Long.parseLong(pos.get(1));
        int[] sizes = PeerPattern.sizes(pos.get(2));
        long timeoutMs = num("--timeout-ms", 100);
        boolean tryOnly = num("--try", 0) != 0;
        int senderId = (int) num("--sender-id", 0);
        try (IpcChannel c = new IpcChannel(type, name(), options, ConnMode.SENDER)) {
            line("READY");
            if (!waitReceivers(c)) {
                return NO_CONNECTION;
            }
            PeerPattern.Digest digest = new PeerPattern.Digest();
            long sent = 0;
            long failed = 0;
            for (long k = 0; k < count; k++) {
                byte[] m = PeerPattern.message(PeerPattern.senderK(senderId, k), sizes[(int) (k % sizes.length)]);
                boolean ok;
                try {
                    ok = tryOnly ? c.trySend(m, timeoutMs) : sendOnce(c, m, timeoutMs);
                } catch (IpcException e) {
                    ok = false;   // e.g. an empty message: like the peer, a failed send leaves a gap
                }
                if (ok) {
                    sent++;
                    digest.add(m);
                } else {
                    failed++;
                }
            }
            line("SENT " + sent + " " + digest.hex() + " " + failed);
            return failed == 0 ? DONE : MISMATCH;
        }
    }

    /**
     * Starts this role in a child JVM with backend LIBIPC's library.
     *
     * @param args the command line, as for {@link #main}
     * @return the child
     */
    public static ChildJvm start(String... args) {
        return ChildJvm.start(LibipcHome.childJvmOptions(), JavaPeer.class, args);
    }

    /**
     * Waits for a child's next line starting with {@code prefix}; an {@code ERROR} line on the way fails at once.
     *
     * @param child a child started by {@link #start}
     * @param prefix the line's start
     * @param timeout how long at most
     * @return the line's words
     */
    public static String[] awaitWords(ChildJvm child, String prefix, Duration timeout) {
        return child.awaitLine(l -> {
            if (l.startsWith("ERROR") && !prefix.startsWith("ERROR")) {
                throw new AssertionError(child + ": " + l + child.describe());
            }
            return l.startsWith(prefix);
        }, timeout).split(" ");
    }

    private static boolean sendOnce(IpcChannel c, byte[] m, long timeoutMs) {
        c.send(m, timeoutMs);
        return true;
    }

    private boolean waitReceivers(IpcChannel c) {
        int n = (int) num("--wait-receivers", 1);
        if (n == 0 || c.waitForReceivers(n, num("--wait-ms", 10_000))) {
            return true;
        }
        line("ERROR timeout waiting for " + n + " receivers (have " + c.receiverCount() + ")");
        return false;
    }

    private int recv() {
        try (IpcChannel c = new IpcChannel(type, name(), options, ConnMode.RECEIVER)) {
            line("READY");
            long count = Long.parseLong(pos.get(1));
            long timeoutMs = num("--timeout-ms", 10_000);
            long delayMs = num("--delay-ms", 0);
            int[] sizes = opt.containsKey("--sizes") ? PeerPattern.sizes(opt.get("--sizes")) : new int[0];
            int senders = (int) num("--senders", 0);
            SenderOrder order = new SenderOrder();
            PeerPattern.Digest digest = new PeerPattern.Digest();
            long got = 0;
            long errors = 0;
            for (; got < count; got++) {
                byte[] b;
                try {
                    b = c.receive(timeoutMs);
                } catch (IpcException e) {
                    if (e.status() != IpcStatus.ERROR_TIMEOUT) {
                        throw e;
                    }
                    line("TIMEOUT " + got);
                    break;
                }
                boolean sizeOk = sizes.length == 0 || b.length == sizes[(int) (got % sizes.length)];
                boolean ok;
                if (senders == 0) {
                    ok = PeerPattern.matches(b, got);
                } else {
                    ok = order.accept(b);
                }
                if (!sizeOk || !ok) {
                    errors++;
                }
                digest.add(b);
                if (delayMs > 0) {
                    sleep(delayMs);
                }
            }
            if (senders > 0) {
                line("SENDERS " + order.counts() + " switches=" + order.switches());
            }
            line("RECEIVED " + got + " " + digest.hex() + " " + errors);
            return got == count && errors == 0 ? DONE : MISMATCH;
        }
    }

    private int count() {
        try (IpcChannel c = new IpcChannel(type, name(), options, ConnMode.SENDER)) {
            line("COUNT " + c.receiverCount());
            return DONE;
        }
    }

    private int await() {
        try (IpcChannel c = new IpcChannel(type, name(), options, ConnMode.SENDER)) {
            boolean ok = c.waitForReceivers(Integer.parseInt(pos.get(1)), Long.parseLong(pos.get(2)));
            line("WAIT " + (ok ? 1 : 0) + " " + c.receiverCount());
            return ok ? DONE : NO_CONNECTION;
        }
    }

    private int hold() {
        boolean sender = pos.get(1).equals("sender");
        try (IpcChannel c = new IpcChannel(type, name(), options, sender ? ConnMode.SENDER : ConnMode.RECEIVER)) {
            line("READY");
            sleep(1000L * Long.parseLong(pos.get(2)));
            line("HELD");
            return DONE;
        }
    }

    private String name() {
        return pos.get(0);
    }

    private long num(String key, long def) {
        String v = opt.get(key);
        return v == null ? def : Long.parseLong(v);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static synchronized void line(String s) {
        System.out.println(s);
        System.out.flush();
    }
}
