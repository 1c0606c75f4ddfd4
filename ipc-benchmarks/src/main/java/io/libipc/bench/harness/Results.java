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
 */
public final class Results {

    private static final List<String> SYSTEMS = List.of("libipc-java", "aeron-ipc", "uds", "tcp");

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
        StringBuilder sb = new StringBuilder(header).append("\n\n");
        sb.append("| benchmark | size | metric |");
        SYSTEMS.forEach(s -> sb.append(' ').append(s).append(" |"));
        sb.append("\n|---|---:|---|");
        SYSTEMS.forEach(s -> sb.append("---:|"));
        sb.append('\n');
        for (Map.Entry<String, Map<String, Result>> row : rows.entrySet()) {
            String[] key = row.getKey().split("\\|");
            sb.append("| ").append(key[0]).append(" | ").append(size(Integer.parseInt(key[1]))).append(" | ")
                    .append(key[2]).append(" |");
            for (String system : SYSTEMS) {
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
        List<String> spring = springCosts(results);
        if (!spring.isEmpty()) {
            sb.append("\nSpring path (IpcTemplate -> @IpcListener) against the core API, same run (core at 32 B):\n\n");
            spring.forEach(line -> sb.append("- ").append(line).append('\n'));
        }
        return sb.toString();
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
            for (String peer : SYSTEMS.subList(1, SYSTEMS.size())) {
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
