package io.libipc.bench;

import io.libipc.bench.harness.Mode;
import io.libipc.bench.transport.Transports;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The command line names its mistakes: a mode or a system that does not exist. */
class BenchmarkMainArgumentsTest {

    @Test
    void modesAndSystemsAreTakenByNameAndUnknownOnesAreNamed() {
        assertThat(BenchmarkMain.mode("FULL")).isEqualTo(Mode.FULL);
        assertThat(BenchmarkMain.mode("quick")).isEqualTo(Mode.QUICK);
        assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkMain.mode("--help"))
                .withMessage("unknown mode '--help': quick or full");
        assertThat(BenchmarkMain.systems(List.of(Transports.UDS, Transports.AERON)))
                .containsExactly(Transports.UDS, Transports.AERON);
        assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkMain.systems(List.of(Transports.UDS, "aeron")))
                .withMessage("unknown system 'aeron'");
    }
}
