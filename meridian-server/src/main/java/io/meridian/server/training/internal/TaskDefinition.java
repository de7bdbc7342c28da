package io.meridian.server.training.internal;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What a training task says to run, validated. A run copies it when it starts, so editing the task later never
 * changes a run. Datasets and models are stored as references; mounting the real assets comes with those features.
 *
 * @param nodes instances of the run: for DDP one master and {@code nodes − 1} workers; for PS one chief and
 * {@code nodes − 1} workers (the parameter servers come on top)
 */
record TaskDefinition(
        String workspaceId,
        String name,
        String description,
        TrainingFramework framework,
        TrainingMode mode,
        String image,
        String command,
        List<EnvVar> env,
        List<String> datasets,
        List<String> myModels,
        List<String> presetModels,
        String codePackageId,
        String clusterId,
        String poolId,
        String flavorName,
        int nodes,
        int nprocPerNode,
        int parameterServers,
        FaultTolerance faultTolerance,
        TensorBoard tensorboard)
{
    TaskDefinition
    {
        requireNonNull(workspaceId, "workspaceId is null");
        requireNonNull(name, "name is null");
        requireNonNull(framework, "framework is null");
        requireNonNull(mode, "mode is null");
        requireNonNull(image, "image is null");
        requireNonNull(command, "command is null");
        env = List.copyOf(env);
        datasets = List.copyOf(datasets);
        myModels = List.copyOf(myModels);
        presetModels = List.copyOf(presetModels);
        requireNonNull(clusterId, "clusterId is null");
        requireNonNull(poolId, "poolId is null");
        requireNonNull(flavorName, "flavorName is null");
        requireNonNull(faultTolerance, "faultTolerance is null");
        // a run's definition copy written before TensorBoard existed has no such field
        tensorboard = tensorboard == null ? TensorBoard.OFF : tensorboard;
    }

    TaskDefinition withName(String name)
    {
        return new TaskDefinition(workspaceId, name, description, framework, mode, image, command, env, datasets, myModels, presetModels,
                codePackageId, clusterId, poolId, flavorName, nodes, nprocPerNode, parameterServers, faultTolerance, tensorboard);
    }

    record EnvVar(String name, String value)
    {
        EnvVar
        {
            requireNonNull(name, "name is null");
            value = value == null ? "" : value;
        }
    }

    /**
     * 容错训练 / 断点续训: when an instance fails, stop the whole gang and launch it again (it resumes from its newest
     * complete checkpoint), at most {@code maxRestarts} times in a run. Independently of {@code enabled}, a running
     * instance that has not called {@code meridian_runtime.heartbeat()} (nor started) for {@code hangTimeoutSeconds} is
     * hung: it is stopped and counts as failed. 0 turns hang detection off.
     */
    record FaultTolerance(boolean enabled, int maxRestarts, int hangTimeoutSeconds)
    {
        static final FaultTolerance OFF = new FaultTolerance(false, 0, 0);
    }

    /**
     * TensorBoard 日志路径: where the task's scripts write TensorBoard event files, a normalized container path under
     * {@code /work/home}. Each run writes into {@code <path>/<run id>} (passed as {@code MERIDIAN_TENSORBOARD_DIR}), so
     * runs never mix their files; {@code path} is null when disabled.
     */
    record TensorBoard(boolean enabled, String path)
    {
        static final TensorBoard OFF = new TensorBoard(false, null);

        TensorBoard
        {
            if (enabled) {
                requireNonNull(path, "path is null");
            }
        }

        /** The container directory of one run's event files. */
        String runPath(String runId)
        {
            return path + "/" + runId;
        }
    }
}
