package io.meridian.server.runtime.internal;

import io.meridian.server.testing.StatementCounter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A supervisor pass reads the whole state in the same statements whatever the number of runs and instances: no
 * statement per run or per instance (docs/features/runtime.md, "The supervisor"). Looking up each run's cluster once per
 * run and once per instance made 11,000 statements of a pass over 10,000 instances (docs/benchmarks/runtime.md).
 */
class SupervisorPassStatementsTest
        extends RecordedBackendSupport
{
    @Test
    void aPassSendsTheSameStatementsWithTwoRunsAsWithSix()
    {
        submitJobs(0, 2, 2, Duration.ofMinutes(2));
        List<String> twoRuns = withLoopStopped(this::onePass);

        submitJobs(2, 6, 2, Duration.ofMinutes(2));
        List<String> sixRuns = withLoopStopped(this::onePass);

        assertThat(sixRuns).as("statements of a pass over 6 runs and 12 instances").isEqualTo(twoRuns);
        assertThat(twoRuns).as("statements of a pass over 2 runs and 4 instances").hasSizeLessThan(12);
    }

    /** One pass on this thread, after one that settles anything the loop left half done; its statements, normalized. */
    private List<String> onePass()
    {
        supervisor.reconcile();
        StatementCounter.Recorded<Integer> pass = StatementCounter.record(supervisor::reconcile);
        assertThat(pass.result()).isEqualTo((int) count("SELECT COUNT(*) FROM runs WHERE status = 'RUNNING'"));
        return pass.statements().stream().map(RecordedBackendSupport::normalized).toList();
    }
}
