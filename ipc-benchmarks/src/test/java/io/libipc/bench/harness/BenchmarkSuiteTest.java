package io.libipc.bench.harness;

import io.libipc.bench.transport.Transports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The harness end to end with tiny counts (mode SMOKE): every system's every measurement runs
 * across real child JVMs (Spring Boot applications for the Spring rows, and for the request/reply
 * rows a requester and a replier JVM per system), and produces one positive figure per metric,
 * written as JSON and Markdown. It measures nothing worth quoting; timing lives in the benchmark runs themselves.
 *
 * <p>The cpp-ipc systems (libipc backend Java to Java and Java to C++, cpp-ipc C++ to C++) run
 * when {@code LIBIPC_HOME} names a cpp-ipc install (the harness builds the shim and the C++ peer);
 * without it they are skipped with one line and the rest is as before.
 */
class BenchmarkSuiteTest {

    private static final boolean CPP_IPC = System.getenv("LIBIPC_HOME") != null && !System.getenv("LIBIPC_HOME").isBlank();

    @Test
    void everySystemProducesEveryFigure(@TempDir Path out) throws IOException {
        List<String> steps = new ArrayList<>();
        List<Result> results = new BenchmarkSuite(Mode.SMOKE, Transports.ALL).run(steps::add);

        Set<String> systems = results.stream().map(Result::system).collect(Collectors.toSet());
        List<String> expected = new ArrayList<>(List.of("libipc-java", "aeron-ipc", "uds", "tcp", "http"));
        if (CPP_IPC) {
            expected.addAll(List.of("libipc-java-backend", "libipc-java-cpp", "cpp-ipc"));
        }
        assertThat(systems).containsExactlyInAnyOrderElementsOf(expected);
        // The hardware floor beside our round trip (issue 15): measured whenever libipc-java is.
        assertThat(results).anyMatch(r -> r.benchmark().equals("rtt (floor)") && r.system().equals("libipc-java")
                && r.metric().equals("rtt_p50_us") && r.value() > 0);
        for (String system : systems) {
            if (system.equals("http")) {
                // Request/reply only: checked below.
                continue;
            }
            List<String> metrics = results.stream().filter(r -> r.system().equals(system) && !r.benchmark().contains("("))
                    .map(r -> r.benchmark() + "/" + r.size() + "/" + r.metric()).collect(Collectors.toList());
            assertThat(metrics).as(system).contains("rtt/32/rtt_p50_us", "rtt/32/rtt_p99_us", "rtt/1024/rtt_p50_us",
                    "throughput_1to1/32/msgs_per_s", "throughput_1to1/1048576/gb_per_s", "throughput_1to3/32/msgs_per_s");
            if (!system.equals("cpp-ipc")) {
                assertThat(metrics).as(system).contains("rtt/1024/rtt_p999_us");
            }
            if (!system.equals("libipc-java-cpp") && !system.equals("cpp-ipc")) {
                assertThat(metrics).as(system).contains("wakeup/32/wake_p50_us", "wakeup/32/idle_cpu_pct");
            }
        }
        if (CPP_IPC) {
            assertThat(steps).contains("libipc-java-cpp: round trip 32 B", "cpp-ipc: throughput 1->3 32 B",
                    "libipc-java-backend: wake-up from idle");
        } else {
            assertThat(steps).contains("libipc systems skipped: LIBIPC_HOME is not set (the install prefix of cpp-ipc"
                    + " v1.4.1, built and installed outside the project as its README says)");
        }
        assertThat(results).filteredOn(r -> r.benchmark().endsWith("(portable)")).extracting(Result::metric)
                .contains("rtt_p50_us", "msgs_per_s", "wake_p50_us");
        assertThat(results).filteredOn(r -> r.benchmark().endsWith("(spring)"))
                .extracting(r -> r.size() + "/" + r.metric())
                .containsExactlyInAnyOrder("32/rtt_p50_us", "32/rtt_p99_us", "32/rtt_p999_us", "32/msgs_per_s");
        // The JSON rows' size is the record's JSON length, about 76 bytes.
        assertThat(results).filteredOn(r -> r.benchmark().endsWith("(spring json)"))
                .allSatisfy(r -> assertThat(r.size()).isBetween(50, 100))
                .extracting(Result::metric).containsExactlyInAnyOrder("rtt_p50_us", "rtt_p99_us", "rtt_p999_us", "msgs_per_s");
        assertThat(results).filteredOn(r -> r.benchmark().endsWith("(spring hand-off)") || r.benchmark().endsWith("(spring batch)"))
                .extracting(r -> r.benchmark() + "/" + r.size() + "/" + r.metric())
                .containsExactlyInAnyOrder("throughput_1to1 (spring hand-off)/32/msgs_per_s",
                        "throughput_1to1 (spring batch)/32/msgs_per_s");
        // A Function round trip over the Spring Cloud Stream binder, in both payload formats.
        assertThat(results).filteredOn(r -> r.benchmark().endsWith("(stream)") || r.benchmark().endsWith("(stream raw)"))
                .extracting(r -> r.benchmark() + "/" + r.size() + "/" + r.metric()).contains("rtt (stream)/32/rtt_p50_us",
                        "rtt (stream)/32/rtt_p999_us", "rtt (stream raw)/32/rtt_p50_us");
        List<String> requestReplyMetrics = List.of("rtt_p50_us", "rtt_p99_us", "rtt_p999_us", "req_per_s_1_thread",
                "req_per_s_8_threads");
        for (String system : List.of("libipc-java", "uds", "http")) {
            assertThat(results).as(system).filteredOn(r -> r.system().equals(system) && r.benchmark().equals("request_reply (bytes)"))
                    .allSatisfy(r -> assertThat(r.size()).isEqualTo(32))
                    .extracting(Result::metric).containsExactlyInAnyOrderElementsOf(requestReplyMetrics);
            assertThat(results).as(system).filteredOn(r -> r.system().equals(system) && r.benchmark().equals("request_reply (json)"))
                    .allSatisfy(r -> assertThat(r.size()).isBetween(50, 100))
                    .extracting(Result::metric).containsExactlyInAnyOrderElementsOf(requestReplyMetrics);
        }
        assertThat(results).filteredOn(r -> r.system().equals("http")).allSatisfy(r -> assertThat(r.benchmark()).startsWith("request_reply"));
        assertThat(results).filteredOn(r -> !r.metric().equals("idle_cpu_pct"))
                .allSatisfy(r -> assertThat(r.value()).as(r.toString()).isPositive());
        assertThat(steps).contains("tcp: wake-up from idle", "libipc-spring: round trip 32 B",
                "libipc-spring-json: throughput 1->1 JSON", "libipc-spring-rr: request/reply 32 B",
                "uds-rr: request/reply JSON", "http-rr: request/reply 32 B");

        Results.write(out, results, "## smoke");
        String json = Files.readString(out.resolve("benchmark-results.json"));
        assertThat(json).startsWith("[").contains("\"system\": \"aeron-ipc\"").contains("\"metric\": \"rtt_p50_us\"");
        String markdown = Files.readString(out.resolve("benchmark-results.md"));
        assertThat(markdown)
                .contains(CPP_IPC ? "| benchmark | size | metric | libipc-java | aeron-ipc | uds | tcp | http | libipc-java-backend"
                        + " | libipc-java-cpp | cpp-ipc |\n" : "| benchmark | size | metric | libipc-java | aeron-ipc | uds | tcp | http |\n")
                .contains("Ratios")
                .contains("Request/reply, same run")
                .containsPattern("- request_reply \\(bytes\\) 32 B rtt_p50_us: libipc-java [^;]+ \\(at most 2 us: (met|missed)\\);"
                        + " uds [^;]+ \\(10x: (met|missed)\\); http ")
                .contains("Spring path (IpcTemplate -> @IpcListener) against the core API")
                .contains("- rtt (spring) 32 B rtt_p50_us:");
        if (CPP_IPC) {
            assertThat(markdown).contains("libipc backend against cpp-ipc C++ <-> C++, same run")
                    .contains("- rtt 32 B rtt_p50_us: cpp-ipc ").contains("- throughput_1to1 32 B msgs_per_s: cpp-ipc ");
        } else {
            assertThat(markdown).doesNotContain("cpp-ipc");
        }
        // Neither the run directory nor, by the channel names that carry its name, cpp-ipc's objects.
        try (Stream<Path> shm = Files.list(Path.of("/dev/shm"))) {
            assertThat(shm.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("libipc-bench-"));
        }
    }
}
