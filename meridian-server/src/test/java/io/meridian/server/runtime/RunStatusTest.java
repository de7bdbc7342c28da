package io.meridian.server.runtime;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static io.meridian.server.runtime.RunStatus.ABNORMAL;
import static io.meridian.server.runtime.RunStatus.CREATING;
import static io.meridian.server.runtime.RunStatus.FAILED;
import static io.meridian.server.runtime.RunStatus.PREPARING;
import static io.meridian.server.runtime.RunStatus.QUEUED;
import static io.meridian.server.runtime.RunStatus.RESTARTING;
import static io.meridian.server.runtime.RunStatus.RUNNING;
import static io.meridian.server.runtime.RunStatus.STOPPED;
import static io.meridian.server.runtime.RunStatus.STOPPING;
import static io.meridian.server.runtime.RunStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

/** The run lifecycle, written out as the full table: every pair of statuses is either allowed here or forbidden. */
class RunStatusTest
{
    private static final Map<RunStatus, Set<RunStatus>> ALLOWED = Map.of(
            CREATING, EnumSet.of(QUEUED, STOPPING, ABNORMAL),
            QUEUED, EnumSet.of(PREPARING, STOPPING, ABNORMAL),
            // back to QUEUED: preempted by the lender of the capacity the run borrowed
            PREPARING, EnumSet.of(QUEUED, RUNNING, SUCCEEDED, FAILED, RESTARTING, STOPPING, ABNORMAL),
            RUNNING, EnumSet.of(QUEUED, SUCCEEDED, FAILED, RESTARTING, STOPPING, ABNORMAL),
            RESTARTING, EnumSet.of(QUEUED, RUNNING, SUCCEEDED, FAILED, STOPPING, ABNORMAL),
            STOPPING, EnumSet.of(STOPPED, ABNORMAL),
            SUCCEEDED, EnumSet.noneOf(RunStatus.class),
            FAILED, EnumSet.noneOf(RunStatus.class),
            STOPPED, EnumSet.noneOf(RunStatus.class),
            ABNORMAL, EnumSet.noneOf(RunStatus.class));

    @Test
    void everyTransitionIsAllowedExactlyWhenTheTableSaysSo()
    {
        assertThat(ALLOWED.keySet()).containsExactlyInAnyOrder(RunStatus.values());
        for (RunStatus from : RunStatus.values()) {
            for (RunStatus to : RunStatus.values()) {
                assertThat(from.canMoveTo(to)).as("%s → %s", from, to).isEqualTo(ALLOWED.get(from).contains(to));
            }
        }
    }

    @Test
    void finalStatusesAreTheOnesWithoutWayOut()
    {
        for (RunStatus status : RunStatus.values()) {
            assertThat(status.isTerminal()).as(status.name()).isEqualTo(ALLOWED.get(status).isEmpty());
            assertThat(status.isActive()).as(status.name()).isEqualTo(!status.isTerminal());
        }
    }

    @Test
    void everyUnfinishedRunCanBeStoppedOrMarkedAbnormal()
    {
        for (RunStatus status : RunStatus.values()) {
            if (status.isActive() && status != STOPPING) {
                assertThat(status.canMoveTo(STOPPING)).as(status.name()).isTrue();
            }
            if (status.isActive()) {
                assertThat(status.canMoveTo(ABNORMAL)).as(status.name()).isTrue();
            }
        }
    }
}
