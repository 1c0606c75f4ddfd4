package io.libipc.bench.harness;

import io.libipc.bench.jmh.AllocationBenchmark;
import io.libipc.bench.jmh.LibipcAllocationBenchmark;
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
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs every measurement for every system, one at a time, and returns the figures (medians of
 * the mode's repetitions). Cross-process measurements run in child JVMs it starts and stops
 * itself; Aeron's media driver runs in its own child JVM while Aeron is measured. Everything lives in
 * a run directory under {@code /dev/shm}, removed at the end.
 *
 * <p>The cpp-ipc systems ({@link Transports#CPP_IPC_SYSTEMS}) need our shim and C++ peer, built
 * here against the cpp-ipc install that {@code LIBIPC_HOME} names ({@link CppIpcBuild}); without
 * it they are skipped with one line and everything else runs as before. cpp-ipc keeps its objects
 * in {@code /dev/shm} under the channel names, which carry the run directory's name: whatever of
 * them is left at the end (a killed peer leaves them) is cleared through cpp-ipc.
 */
public final class BenchmarkSuite {

    /** The system property naming the shim ({@code io.libipc.backend.libipc.LibipcLibrary}). */
    private static final String LIBIPC_LIBRARY = "libipc.library";

    /**
     * Options of every child JVM: equal heaps, the default JIT, what Aeron's Agrona needs on Java 17
     * (jdk.internal.misc.Unsafe), and the bounds-check switch of Aeron's own low-latency settings.
     */
    static final List<String> CHILD_OPTIONS = List.of("-Xms256m", "-Xmx1g", "-XX:+UseParallelGC",
            "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-Dagrona.disable.bounds.checks=true");

    private static final int[] THROUGHPUT_SIZES = {32, 256, 4096, 65536, 1 << 20};
    /** Requesting threads of the request/reply rows' second rate (issue 11). */
    static final int REQUEST_REPLY_THREADS = 8;

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
    public List<Result> run(Consumer<String> progress) {
        return run(progress, progress);
    }

    /**
     * Runs the suite.
     *
     * @param progress where to report what runs now
     * @param notices where to report what does not run and why (e.g. the cpp-ipc systems without
     *                {@code LIBIPC_HOME}), one line each
     * @return the figures
     */
    public List<Result> run(Consumer<String> progress, Consumer<String> notices) {
        List<String> chosen = new ArrayList<>(systems);
        List<String> childOptions = new ArrayList<>(CHILD_OPTIONS);
        Optional<CppIpcBuild> cppIpc = Optional.empty();
        if (chosen.stream().anyMatch(Transports.CPP_IPC_SYSTEMS::contains)) {
            cppIpc = CppIpcBuild.fromEnvironment(progress);
            if (cppIpc.isEmpty()) {
                notices.accept(CppIpcBuild.SKIPPED);
                chosen.removeAll(Transports.CPP_IPC_SYSTEMS);
            } else {
                // This JVM (Java side of libipc-java-cpp, parent of libipc-java-backend) and its children.
                String shim = cppIpc.get().shim().toString();
                System.setProperty(LIBIPC_LIBRARY, shim);
                childOptions.add("-D" + LIBIPC_LIBRARY + "=" + shim);
            }
        }
        Path runDir = createRunDir();
        try {
            Measurements m = new Measurements(runDir, childOptions);
            StreamMeasurements stream = new StreamMeasurements(runDir, childOptions, m::link);
            CppIpcMeasurements cpp = cppIpc.map(b -> new CppIpcMeasurements(runDir, b.peer(), m::link)).orElse(null);
            for (String system : chosen) {
                if (system.equals(Transports.AERON)) {
                    // The media driver lives only while Aeron is measured: its idle loop would
                    // otherwise take CPU from the other systems' runs.
                    try (ChildProcess driver = ChildProcess.start(AeronDriverMain.class, CHILD_OPTIONS,
                            runDir.resolve("aeron").toString())) {
                        driver.await("READY", Duration.ofSeconds(60));
                        measureSystem(m, system, progress);
                    }
                } else if (system.equals(Transports.LIBIPC_JAVA_CPP) || system.equals(Transports.CPP_IPC)) {
                    measureCppIpc(cpp, system, progress);
                } else if (system.equals(Transports.LIBIPC_STREAM)) {
                    measureStream(stream, system, progress);
                } else {
                    measureSystem(m, system, progress);
                }
            }
            if (mode.jmhIterations > 0) {
                progress.accept("jmh: allocation per message");
                allocation(chosen.contains(Transports.LIBIPC_BACKEND) ? cppIpc : Optional.empty());
            }
            return results;
        } finally {
            if (cppIpc.isPresent()) {
                clearCppIpcObjects(runDir, cppIpc.get().peer(), notices);
            }
            deleteRecursively(runDir);
        }
    }

    private void measureSystem(Measurements m, String system, Consumer<String> progress) {
        if (system.equals(Transports.LIBIPC_SPRING) || system.equals(Transports.LIBIPC_SPRING_JSON)) {
            measureSpring(m, system, progress);
            return;
        }
        if (system.equals(Transports.LIBIPC_SPRING_HANDOFF)) {
            for (String format : new String[] {"handoff", "batch"}) {
                progress.accept(system + ": throughput 1->1 32 B (" + format + ")");
                double[][] rate = repeat(() -> m.springThroughput(format, 32, mode.springWarmupMillis, mode.measureMillis));
                add("throughput_1to1 (spring " + (format.equals("handoff") ? "hand-off" : format) + ")", Transports.LIBIPC,
                        (int) median(rate, 1), "msgs_per_s", median(rate, 0), "msg/s");
            }
            return;
        }
        if (Transports.REQUEST_REPLY_SYSTEMS.contains(system)) {
            measureRequestReply(m, system, progress);
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
        if (system.equals(Transports.LIBIPC)) {
            // Beside our round trip, what any round trip between two processes costs here.
            progress.accept("floor: cache-line round trip");
            double[][] floor = repeat(() -> m.cacheLineFloor(mode.rttCount, mode.warmupMillis));
            add("rtt (floor)", reported, 8, "rtt_p50_us", median(floor, 0), "us");
            add("rtt (floor)", reported, 8, "rtt_p99_us", median(floor, 1), "us");
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
     * The systems with the C++ peer: round trip at 32 B and 1 KiB (the C++ ping reports no p99.9),
     * throughput 1 -> 1 at the same sizes as the others and 1 -> 3 at 32 B. No wake-up figure:
     * the peer has no such command.
     */
    private void measureCppIpc(CppIpcMeasurements cpp, String system, Consumer<String> progress) {
        boolean java = system.equals(Transports.LIBIPC_JAVA_CPP);
        for (int size : new int[] {32, 1024}) {
            progress.accept(system + ": round trip " + size + " B");
            double[][] rtt = repeat(() -> java ? cpp.javaRoundTrip(size, mode.rttCount, mode.warmupMillis)
                    : cpp.cppRoundTrip(size, mode.rttCount, mode.warmupMillis));
            add("rtt", system, size, "rtt_p50_us", median(rtt, 0), "us");
            add("rtt", system, size, "rtt_p99_us", median(rtt, 1), "us");
            if (java) {
                add("rtt", system, size, "rtt_p999_us", median(rtt, 2), "us");
            }
        }
        for (int size : THROUGHPUT_SIZES) {
            progress.accept(system + ": throughput 1->1 " + size + " B");
            double[][] rate = repeat(() -> new double[] {java ? cpp.javaThroughput(size, 1, mode.warmupMillis, mode.measureMillis)
                    : cpp.cppThroughput(size, 1, mode.warmupMillis, mode.measureMillis)});
            add("throughput_1to1", system, size, "msgs_per_s", median(rate, 0), "msg/s");
            add("throughput_1to1", system, size, "gb_per_s", median(rate, 0) * size / 1e9, "GB/s");
        }
        progress.accept(system + ": throughput 1->3 32 B");
        double[][] fanOut = repeat(() -> new double[] {java ? cpp.javaThroughput(32, 3, mode.warmupMillis, mode.measureMillis)
                : cpp.cppThroughput(32, 3, mode.warmupMillis, mode.measureMillis)});
        add("throughput_1to3", system, 32, "msgs_per_s", median(fanOut, 0), "msg/s");
    }

    /**
     * The Spring path: round trip and throughput 1 -> 1, 32-byte {@code byte[]} messages or a small
     * JSON record (its size in bytes is the row's size). Reported as libipc-java rows with a
     * "(spring)" or "(spring json)" benchmark, beside the core's rows of the same run.
     */
    private void measureSpring(Measurements m, String system, Consumer<String> progress) {
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

    /**
     * A {@code Function} round trip over the libipc Spring Cloud Stream binder, 32-byte {@code byte[]}
     * messages, in the binder's default payload format (embedded headers) and raw: libipc-java rows
     * with a "(stream)" and a "(stream raw)" benchmark, beside the "(spring)" rows of the same run.
     */
    private void measureStream(StreamMeasurements stream, String system, Consumer<String> progress) {
        int size = 32;
        for (String format : new String[] {"embedded-headers", "raw"}) {
            String suffix = format.equals("raw") ? " (stream raw)" : " (stream)";
            progress.accept(system + ": function round trip " + size + " B, " + format);
            double[][] rtt = repeat(() -> stream.functionRoundTrip(format, size, mode.rttCount, mode.springWarmupMillis));
            add("rtt" + suffix, Transports.LIBIPC, size, "rtt_p50_us", median(rtt, 0), "us");
            add("rtt" + suffix, Transports.LIBIPC, size, "rtt_p99_us", median(rtt, 1), "us");
            add("rtt" + suffix, Transports.LIBIPC, size, "rtt_p999_us", median(rtt, 2), "us");
        }
    }

    /**
     * Request/reply, 32-byte {@code byte[]} and a small JSON record (its size in bytes is the row's
     * size): round-trip percentiles of one requesting thread, requests per second of one and of
     * {@link #REQUEST_REPLY_THREADS} threads, each calling in a loop. Reported under the system's
     * column ({@link #requestReplyColumn}) as "request_reply (bytes)" and "request_reply (json)".
     */
    private void measureRequestReply(Measurements m, String system, Consumer<String> progress) {
        String column = requestReplyColumn(system);
        for (String format : new String[] {"bytes", "json"}) {
            progress.accept(system + ": request/reply " + (format.equals("json") ? "JSON" : "32 B"));
            double[][] runs = repeat(() -> m.requestReply(system, format, mode.requestReplyCount, mode.springWarmupMillis,
                    mode.measureMillis, REQUEST_REPLY_THREADS));
            String benchmark = "request_reply (" + format + ")";
            int size = (int) median(runs, 5);
            add(benchmark, column, size, "rtt_p50_us", median(runs, 0), "us");
            add(benchmark, column, size, "rtt_p99_us", median(runs, 1), "us");
            add(benchmark, column, size, "rtt_p999_us", median(runs, 2), "us");
            add(benchmark, column, size, "req_per_s_1_thread", median(runs, 3), "req/s");
            add(benchmark, column, size, "req_per_s_" + REQUEST_REPLY_THREADS + "_threads", median(runs, 4), "req/s");
        }
    }

    /** The column of a request/reply system: beside the one-way rows of the same transport. */
    private static String requestReplyColumn(String system) {
        return switch (system) {
            case Transports.LIBIPC_SPRING_RR -> Transports.LIBIPC;
            case Transports.UDS_RR -> Transports.UDS;
            case Transports.HTTP_RR -> Transports.HTTP;
            default -> throw new IllegalArgumentException("not a request/reply system: " + system);
        };
    }

    /**
     * Allocation per message (JMH, gc profiler): {@link AllocationBenchmark} on our engine, and
     * {@link LibipcAllocationBenchmark} over cpp-ipc when the shim is built and the
     * libipc-java-backend system was asked for, reported in that system's column.
     */
    private void allocation(Optional<CppIpcBuild> cppIpc) {
        List<String> jvmArgs = new ArrayList<>(CHILD_OPTIONS);
        OptionsBuilder builder = new OptionsBuilder();
        builder.include("^" + Pattern.quote(AllocationBenchmark.class.getName()) + "\\.");
        if (cppIpc.isPresent()) {
            builder.include("^" + Pattern.quote(LibipcAllocationBenchmark.class.getName()) + "\\.");
            jvmArgs.add("-D" + LIBIPC_LIBRARY + "=" + cppIpc.get().shim());
        }
        Options options = builder
                .forks(1)
                .warmupIterations(mode.jmhIterations)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(mode.jmhIterations + 1)
                .measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend(jvmArgs.toArray(new String[0]))
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true)
                .build();
        try {
            for (RunResult run : new Runner(options).run()) {
                String method = run.getParams().getBenchmark();
                String name = method.substring(method.lastIndexOf('.') + 1);
                String system = method.startsWith(LibipcAllocationBenchmark.class.getName() + ".")
                        ? Transports.LIBIPC_BACKEND : Transports.LIBIPC;
                double bytes = run.getSecondaryResults().entrySet().stream()
                        .filter(e -> e.getKey().endsWith("gc.alloc.rate.norm"))
                        .mapToDouble(e -> e.getValue().getScore()).findFirst().orElse(Double.NaN);
                String benchmark = name.equals("byteBufferPath") ? "alloc_bytebuffer_path"
                        : name.equals("handlerPath") ? "alloc_handler_path" : "alloc_bytearray_path";
                add(benchmark, system, Integer.parseInt(run.getParams().getParam("size")),
                        "alloc_bytes_per_op", bytes, "B/op");
            }
        } catch (RunnerException e) {
            throw new IllegalStateException("JMH failed", e);
        }
    }

    /**
     * Clears the cpp-ipc objects of this run's channels still in {@code /dev/shm} (cpp-ipc removes
     * a channel's objects when its last handle closes; a killed process leaves them). They are
     * {@code __IPC_SHM__<kind>__<name><suffix>}, the name starting with the run directory's name
     * and containing no '_'. Not the machine-wide chunk objects, which other processes share.
     */
    private static void clearCppIpcObjects(Path runDir, Path peer, Consumer<String> notices) {
        String prefix = Transports.libipcName(runDir, "");
        Path shm = Path.of("/dev/shm");
        if (!Files.isDirectory(shm)) {
            return;
        }
        java.util.Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.list(shm)) {
            files.map(p -> p.getFileName().toString()).filter(f -> f.startsWith("__IPC_SHM__")).forEach(f -> {
                int at = f.indexOf(prefix);
                if (at > 0) {
                    int end = f.indexOf('_', at);
                    names.add(f.substring(at, end < 0 ? f.length() : end));
                }
            });
        } catch (IOException e) {
            notices.accept("cannot list /dev/shm to clear cpp-ipc's objects of this run: " + e);
            return;
        }
        // Through the peer (cpp-ipc's clear_storage), whose complaints about objects already gone
        // stay in its stderr; this JVM may still map some of the objects (Java echo children end
        // with halt, so their handles never close).
        for (String name : names) {
            try (ChildProcess clear = ChildProcess.exec(List.of(peer.toString(), "clear", "route", name))) {
                clear.await("CLEARED", Duration.ofSeconds(30));
            } catch (RuntimeException e) {
                notices.accept("cpp-ipc objects of channel " + name + " may be left in /dev/shm: " + e.getMessage());
            }
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
