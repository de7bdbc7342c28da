package io.meridian.server.training.internal;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * When the current attempt of a run has succeeded, decided by its {@link TrainingMode}.
 * <p>
 * PyTorch (single, DDP, DeepSpeed) needs every instance to exit 0. TensorFlow parameter-server training follows TensorFlow
 * and Kubeflow's TFJob: parameter servers (and, with {@code ParameterServerStrategy}, workers) serve until they are
 * stopped and never exit by themselves, so the run succeeds when the chief succeeds (without a chief, worker 0); the
 * reconciler then stops the instances still running, which does not make the run fail.
 */
enum SuccessPolicy
{
    ALL_INSTANCES,
    CHIEF;

    static SuccessPolicy of(TrainingMode mode)
    {
        requireNonNull(mode, "mode is null");
        return switch (mode) {
            case SINGLE, DDP, DEEPSPEED -> ALL_INSTANCES;
            case PS -> CHIEF;
        };
    }

    /** True if the instances of one attempt meet the policy. */
    boolean isMet(List<InstanceRecord> attempt)
    {
        if (attempt.isEmpty()) {
            return false;
        }
        return switch (this) {
            case ALL_INSTANCES -> attempt.stream().allMatch(instance -> instance.state().equals(InstanceRecord.SUCCEEDED));
            case CHIEF -> decisive(attempt).map(instance -> instance.state().equals(InstanceRecord.SUCCEEDED)).orElse(false);
        };
    }

    /** The instance whose success is the run's: the chief, else worker 0. */
    private static Optional<InstanceRecord> decisive(List<InstanceRecord> attempt)
    {
        return attempt.stream().filter(instance -> instance.role().equals("chief")).findFirst()
                .or(() -> attempt.stream().filter(instance -> instance.role().equals("worker") && instance.index() == 0).findFirst());
    }
}
