package io.libipc.sample.consumer;

import io.libipc.sample.ConsumerReport;
import io.libipc.sample.ControlFrame;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The consumer's account of sequences and latency, and the control frame layout. */
class TickStatisticsTest {

    @Test
    void aConsumerJoiningMidStreamIsCompleteFromItsFirstTickAndGapsAndReorderingAreCounted() {
        TickStatistics joined = new TickStatistics(Duration.ZERO);
        for (long s = 41; s <= 50; s++) {
            joined.record(s, TimeUnit.MICROSECONDS.toNanos(s), 0);
        }
        ConsumerReport complete = joined.report("c", ConsumerReport.Kind.FINAL);
        assertThat(complete.isComplete(50)).isTrue();
        assertThat(complete.isComplete(51)).as("the last tick sent never came").isFalse();
        assertThat(complete.latency().max()).isEqualTo(50);

        TickStatistics gappy = new TickStatistics(Duration.ZERO);
        gappy.record(1, 0, 0);
        gappy.record(4, 0, 0);
        gappy.record(3, 0, 0);
        ConsumerReport report = gappy.report("c", ConsumerReport.Kind.FINAL);
        assertThat(report.missing()).isEqualTo(2);
        assertThat(report.outOfOrder()).isEqualTo(1);
        assertThat(report.isComplete(4)).isFalse();
    }

    @Test
    void warmUpTicksAreCountedButNotMeasuredAndLostMessagesMakeAnAccountIncomplete() {
        TickStatistics statistics = new TickStatistics(Duration.ofDays(1));
        statistics.record(1, TimeUnit.SECONDS.toNanos(3), 0);
        statistics.record(2, TimeUnit.SECONDS.toNanos(3), 5);
        ConsumerReport report = statistics.report("c", ConsumerReport.Kind.FINAL);
        assertThat(report.received()).isEqualTo(2);
        assertThat(report.latency().count()).as("measured during the warm-up").isZero();
        assertThat(report.lost()).isEqualTo(5);
        assertThat(report.isComplete(2)).isFalse();
    }

    @Test
    void controlFramesSurviveTheirByteLayoutAndOtherBytesAreRefused() {
        ControlFrame end = new ControlFrame(ControlFrame.Kind.END, 1234, 1240);
        assertThat(end.toBytes()).hasSize(ControlFrame.LENGTH);
        assertThat(ControlFrame.fromBytes(end.toBytes())).isEqualTo(end);
        assertThatIllegalArgumentException().isThrownBy(() -> ControlFrame.fromBytes(new byte[] {1, 2}));
        byte[] badKind = end.toBytes();
        badKind[0] = 9;
        assertThatIllegalArgumentException().isThrownBy(() -> ControlFrame.fromBytes(badKind));
    }
}
