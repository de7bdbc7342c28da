package io.meridian.server.runtime;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StepProgressTest
{
    @Test
    void theTimeLeftIsTheStepsLeftAtTheAttemptsPaceSoFar()
    {
        // steps 10 to 60 in 100 s: half a step a second; 40 left
        StepProgress progress = StepProgress.of(10, 1000.0, 60, 1100.0, 100L, true);

        assertThat(progress).isEqualTo(new StepProgress(60, 100L, 60.0, 80L));
    }

    @Test
    void withoutATotalOnlyTheStepIsKnown()
    {
        assertThat(StepProgress.of(1, 1000.0, 7, 1010.0, null, true)).isEqualTo(new StepProgress(7, null, null, null));
    }

    @Test
    void noEtaBeforeTwoReportsOrOnceTheRunEnded()
    {
        assertThat(StepProgress.of(5, 1000.0, 5, 1000.0, 100L, true).etaSeconds()).isNull();
        assertThat(StepProgress.of(10, 1000.0, 60, 1100.0, 100L, false)).isEqualTo(new StepProgress(60, 100L, 60.0, null));
        assertThat(StepProgress.of(10, 1000.0, 120, 1100.0, 100L, true)).isEqualTo(new StepProgress(120, 100L, 100.0, 0L));
    }
}
