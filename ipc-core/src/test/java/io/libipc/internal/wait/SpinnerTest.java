package io.libipc.internal.wait;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The spinner's guess whether the sender shares the receiver's CPU, driven with chosen clock
 * readings: a yield that "began" a second ago returned late, one that begins a second from now early.
 */
class SpinnerTest {

    private static final long SPIN = 50_000L;
    private static final long LATE = 1_000_000_000L;

    @Test
    void aMessageRightAfterALateYieldMeansTheSenderSharesTheCpu() {
        Spinner spinner = new Spinner(SPIN);
        yieldOnce(spinner, System.nanoTime() - LATE);
        spinner.found(false);
        assertThat(spinner.sharedCpu()).isTrue();
    }

    @Test
    void aMessageWithMoreBehindItAfterALateYieldIsAStreamNotAShare() {
        Spinner spinner = new Spinner(SPIN);
        yieldOnce(spinner, System.nanoTime() - LATE);
        spinner.found(true);
        assertThat(spinner.sharedCpu()).isFalse();
    }

    @Test
    void aMessageWhileSpinningMeansTheSenderRunsElsewhere() {
        Spinner spinner = sharedCpu();
        spinner.begin();
        assertThat(spinner.spin(0, System.nanoTime())).isTrue();
        spinner.found(false);
        assertThat(spinner.sharedCpu()).isFalse();
    }

    @Test
    void aMessageAfterAnEarlyYieldMeansTheSenderRunsElsewhere() {
        Spinner spinner = sharedCpu();
        // Begun "later" than the clock reads when found() looks: early, however long the real
        // yield took on a busy machine.
        yieldOnce(spinner, System.nanoTime() + LATE);
        spinner.found(false);
        assertThat(spinner.sharedCpu()).isFalse();
    }

    @Test
    void aLateYieldWithoutTheMessageRanSomebodyElse() {
        Spinner spinner = sharedCpu();
        yieldOnce(spinner, System.nanoTime() - LATE);
        // The caller polled, found nothing, and takes the next step.
        spinner.spin(Spinner.SHARED_PURE_SPIN_NANOS + 1, System.nanoTime());
        assertThat(spinner.sharedCpu()).isFalse();
    }

    @Test
    void whileTheSenderSharesTheCpuWaitsYieldAfterTheShortSpin() {
        Spinner spinner = sharedCpu();
        spinner.begin();
        long now = System.nanoTime() - LATE;
        spinner.spin(Spinner.SHARED_PURE_SPIN_NANOS, now);
        spinner.found(false);
        // It yielded (the step recorded when), so the late clock reading kept the guess.
        assertThat(spinner.sharedCpu()).isTrue();
    }

    @Test
    void otherwiseWaitsSpinForTheWholePureSpin() {
        Spinner spinner = new Spinner(SPIN);
        spinner.begin();
        spinner.spin(Backoff.PURE_SPIN_NANOS - 1, System.nanoTime() - LATE);
        spinner.found(false);
        // It only spun: no yield, so no guess that the sender is here.
        assertThat(spinner.sharedCpu()).isFalse();
    }

    @Test
    void theSpinPhaseEndsAfterSpinNanos() {
        Spinner spinner = new Spinner(SPIN);
        spinner.begin();
        assertThat(spinner.spin(SPIN, System.nanoTime())).isFalse();
        assertThat(new Spinner(0).spin(0, System.nanoTime())).isFalse();
    }

    private static Spinner sharedCpu() {
        Spinner spinner = new Spinner(SPIN);
        yieldOnce(spinner, System.nanoTime() - LATE);
        spinner.found(false);
        assertThat(spinner.sharedCpu()).isTrue();
        return spinner;
    }

    /** One wait whose only step is a yield past the pure spin, begun at {@code at}. */
    private static void yieldOnce(Spinner spinner, long at) {
        spinner.begin();
        assertThat(spinner.spin(Backoff.PURE_SPIN_NANOS, at)).isTrue();
    }
}
