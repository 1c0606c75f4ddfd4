package io.libipc.process;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.IpcException;
import io.libipc.IpcOptions;
import io.libipc.IpcStatus;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The child programs of the cross-process tests: {@code main(role, key=value...)} plays one role
 * on one channel and reports with standard output lines ({@code READY}, {@code RESULT ...}, ...).
 * Channel and options come from the arguments ({@link ChannelSpec}), so every child uses the same
 * options as the parent, with the test prefix. Children never clear storage (the parent does) but
 * always close their handles; when the parent goes away their standard input ends and they exit.
 *
 * <p>Roles:
 * <ul>
 *   <li>{@code receiver}: receives {@code count=N} messages, or one batch per {@code RECEIVE n}
 *       command with {@code commands=true}; checks each ({@link Payloads}), FIFO per sender, and
 *       prints a {@code RESULT} line ({@code fifo}: messages older than one already seen from
 *       the same sender; {@code gaps}: sequence numbers skipped). With {@code stallAfter=K} it stops reading after K messages,
 *       prints {@code STALLED} and hangs until killed.</li>
 *   <li>{@code sender}: {@code SEND count sizes} commands, each answered by {@code SENDING} then
 *       {@code SENT}; {@code probeSecondSender=true} first tries a second sender handle in the same
 *       JVM; {@code both=true} connects as sender and receiver, and {@code TRY} then polls once.</li>
 *   <li>{@code producer}, {@code consumer}, {@code broadcaster}, {@code route-receiver},
 *       {@code errors}, {@code try-peer}, {@code send-message}, {@code receive-message}: the
 *       scenarios of the seed README.</li>
 * </ul>
 */
public final class ProcessRoles {

    private static final BufferedReader STDIN = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

    private ProcessRoles() {
    }

    /**
     * Plays a role.
     *
     * @param args the role, then {@code key=value} arguments
     */
    public static void main(String[] args) {
        Map<String, String> a = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            a.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        int exit = 0;
        try {
            switch (args[0]) {
                case "receiver" -> receiver(a);
                case "sender" -> sender(a);
                case "producer" -> producer(a);
                case "consumer" -> consumer(a);
                case "broadcaster" -> broadcaster(a);
                case "route-receiver" -> routeReceiver(a);
                case "errors" -> errors(a);
                case "try-peer" -> tryPeer(a);
                case "send-message" -> sendMessage(a);
                case "receive-message" -> receiveMessage(a);
                default -> throw new IllegalArgumentException("unknown role: " + args[0]);
            }
        } catch (Throwable t) {
            say("ERROR " + oneLine(t));
            t.printStackTrace();
            exit = 1;
        }
        System.out.flush();
        System.exit(exit);
    }

    // ---- generic roles ------------------------------------------------------------------------

    private static void receiver(Map<String, String> a) throws IOException {
        ChannelSpec spec = ChannelSpec.from(a);
        long timeoutMs = Long.parseLong(a.getOrDefault("timeoutMs", "60000"));
        int stallAfter = Integer.parseInt(a.getOrDefault("stallAfter", "-1"));
        try (IpcChannel ch = new IpcChannel(spec.type(), spec.name(), spec.options(), ConnMode.RECEIVER)) {
            Checker checker = new Checker();
            say("READY");
            if (!Boolean.parseBoolean(a.getOrDefault("commands", "false"))) {
                checker.receive(ch, Integer.parseInt(a.get("count")), timeoutMs, stallAfter);
                return;
            }
            for (String line; (line = STDIN.readLine()) != null && !line.equals("EXIT"); ) {
                String[] w = line.split(" ");
                if (w[0].equals("RECEIVE")) {
                    checker.receive(ch, Integer.parseInt(w[1]), timeoutMs, -1);
                } else if (w[0].equals("TRY")) {
                    Optional<byte[]> m = ch.tryReceive();
                    say("TRY " + (m.isPresent() ? "length=" + m.get().length : "EMPTY"));
                }
            }
        }
    }

    /** Checks what a receiver gets; FIFO state lasts across batches, digests are per batch. */
    private static final class Checker {
        private final Map<Integer, Integer> nextSeq = new HashMap<>();

        void receive(IpcChannel ch, int count, long timeoutMs, int stallAfter) throws IOException {
            Digest stream = new Digest();
            Digest order = new Digest();
            Map<Integer, Digest> perSender = new TreeMap<>();
            int bad = 0;
            int fifo = 0;
            int gaps = 0;
            int maxLen = 0;
            String firstBad = "none";
            boolean timedOut = false;
            for (int i = 0; i < count; i++) {
                if (i == stallAfter) {
                    say("STALLED after=" + i);
                    // Hang, holding the ring back, until the parent kills us (or goes away).
                    while (STDIN.readLine() != null) {
                        // ignore
                    }
                    return;
                }
                byte[] m;
                try {
                    m = ch.receive(timeoutMs);
                } catch (IpcException e) {
                    if (e.status() != IpcStatus.ERROR_TIMEOUT) {
                        throw e;
                    }
                    timedOut = true;
                    break;
                }
                String problem = Payloads.check(m);
                if (problem != null) {
                    if (bad++ == 0) {
                        firstBad = problem.replace(' ', '_');
                    }
                    continue;
                }
                stream.add(m);
                maxLen = Math.max(maxLen, m.length);
                int sender = Payloads.sender(m);
                if (sender >= 0) {
                    int seq = Payloads.seq(m);
                    order.addInt(sender);
                    order.addInt(seq);
                    perSender.computeIfAbsent(sender, s -> new Digest()).add(m);
                    int expected = nextSeq.getOrDefault(sender, 0);
                    if (seq < expected) {
                        fifo++;
                    } else if (seq > expected) {
                        // Messages under 16 bytes carry no seq, so a gap alone is not an error here;
                        // the stream checksum catches anything missing.
                        gaps++;
                    }
                    nextSeq.put(sender, seq + 1);
                }
            }
            StringBuilder senders = new StringBuilder();
            StringBuilder crcs = new StringBuilder();
            perSender.forEach((s, d) -> {
                senders.append(senders.length() == 0 ? "" : ",").append(s).append(':').append(d.count());
                crcs.append(crcs.length() == 0 ? "" : ",").append(s).append(':').append(d.hex());
            });
            say("RESULT count=" + stream.count() + " crc=" + stream.hex() + " order=" + order.hex() + " bad=" + bad
                    + " fifo=" + fifo + " gaps=" + gaps + " lost=" + ch.lostMessages() + " timeout=" + timedOut + " maxLen=" + maxLen
                    + " senders=" + (senders.length() == 0 ? "-" : senders) + " crcs=" + (crcs.length() == 0 ? "-" : crcs)
                    + " connected=" + ch.isConnected() + " firstBad=" + firstBad);
        }
    }

    private static void sender(Map<String, String> a) throws IOException {
        ChannelSpec spec = ChannelSpec.from(a);
        int id = Integer.parseInt(a.getOrDefault("id", "0"));
        long timeoutMs = Long.parseLong(a.getOrDefault("timeoutMs", "30000"));
        boolean both = Boolean.parseBoolean(a.getOrDefault("both", "false"));
        ConnMode[] modes = both ? new ConnMode[] {ConnMode.SENDER, ConnMode.RECEIVER} : new ConnMode[] {ConnMode.SENDER};
        IpcChannel ch;
        try {
            ch = new IpcChannel(spec.type(), spec.name(), spec.options(), modes);
        } catch (IpcException e) {
            say("CONNECT_FAILED " + e.status() + " " + e.statusCode() + " " + oneLine(e));
            return;
        }
        try (ch) {
            if (Boolean.parseBoolean(a.getOrDefault("probeSecondSender", "false"))) {
                // A second handle in this very JVM, while the first one is connected.
                try (IpcChannel second = new IpcChannel(spec.type(), spec.name(), spec.options(), ConnMode.SENDER)) {
                    say("SECOND_SENDER connected " + second.isConnected());
                } catch (IpcException e) {
                    say("SECOND_SENDER " + e.status() + " " + e.statusCode() + " " + oneLine(e));
                }
            }
            say("READY");
            int seq = 0;
            for (String line; (line = STDIN.readLine()) != null && !line.equals("EXIT"); ) {
                String[] w = line.split(" ");
                if (w[0].equals("TRY")) {
                    Optional<byte[]> m = ch.tryReceive();
                    say("TRY " + (m.isPresent() ? "length=" + m.get().length : "EMPTY") + " lost=" + ch.lostMessages());
                    continue;
                }
                if (!w[0].equals("SEND")) {
                    continue;
                }
                int count = Integer.parseInt(w[1]);
                Digest stream = new Digest();
                Digest order = new Digest();
                long maxNanos = 0;
                say("SENDING count=" + count);
                for (int i = 0; i < count; i++, seq++) {
                    byte[] m = Payloads.make(id, seq, Payloads.size(w[2], id, seq, i));
                    long t0 = System.nanoTime();
                    // A generous timeout: in these tests nobody should ever be evicted.
                    ch.send(m, timeoutMs);
                    maxNanos = Math.max(maxNanos, System.nanoTime() - t0);
                    stream.add(m);
                    order.addInt(id);
                    order.addInt(seq);
                }
                say("SENT count=" + count + " crc=" + stream.hex() + " order=" + order.hex()
                        + " maxSendMs=" + TimeUnit.NANOSECONDS.toMillis(maxNanos));
            }
        }
    }

    // ---- the seed README's scenarios ----------------------------------------------------------

    /** The README's producer, except that it waits for its consumer instead of hoping it started first. */
    private static void producer(Map<String, String> a) throws InterruptedException {
        ChannelSpec spec = ChannelSpec.from(a);
        try (IpcChannel channel = new IpcChannel(ChannelType.CHANNEL, spec.name(), spec.options(), ConnMode.SENDER)) {
            say("READY");
            say("WAITED " + channel.waitForReceivers(1, 60_000));
            for (int i = 0; i < 10; i++) {
                channel.send(("Data packet " + i).getBytes(StandardCharsets.UTF_8));
                Thread.sleep(20);
            }
            say("DONE");
        }
    }

    /** The README's consumer: a receive timeout ends its loop; any other error is raised. */
    private static void consumer(Map<String, String> a) {
        ChannelSpec spec = ChannelSpec.from(a);
        long timeoutMs = Long.parseLong(a.get("timeoutMs"));
        try (IpcChannel channel = new IpcChannel(ChannelType.CHANNEL, spec.name(), spec.options(), ConnMode.RECEIVER)) {
            say("READY");
            while (true) {
                try {
                    byte[] data = channel.receive(timeoutMs);
                    say("CONSUMED " + new String(data, StandardCharsets.UTF_8));
                } catch (IpcException e) {
                    if (e.statusCode() == IpcStatus.ERROR_TIMEOUT.code()) {
                        say("END " + IpcStatus.fromCode(e.statusCode()) + " connected=" + channel.isConnected());
                        break;
                    }
                    throw e;
                }
            }
        }
    }

    private static void broadcaster(Map<String, String> a) {
        ChannelSpec spec = ChannelSpec.from(a);
        try (IpcChannel channel = new IpcChannel(ChannelType.ROUTE, spec.name(), spec.options(), ConnMode.SENDER)) {
            say("READY");
            boolean reached = channel.waitForReceivers(2, 60_000);
            say("WAITED " + reached + " receivers=" + channel.receiverCount());
            for (int i = 0; i < 5; i++) {
                channel.send(("Broadcast message " + i).getBytes(StandardCharsets.UTF_8));
            }
            say("DONE");
        }
    }

    private static void routeReceiver(Map<String, String> a) {
        ChannelSpec spec = ChannelSpec.from(a);
        try (IpcChannel channel = new IpcChannel(ChannelType.ROUTE, spec.name(), spec.options(), ConnMode.RECEIVER)) {
            say("READY");
            for (int i = 0; i < 5; i++) {
                say("GOT " + new String(channel.receive(60_000), StandardCharsets.UTF_8));
            }
            say("DONE");
        }
    }

    /**
     * The README's error handling: every failure is told apart by its status code. The parent holds
     * a ROUTE sender on {@code route=} and clears {@code channel=} when told {@code CLEAR-ME}.
     */
    private static void errors(Map<String, String> a) throws IOException {
        ChannelSpec spec = ChannelSpec.from(a);
        IpcOptions options = spec.options();
        String route = a.get("route");
        String channel = a.get("channel");
        status("bad-name", () -> new IpcChannel(ChannelType.CHANNEL, "../escape", options, ConnMode.SENDER).close());
        status("route-second-sender", () -> new IpcChannel(ChannelType.ROUTE, route, options, ConnMode.SENDER).close());
        status("wrong-type", () -> new IpcChannel(ChannelType.CHANNEL, route, options, ConnMode.RECEIVER).close());
        try (IpcChannel sender = new IpcChannel(ChannelType.CHANNEL, channel, options, ConnMode.SENDER);
             IpcChannel closed = new IpcChannel(ChannelType.CHANNEL, channel, options, ConnMode.SENDER)) {
            status("send-without-receiver", () -> sender.send("test data".getBytes(StandardCharsets.UTF_8)));
            status("receive-on-sender", () -> sender.receive(100));
            closed.close();
            status("send-on-closed", () -> closed.send("test data".getBytes(StandardCharsets.UTF_8)));
            try (IpcChannel receiver = new IpcChannel(ChannelType.CHANNEL, channel, options, ConnMode.RECEIVER)) {
                status("receive-timeout", () -> receiver.receive(200));
                say("CONNECTED-AFTER-TIMEOUT " + receiver.isConnected());
                // Blocked without a time limit when the parent clears the storage: must end.
                Thread blocked = new Thread(() -> status("blocked-receive-during-clear", () -> receiver.receive(0)));
                blocked.start();
                say("CLEAR-ME");
                String line = STDIN.readLine();
                if (!"CLEARED".equals(line)) {
                    throw new IllegalStateException("expected CLEARED, got " + line);
                }
                try {
                    blocked.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                status("send-after-clear", () -> sender.send("test data".getBytes(StandardCharsets.UTF_8)));
                status("receive-after-clear", () -> receiver.receive(200));
            }
        }
        say("DONE");
    }

    /** Runs an operation expected to fail and reports its status the way the README's handler tells them apart. */
    private static void status(String label, Runnable operation) {
        try {
            operation.run();
            say("STATUS " + label + " SUCCESS 0 no error");
        } catch (IpcException e) {
            IpcStatus byCode = IpcStatus.fromCode(e.statusCode());
            String handled = switch (byCode) {
                case ERROR_CONNECTION_FAILED -> "Failed to connect to channel";
                case ERROR_TIMEOUT -> "Operation timed out";
                default -> "IPC Error";
            };
            say("STATUS " + label + " " + byCode + " " + e.statusCode() + " " + handled + ": " + oneLine(e));
        }
    }

    /** One SENDER|RECEIVER handle driven by commands: the README's non-blocking operations. */
    private static void tryPeer(Map<String, String> a) throws IOException {
        ChannelSpec spec = ChannelSpec.from(a);
        try (IpcChannel channel = new IpcChannel(spec.type(), spec.name(), spec.options(), ConnMode.SENDER, ConnMode.RECEIVER)) {
            say("READY");
            for (String line; (line = STDIN.readLine()) != null && !line.equals("EXIT"); ) {
                String[] w = line.split(" ", 2);
                switch (w[0]) {
                    case "TRYSEND" -> say("TRYSEND " + channel.trySend(w[1].getBytes(StandardCharsets.UTF_8)));
                    case "TRYRECEIVE" -> {
                        Optional<byte[]> data = channel.tryReceive();
                        say("TRYRECEIVE " + data.map(d -> new String(d, StandardCharsets.UTF_8)).orElse("<none>"));
                    }
                    case "COUNT" -> say("COUNT " + channel.receiverCount());
                    case "DRAIN" -> {
                        Digest digest = new Digest();
                        int bad = 0;
                        for (Optional<byte[]> m; (m = channel.tryReceive()).isPresent(); ) {
                            bad += Payloads.check(m.get()) == null ? 0 : 1;
                            digest.add(m.get());
                        }
                        say("RESULT count=" + digest.count() + " crc=" + digest.hex() + " bad=" + bad
                                + " lost=" + channel.lostMessages());
                    }
                    default -> throw new IllegalArgumentException("unknown command: " + line);
                }
            }
        }
    }

    /** The README's send_message, with the library's default options (prefix "libipc."). */
    private static void sendMessage(Map<String, String> a) {
        byte[] data = Payloads.make(9, 0, Integer.parseInt(a.get("size")));
        IpcChannel.sendMessage(a.get("name"), data, ChannelType.valueOf(a.get("type")));
        Digest d = new Digest();
        d.add(data);
        say("SENT length=" + data.length + " crc=" + d.hex());
    }

    /** The README's receive_message, with the library's default options (prefix "libipc."). */
    private static void receiveMessage(Map<String, String> a) {
        byte[] data = IpcChannel.receiveMessage(a.get("name"), Long.parseLong(a.get("timeoutMs")),
                ChannelType.valueOf(a.get("type")));
        Digest d = new Digest();
        d.add(data);
        say("RESULT length=" + data.length + " crc=" + d.hex() + " check=" + (Payloads.check(data) == null ? "ok" : "bad"));
    }

    // ---------------------------------------------------------------------------------------------

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static String oneLine(Throwable t) {
        return String.valueOf(t).replace('\n', ' ').replace('\r', ' ');
    }
}
