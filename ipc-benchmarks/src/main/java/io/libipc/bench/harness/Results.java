package io.libipc.bench.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Writes results as a Markdown table (one row per benchmark, size and metric; one column per
 * system) and as JSON (a list of {@link Result} records), and adds our ratios to the peers.
 * The HTTP peer of the request/reply rows and the cpp-ipc systems get columns of their own after
 * the others, only when the run measured them; the cpp-ipc systems a section of their ratios to
 * cpp-ipc's own C++ to C++ against the goals of issue 16, the request/reply rows one of their
 * ratios to the peers against the goals of issue 11.
 */
public final class Results {

    /** The columns every table has. */
    private static final List<String> SYSTEMS = List.of("libipc-java", "aeron-ipc", "uds", "tcp");
    /** The column a table has when the run measured it: the HTTP peer of the request/reply rows. */
    private static final String HTTP = "http";
    /** The columns a table has when the run measured them: the libipc backend and cpp-ipc itself. */
    private static final List<String> CPP_IPC_SYSTEMS = List.of("libipc-java-backend", "libipc-java-cpp", "cpp-ipc");
    private static final String CPP_IPC = "cpp-ipc";
    /** Issue 16: the backend's round trip at most this many times cpp-ipc's C++ to C++ one. */
    static final double RTT_GOAL = 1.5;
    /** Issue 16: the backend's throughput at least this share of cpp-ipc's C++ to C++ one. */
    static final double THROUGHPUT_GOAL = 0.8;
    /** Issue 11: the 32-byte request/reply round trip's median at most this many microseconds. */
    static final double REQUEST_REPLY_P50_GOAL_US = 2.0;
    /** Issue 11: request/reply at least this many times better than over a Unix domain socket. */
    static final double REQUEST_REPLY_UDS_GOAL = 10.0;
    private static final String REQUEST_REPLY = "request_reply";

    private Results() {
    }

    /**
     * The results as JSON: a list of records with benchmark, system, size, metric, value, unit.
     *
     * @param results the figures
     * @return the JSON text
     */
    public static String json(List<Result> results) {
        StringBuilder sb = new StringBuilder("[\n");
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            sb.append(String.format(Locale.ROOT,
                    "  {\"benchmark\": \"%s\", \"system\": \"%s\", \"size\": %d, \"metric\": \"%s\", \"value\": %s, \"unit\": \"%s\"}",
                    r.benchmark(), r.system(), r.size(), r.metric(), number(r.value()), r.unit()));
            sb.append(i + 1 < results.size() ? ",\n" : "\n");
        }
        return sb.append("]\n").toString();
    }

    /**
     * The results as a Markdown table, one column per system, with our ratios to the peers.
     *
     * @param results the figures
     * @param header a heading naming the run
     * @return the Markdown text
     */
    public static String markdown(List<Result> results, String header) {
        Map<String, Map<String, Result>> rows = new LinkedHashMap<>();
        for (Result r : results) {
            String key = r.benchmark() + "|" + r.size() + "|" + r.metric() + "|" + r.unit();
            rows.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(r.system(), r);
        }
        List<String> columns = columns(results);
        StringBuilder sb = new StringBuilder(header).append("\n\n");
        sb.append("| benchmark | size | metric |");
        columns.forEach(s -> sb.append(' ').append(s).append(" |"));
        sb.append("\n|---|---:|---|");
        columns.forEach(s -> sb.append("---:|"));
        sb.append('\n');
        for (Map.Entry<String, Map<String, Result>> row : rows.entrySet()) {
            String[] key = row.getKey().split("\\|");
            sb.append("| ").append(key[0]).append(" | ").append(size(Integer.parseInt(key[1]))).append(" | ")
                    .append(key[2]).append(" |");
            for (String system : columns) {
                Result r = row.getValue().get(system);
                sb.append(' ').append(r == null ? "" : pretty(r.value())).append(" |");
            }
            sb.append('\n');
        }
        List<String> ratios = ratios(results);
        if (!ratios.isEmpty()) {
            sb.append("\nRatios (libipc-java / peer; for latency and CPU lower is better, for rates higher is better):\n\n");
            ratios.forEach(line -> sb.append("- ").append(line).append('\n'));
        }
        List<String> goals = cppIpcGoals(results);
        if (!goals.isEmpty()) {
            sb.append("\nlibipc backend against cpp-ipc C++ <-> C++, same run (goals: round trip at most ")
                    .append(RTT_GOAL).append("x, throughput at least ").append(THROUGHPUT_GOAL).append("x):\n\n");
            goals.forEach(line -> sb.append("- ").append(line).append('\n'));
        }
        List<String> requestReply = requestReply(results);
        if (!requestReply.isEmpty()) {
            sb.append("\nRequest/reply, same run (libipc-java: IpcTemplate.sendAndReceive -> @IpcListener, two Spring Boot")
                    .append(" JVMs; uds: blocking SocketChannel; http: RestClient -> Spring MVC). Nx: how many times better")
                    .append(" libipc-java is (peer / ours for latency, ours / peer for rates); goals for 32 B bytes: p50 at most ")
                    .append(plain(REQUEST_REPLY_P50_GOAL_US)).append(" us, at least ").append(plain(REQUEST_REPLY_UDS_GOAL))
                    .append("x uds:\n\n");
            requestReply.forEach(line -> sb.append("- ").append(line).append('\n'));
        }
        List<String> spring = springCosts(results);
        if (!spring.isEmpty()) {
            sb.append("\nSpring path (IpcTemplate -> @IpcListener) against the core API, same run (core at 32 B):\n\n");
            spring.forEach(line -> sb.append("- ").append(line).append('\n'));
        }
        return sb.toString();
    }

    /** The fixed columns, then the HTTP peer and those cpp-ipc systems that have figures. */
    private static List<String> columns(List<Result> results) {
        List<String> columns = new ArrayList<>(SYSTEMS);
        List<String> optional = new ArrayList<>(List.of(HTTP));
        optional.addAll(CPP_IPC_SYSTEMS);
        for (String system : optional) {
            if (results.stream().anyMatch(r -> r.system().equals(system))) {
                columns.add(system);
            }
        }
        return columns;
    }

    /**
     * Each libipc-backend figure (Java to Java, Java to C++) of round trip p50/p99 and of message
     * rate as a ratio to cpp-ipc's C++ to C++ figure of the same row, with whether it meets the goal.
     */
    private static List<String> cppIpcGoals(List<Result> results) {
        List<String> lines = new ArrayList<>();
        for (Result base : results) {
            boolean latency = base.metric().equals("rtt_p50_us") || base.metric().equals("rtt_p99_us");
            if (!base.system().equals(CPP_IPC) || !(latency || base.metric().equals("msgs_per_s")) || !(base.value() > 0)) {
                continue;
            }
            StringBuilder line = new StringBuilder(base.benchmark() + " " + size(base.size()) + " " + base.metric()
                    + ": cpp-ipc " + pretty(base.value()));
            boolean any = false;
            for (String system : CPP_IPC_SYSTEMS.subList(0, 2)) {
                for (Result r : results) {
                    if (r.system().equals(system) && r.benchmark().equals(base.benchmark()) && r.size() == base.size()
                            && r.metric().equals(base.metric())) {
                        double ratio = r.value() / base.value();
                        boolean met = latency ? ratio <= RTT_GOAL : ratio >= THROUGHPUT_GOAL;
                        line.append(String.format(Locale.ROOT, "; %s %s = %.2fx (%s)", system, pretty(r.value()), ratio,
                                met ? "met" : "missed"));
                        any = true;
                    }
                }
            }
            if (any) {
                lines.add(line.toString());
            }
        }
        return lines;
    }

    /**
     * Each request/reply figure of ours against the same row of each peer (uds, http) as how many
     * times better ours is, with the goals of issue 11 for the 32-byte rows: p50 at most
     * {@link #REQUEST_REPLY_P50_GOAL_US} us, and p50 and rates at least {@link #REQUEST_REPLY_UDS_GOAL}
     * times uds's.
     */
    private static List<String> requestReply(List<Result> results) {
        List<String> lines = new ArrayList<>();
        for (Result ours : results) {
            if (!ours.system().equals("libipc-java") || !ours.benchmark().startsWith(REQUEST_REPLY) || !(ours.value() > 0)) {
                continue;
            }
            boolean latency = ours.unit().equals("us");
            boolean p50 = ours.metric().equals("rtt_p50_us");
            boolean goals = ours.benchmark().equals(REQUEST_REPLY + " (bytes)") && (p50 || !latency);
            StringBuilder line = new StringBuilder(ours.benchmark() + " " + size(ours.size()) + " " + ours.metric()
                    + ": libipc-java " + pretty(ours.value()));
            if (goals && p50) {
                line.append(met(ours.value() <= REQUEST_REPLY_P50_GOAL_US, "at most " + plain(REQUEST_REPLY_P50_GOAL_US) + " us"));
            }
            for (String peer : List.of("uds", HTTP)) {
                for (Result theirs : results) {
                    if (theirs.system().equals(peer) && theirs.benchmark().equals(ours.benchmark())
                            && theirs.size() == ours.size() && theirs.metric().equals(ours.metric()) && theirs.value() > 0) {
                        double times = latency ? theirs.value() / ours.value() : ours.value() / theirs.value();
                        line.append(String.format(Locale.ROOT, "; %s %s = %.2fx", peer, pretty(theirs.value()), times));
                        if (goals && peer.equals("uds")) {
                            line.append(met(times >= REQUEST_REPLY_UDS_GOAL, plain(REQUEST_REPLY_UDS_GOAL) + "x"));
                        }
                    }
                }
            }
            lines.add(line.toString());
        }
        return lines;
    }

    private static String met(boolean met, String goal) {
        return " (" + goal + ": " + (met ? "met" : "missed") + ")";
    }

    /**
     * What the starter adds to the core: each "(spring...)" round-trip percentile minus the core's
     * at 32 B, and each "(spring...)" rate as a share of the core's 1 -> 1 rate at 32 B.
     */
    private static List<String> springCosts(List<Result> results) {
        List<String> lines = new ArrayList<>();
        for (Result spring : results) {
            int open = spring.benchmark().indexOf(" (spring");
            if (!spring.system().equals("libipc-java") || open < 0) {
                continue;
            }
            String base = spring.benchmark().substring(0, open);
            boolean latency = spring.metric().equals("rtt_p50_us") || spring.metric().equals("rtt_p99_us");
            if (!latency && !spring.metric().equals("msgs_per_s")) {
                continue;
            }
            for (Result core : results) {
                if (core.system().equals("libipc-java") && core.benchmark().equals(base) && core.size() == 32
                        && core.metric().equals(spring.metric())) {
                    String prefix = spring.benchmark() + " " + size(spring.size()) + " " + spring.metric() + ": "
                            + pretty(spring.value()) + " vs core " + pretty(core.value());
                    lines.add(latency
                            ? prefix + String.format(Locale.ROOT, ", %+.2f us", spring.value() - core.value())
                            : prefix + String.format(Locale.ROOT, ", %.2fx", spring.value() / core.value()));
                }
            }
        }
        return lines;
    }

    private static List<String> ratios(List<Result> results) {
        List<String> lines = new ArrayList<>();
        for (Result ours : results) {
            if (!ours.system().equals("libipc-java") || ours.benchmark().contains("(")) {
                continue;
            }
            if (!(ours.metric().equals("rtt_p50_us") || ours.metric().equals("msgs_per_s") || ours.metric().equals("wake_p50_us"))) {
                continue;
            }
            StringBuilder line = new StringBuilder(ours.benchmark() + " " + size(ours.size()) + " " + ours.metric() + ":");
            boolean any = false;
            List<String> peers = new ArrayList<>(SYSTEMS.subList(1, SYSTEMS.size()));
            peers.add(CPP_IPC);
            for (String peer : peers) {
                for (Result theirs : results) {
                    if (theirs.system().equals(peer) && theirs.benchmark().equals(ours.benchmark())
                            && theirs.size() == ours.size() && Objects.equals(theirs.metric(), ours.metric()) && theirs.value() > 0) {
                        line.append(String.format(Locale.ROOT, " %s %.2fx", peer, ours.value() / theirs.value()));
                        any = true;
                    }
                }
            }
            if (any) {
                lines.add(line.toString());
            }
        }
        return lines;
    }

    /**
     * Writes {@code benchmark-results.json} and {@code benchmark-results.md} into a directory.
     *
     * @param dir the directory, created if missing
     * @param results the figures
     * @param header a heading naming the run
     */
    public static void write(Path dir, List<Result> results, String header) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("benchmark-results.json"), json(results), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("benchmark-results.md"), markdown(results, header), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results to " + dir, e);
        }
    }

    private static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : "null";
    }

    private static String pretty(double v) {
        if (v >= 1_000_000) {
            return String.format(Locale.ROOT, "%.2f M", v / 1e6);
        }
        if (v >= 10_000) {
            return String.format(Locale.ROOT, "%.0f k", v / 1e3);
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.2f", v);
    }

    /** A goal as it is written: 2, 10, 1.5. */
    private static String plain(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static String size(int bytes) {
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return (bytes >> 10) + " KiB";
        }
        return bytes + " B";
    }
}
