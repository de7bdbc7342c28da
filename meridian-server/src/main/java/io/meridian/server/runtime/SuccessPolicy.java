package io.meridian.server.runtime;

import io.meridian.executor.distributed.ReplicaRole;

import java.util.List;
import java.util.Optional;

/**
 * When the current attempt of a run has succeeded.
 * <p>
 * {@link #ALL_INSTANCES}: every instance exits 0 (PyTorch single, DDP and DeepSpeed; plain jobs). {@link #CHIEF} follows
 * TensorFlow and Kubeflow's TFJob: parameter servers (and, with {@code ParameterServerStrategy}, workers) serve until
 * they are stopped and never exit by themselves, so the run succeeds when the chief succeeds (without a chief, worker 0);
 * the runtime then stops the instances still running, which does not make the run fail.
 */
public enum SuccessPolicy
{
    ALL_INSTANCES,
    CHIEF;

    /** True if the instances of one attempt meet the policy. */
    public boolean isMet(List<InstanceRecord> attempt)
    {
        if (attempt.isEmpty()) {
            return false;
        }
        return switch (this) {
            case ALL_INSTANCES -> attempt.stream().allMatch(instance -> instance.state() == InstanceStatus.SUCCEEDED);
            case CHIEF -> decisive(attempt).map(instance -> instance.state() == InstanceStatus.SUCCEEDED).orElse(false);
        };
    }

    /** The instance whose success is the run's: the chief, else worker 0. */
    private static Optional<InstanceRecord> decisive(List<InstanceRecord> attempt)
    {
        return attempt.stream().filter(instance -> instance.role() == ReplicaRole.CHIEF).findFirst()
                .or(() -> attempt.stream().filter(instance -> instance.role() == ReplicaRole.WORKER && instance.index() == 0).findFirst());
    }
}
