package io.libipc.bench;

import io.libipc.bench.harness.BenchmarkSuite;
import io.libipc.bench.harness.Mode;
import io.libipc.bench.harness.Result;
import io.libipc.bench.harness.Results;
import io.libipc.bench.transport.Transports;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the benchmarks: {@code java -jar ipc-benchmarks/target/benchmarks.jar [quick|full] [system...]}.
 * Prints a Markdown table at the end and writes it, with the same figures as JSON, next to the jar
 * ({@code ipc-benchmarks/target/benchmark-results.md} and {@code .json}).
 *
 * <p>With the environment variable {@code LIBIPC_HOME} naming a cpp-ipc install, the libipc
 * backend (Java to Java, Java to C++) and cpp-ipc's own C++ to C++ are measured too; without it
 * they are skipped with one line.
 */
public final class BenchmarkMain {

    private BenchmarkMain() {
    }

    /**
     * Entry point.
     *
     * @param args the mode ({@code quick} by default, or {@code full}), then optionally the systems to run
     * @throws URISyntaxException never in practice
     */
    public static void main(String[] args) throws URISyntaxException {
        Mode mode;
        List<String> systems;
        try {
            mode = args.length > 0 ? mode(args[0]) : Mode.QUICK;
            systems = args.length > 1 ? systems(List.of(args).subList(1, args.length)) : Transports.ALL;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: java -jar benchmarks.jar [quick|full] [system...]; systems: "
                    + String.join(" ", Transports.ALL));
            System.exit(2);
            return;
        }
        long start = System.nanoTime();
        List<String> notices = new ArrayList<>();
        List<Result> results = new BenchmarkSuite(mode, systems).run(step -> System.out.println("running " + step),
                notice -> {
                    System.out.println(notice);
                    notices.add(notice);
                });
        String header = "## libipc for Java benchmarks (" + mode.name().toLowerCase(java.util.Locale.ROOT) + ", "
                + LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 16) + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs, Java " + System.getProperty("java.version") + ", "
                + (System.nanoTime() - start) / 1_000_000_000 + " s)";
        if (!notices.isEmpty()) {
            header += "\n\n" + String.join("\n", notices);
        }
        Path jar = Path.of(BenchmarkMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path out = jar.getParent();
        Results.write(out, results, header);
        System.out.println();
        System.out.println(Results.markdown(results, header));
        System.out.println("written to " + out.resolve("benchmark-results.md") + " and " + out.resolve("benchmark-results.json"));
    }

    /** The mode a user may ask for by name (smoke is the test's). */
    static Mode mode(String name) {
        for (Mode mode : new Mode[] {Mode.QUICK, Mode.FULL}) {
            if (mode.name().equalsIgnoreCase(name)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + name + "': quick or full");
    }

    /** The systems asked for, each one of {@link Transports#ALL}. */
    static List<String> systems(List<String> names) {
        for (String name : names) {
            if (!Transports.ALL.contains(name)) {
                throw new IllegalArgumentException("unknown system '" + name + "'");
            }
        }
        return names;
    }
}
