package io.libipc.perf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Runs {@link QuickPerf} on demand, never in the normal build (timing belongs to benchmarks, not
 * tests): {@code mvn -pl ipc-core test -Dtest=QuickPerfRun -Dperf=true -Dsurefire.failIfNoSpecifiedTests=false}.
 * Figures go to {@code ipc-core/target/surefire-reports/io.libipc.perf.QuickPerfRun-output.txt}.
 */
class QuickPerfRun {

    @Test
    @EnabledIfSystemProperty(named = "perf", matches = "true")
    void measure() {
        QuickPerf.report();
    }
}
