package io.meridian.server.environment;

import java.util.List;
import java.util.Optional;

/**
 * The Python environments workloads run in: Meridian's preset images (预置镜像), each a pinned environment kept in
 * the repository under {@code environments/<name>/} and built by {@code bin/meridian-env} into
 * {@code $MERIDIAN_ENVIRONMENTS/<name>-<version>/} on this host (on Slurm, the cluster's shared file system at the same
 * path). A workload owner asks which environment a task's image selects and hands it to the executor
 * ({@code InstanceSpec.withEnvironment}); an image that selects none runs with the system's interpreter, as before.
 */
public interface WorkloadEnvironments
{
    /** Every preset, in name order, with whether it is installed here. */
    List<EnvironmentView> presets();

    /**
     * The installed environment that an image reference (as tasks store it) selects: a preset's name with an optional
     * tag that is {@code latest} or a prefix of its version ({@code pytorch}, {@code pytorch:2.15}, {@code pytorch:2.15.0-cpu}),
     * or one of its aliases ({@code pytorch/pytorch:latest}, the CLI's default image). Empty for any other image, and
     * for a preset that is not installed: such a workload runs with the system's interpreter; {@link #describe} says so.
     */
    Optional<ResolvedEnvironment> resolve(String image);

    /** One sentence for a run's events: which environment and versions an image runs with, or why none. */
    String describe(String image);
}
