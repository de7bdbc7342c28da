package io.meridian.server.runtime;

import io.meridian.executor.DeviceAllocation;
import io.meridian.executor.distributed.ReplicaRole;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class SuccessPolicyTest
{
    @Test
    void allInstancesWaitsForEveryInstance()
    {
        assertThat(SuccessPolicy.ALL_INSTANCES.isMet(List.of(instance("master", 0, "SUCCEEDED"), instance("worker", 0, "RUNNING")))).isFalse();
        assertThat(SuccessPolicy.ALL_INSTANCES.isMet(List.of(instance("master", 0, "SUCCEEDED"), instance("worker", 0, "SUCCEEDED")))).isTrue();
    }

    @Test
    void chiefSucceedsWithTheChiefAsTensorFlowDoes()
    {
        assertThat(SuccessPolicy.CHIEF.isMet(List.of(instance("chief", 0, "RUNNING"), instance("worker", 0, "SUCCEEDED"), instance("ps", 0, "RUNNING"))))
                .as("worker 0 does not decide while there is a chief").isFalse();
        assertThat(SuccessPolicy.CHIEF.isMet(List.of(instance("chief", 0, "SUCCEEDED"), instance("worker", 0, "RUNNING"), instance("ps", 0, "RUNNING"))))
                .as("parameter servers and workers still serving").isTrue();
        assertThat(SuccessPolicy.CHIEF.isMet(List.of(instance("worker", 1, "SUCCEEDED"), instance("worker", 0, "RUNNING"), instance("ps", 0, "RUNNING"))))
                .as("without a chief, worker 0 decides").isFalse();
        assertThat(SuccessPolicy.CHIEF.isMet(List.of(instance("worker", 1, "RUNNING"), instance("worker", 0, "SUCCEEDED"), instance("ps", 0, "RUNNING")))).isTrue();
        assertThat(SuccessPolicy.CHIEF.isMet(List.of(instance("ps", 0, "SUCCEEDED")))).as("nobody to decide").isFalse();
        assertThat(SuccessPolicy.CHIEF.isMet(List.of())).isFalse();
    }

    private static InstanceRecord instance(String role, int index, String state)
    {
        return InstanceRecord.waiting("run", 1, ReplicaRole.valueOf(role.toUpperCase(Locale.ROOT)), index, "node", DeviceAllocation.none())
                .observed(InstanceStatus.valueOf(state), InstanceRecord.Outcome.NONE, false, null, null);
    }
}
