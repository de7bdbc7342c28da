package io.meridian.executor.slurm;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.meridian.executor.slurm.SlurmNode.Readiness.NOT_READY;
import static io.meridian.executor.slurm.SlurmNode.Readiness.READY;
import static org.assertj.core.api.Assertions.assertThat;

class SlurmNodeTest
{
    @Test
    void gpusAreCountedFromEveryGpuEntryOfTheGres()
    {
        assertThat(SlurmNode.gpus("")).isZero();
        assertThat(SlurmNode.gpus("gpu:4")).isEqualTo(4);
        assertThat(SlurmNode.gpus("gpu:a100:8(S:0-1)")).isEqualTo(8);
        assertThat(SlurmNode.gpus("gpu:a100:2(S:0,1),gpu:v100:1,mps:100")).isEqualTo(3);
        assertThat(SlurmNode.gpus("gpu")).isEqualTo(1);
    }

    @Test
    void downDrainedFailingAndSilentNodesAreNotReady()
    {
        assertThat(SlurmNode.readiness("idle", List.of())).isEqualTo(READY);
        assertThat(SlurmNode.readiness("mixed", List.of())).isEqualTo(READY);
        assertThat(SlurmNode.readiness("allocated", List.of())).isEqualTo(READY);
        assertThat(SlurmNode.readiness("down", List.of())).isEqualTo(NOT_READY);
        assertThat(SlurmNode.readiness("idle", List.of("DRAIN"))).isEqualTo(NOT_READY);
        assertThat(SlurmNode.readiness("drained", List.of())).isEqualTo(NOT_READY);
        assertThat(SlurmNode.readiness("allocated", List.of("DRAIN"))).isEqualTo(NOT_READY);
        assertThat(SlurmNode.readiness("idle", List.of("NOT_RESPONDING"))).isEqualTo(NOT_READY);
        assertThat(SlurmNode.readiness("fail", List.of())).isEqualTo(NOT_READY);
    }
}
