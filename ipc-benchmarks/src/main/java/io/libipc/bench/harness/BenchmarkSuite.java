package io.libipc.bench.harness;

import io.libipc.bench.jmh.AllocationBenchmark;
import io.libipc.bench.transport.AeronDriverMain;
import io.libipc.bench.transport.Transports;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Runs every measurement for every system, one at a time, and returns the figures (medians of
 * the mode's repetitions). Cross-process measurements run in child JVMs it starts and stops
 * itself; Aeron's media driver runs in its own child JVM while Aeron is measured. Everything lives in
 * a run directory under {@code /dev/shm}, removed at the end.
 */
public final class BenchmarkSuite {

    /**
     * Options of every child JVM: equal heaps, the default JIT, what Aeron's Agrona needs on Java 17
     * (jdk.internal.misc.Unsafe), and the bounds-check switch of Aeron's own low-latency settings.
     */
    static final List<String> CHILD_OPTIONS = List.of("-Xms256m", "-Xmx1g", "-XX:+UseParallelGC",
            "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-Dagrona.disable.bounds.checks=true");

    private static final int[] THROUGHPUT_SIZES = {32, 256, 4096, 65536, 1 << 20};

    private final Mode mode;
    private final List<String> systems;
    private final List<Result> results = new ArrayList<>();

    /**
     * A suite.
     *
     * @param mode how long to measure
     * @param systems which systems, from {@link Transports#ALL}
     */
    public BenchmarkSuite(Mode mode, List<String> systems) {
        this.mode = mode;
        this.systems = systems;
    }

    /**
     * Runs the suite.
     *
     * @param progress where to report what runs now
     * @return the figures
     */
    public List<Result> run(java.util.function.Consumer<String> progress) {
        Path runDir = createRunDir();
        try {
            Measurements m = new Measurements(runDir, CHILD_OPTIONS);
            for (String system : systems) {
                if (system.equals(Transports.AERON)) {
                    // The media driver lives only while Aeron is measured: its idle loop would
                    // otherwise take CPU from the other systems' runs.
                    try (ChildProcess driver = ChildProcess.start(AeronDriverMain.class, CHILD_OPTIONS,
                            runDir.resolve("aeron").toString())) {
                        driver.await("READY", Duration.ofSeconds(60));
                        measureSystem(m, system, progress);
                    }
                } else {
                    measureSystem(m, system, progress);
                }
            }
            if (mode.jmhIterations > 0) {
                progress.accept("jmh: allocation per message");
                allocation();
            }
            return results;
        } finally {
            deleteRecursively(runDir);
        }
    }

    private void measureSystem(Measurements m, String system, java.util.function.Consumer<String> progress) {
        if (system.equals(Transports.LIBIPC_SPRING) || system.equals(Transports.LIBIPC_SPRING_JSON)) {
            measureSpring(m, system, progress);
            return;
        }
        boolean portable = system.equals(Transports.LIBIPC_PORTABLE);
        String reported = portable ? Transports.LIBIPC : system;
        String suffix = portable ? " (portable)" : "";
        for (int size : new int[] {32, 1024}) {
            progress.accept(system + ": round trip " + size + " B");
            double[][] rtt = repeat(() -> m.roundTrip(system, size, mode.rttCount, mode.warmupMillis));
            add("rtt" + suffix, reported, size, "rtt_p50_us", median(rtt, 0), "us");
            add("rtt" + suffix, reported, size, "rtt_p99_us", median(rtt, 1), "us");
            add("rtt" + suffix, reported, size, "rtt_p999_us", median(rtt, 2), "us");
            if (portable) {
                break;
            }
        }
        for (int size : THROUGHPUT_SIZES) {
            if (portable && size != 32) {
                continue;
            }
            progress.accept(system + ": throughput 1->1 " + size + " B");
            double[][] rate = repeat(() -> new double[] {m.throughput(system, size, 1, mode.warmupMillis, mode.measureMillis)});
            add("throughput_1to1" + suffix, reported, size, "msgs_per_s", median(rate, 0), "msg/s");
            add("throughput_1to1" + suffix, reported, size, "gb_per_s", median(rate, 0) * size / 1e9, "GB/s");
        }
        progress.accept(system + ": throughput 1->3 32 B");
        double[][] fanOut = repeat(() -> new double[] {m.throughput(system, 32, 3, mode.warmupMillis, mode.measureMillis)});
        add("throughput_1to3" + suffix, reported, 32, "msgs_per_s", median(fanOut, 0), "msg/s");
        progress.accept(system + ": wake-up from idle");
        double[][] wake = repeat(() -> m.wakeup(system, 32, mode.wakeCount, mode.wakeGapMillis, mode.warmupMillis));
        add("wakeup" + suffix, reported, 32, "wake_p50_us", median(wake, 0), "us");
        add("wakeup" + suffix, reported, 32, "wake_p99_us", median(wake, 1), "us");
        add("wakeup" + suffix, reported, 32, "idle_cpu_pct", median(wake, 2), "%");
    }

    /**
     * The Spring path: round trip and throughput 1 -> 1, 32-byte {@code byte[]} messages or a small
     * JSON record (its size in bytes is the row's size). Reported as libipc-java rows with a
     * "(spring)" or "(spring json)" benchmark, beside the core's rows of the same run.
     */
    private void measureSpring(Measurements m, String system, java.util.function.Consumer<String> progress) {
        boolean json = system.equals(Transports.LIBIPC_SPRING_JSON);
        String format = json ? "json" : "bytes";
        String suffix = json ? " (spring json)" : " (spring)";
        int size = 32;
        progress.accept(system + ": round trip " + (json ? "JSON" : size + " B"));
        double[][] rtt = repeat(() -> m.springRoundTrip(format, size, mode.rttCount, mode.springWarmupMillis));
        int rttSize = (int) median(rtt, 3);
        add("rtt" + suffix, Transports.LIBIPC, rttSize, "rtt_p50_us", median(rtt, 0), "us");
        add("rtt" + suffix, Transports.LIBIPC, rttSize, "rtt_p99_us", median(rtt, 1), "us");
        add("rtt" + suffix, Transports.LIBIPC, rttSize, "rtt_p999_us", median(rtt, 2), "us");
        progress.accept(system + ": throughput 1->1 " + (json ? "JSON" : size + " B"));
        double[][] rate = repeat(() -> m.springThroughput(format, size, mode.springWarmupMillis, mode.measureMillis));
        int rateSize = (int) median(rate, 1);
        add("throughput_1to1" + suffix, Transports.LIBIPC, rateSize, "msgs_per_s", median(rate, 0), "msg/s");
    }

    private void allocation() {
        Options options = new OptionsBuilder()
                .include(AllocationBenchmark.class.getName())
                .forks(1)
                .warmupIterations(mode.jmhIterations)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(mode.jmhIterations + 1)
                .measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend(CHILD_OPTIONS.toArray(new String[0]))
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true)
                .build();
        try {
            for (RunResult run : new Runner(options).run()) {
                String method = run.getParams().getBenchmark();
                String name = method.substring(method.lastIndexOf('.') + 1);
                double bytes = run.getSecondaryResults().entrySet().stream()
                        .filter(e -> e.getKey().endsWith("gc.alloc.rate.norm"))
                        .mapToDouble(e -> e.getValue().getScore()).findFirst().orElse(Double.NaN);
                String benchmark = name.equals("byteBufferPath") ? "alloc_bytebuffer_path"
                        : name.equals("handlerPath") ? "alloc_handler_path" : "alloc_bytearray_path";
                add(benchmark, Transports.LIBIPC, Integer.parseInt(run.getParams().getParam("size")),
                        "alloc_bytes_per_op", bytes, "B/op");
            }
        } catch (RunnerException e) {
            throw new IllegalStateException("JMH failed", e);
        }
    }

    private double[][] repeat(Supplier<double[]> measurement) {
        double[][] runs = new double[mode.repetitions][];
        for (int i = 0; i < runs.length; i++) {
            runs[i] = measurement.get();
        }
        return runs;
    }

    private static double median(double[][] runs, int index) {
        double[] values = Arrays.stream(runs).mapToDouble(r -> r[index]).sorted().toArray();
        return values[values.length / 2];
    }

    private void add(String benchmark, String system, int size, String metric, double value, String unit) {
        results.add(new Result(benchmark, system, size, metric, value, unit));
    }

    private static Path createRunDir() {
        try {
            Path shm = Path.of("/dev/shm");
            return Files.isDirectory(shm) ? Files.createTempDirectory(shm, "libipc-bench-")
                    : Files.createTempDirectory("libipc-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toArray(Path[]::new)) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the run directory " + dir, e);
        }
    }
}
