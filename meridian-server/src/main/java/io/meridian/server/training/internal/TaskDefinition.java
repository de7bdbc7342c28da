package io.meridian.server.training.internal;

import io.meridian.executor.distributed.ReplicaRole;
import io.meridian.server.runtime.EnvVar;
import io.meridian.server.runtime.FaultTolerance;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What a training task says to run, validated. A run copies it when it starts, so editing the task later never
 * changes a run. Datasets and models are stored as references; mounting the real assets comes with those features.
 *
 * @param nodes instances of the run: for DDP one master and {@code nodes − 1} workers; for PS one chief and
 * {@code nodes − 1} workers (the parameter servers and the evaluator come on top)
 * @param flavorName the flavor of every instance, except the roles below that name one of their own
 * @param psFlavorName PS only: the parameter servers' flavor (typically a CPU flavor), null for {@code flavorName}
 * @param chiefFlavorName PS only: the chief's flavor, null for {@code flavorName}
 * @param evaluatorFlavorName PS only: the evaluator's flavor, null for {@code flavorName}
 * @param evaluators PS only: 0 or 1 TensorFlow evaluator, outside the training cluster, evaluating checkpoints
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
        String psFlavorName,
        String chiefFlavorName,
        String evaluatorFlavorName,
        int nodes,
        int nprocPerNode,
        int parameterServers,
        int evaluators,
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
        // a run's definition copy written before role flavors existed has none: every role runs on flavorName
        psFlavorName = blankToNull(psFlavorName);
        chiefFlavorName = blankToNull(chiefFlavorName);
        evaluatorFlavorName = blankToNull(evaluatorFlavorName);
        requireNonNull(faultTolerance, "faultTolerance is null");
        // a run's definition copy written before TensorBoard existed has no such field
        tensorboard = tensorboard == null ? TensorBoard.OFF : tensorboard;
    }

    TaskDefinition withName(String name)
    {
        return new TaskDefinition(workspaceId, name, description, framework, mode, image, command, env, datasets, myModels, presetModels,
                codePackageId, clusterId, poolId, flavorName, psFlavorName, chiefFlavorName, evaluatorFlavorName, nodes, nprocPerNode, parameterServers, evaluators,
                faultTolerance, tensorboard);
    }

    /** The flavor the instances of {@code role} run on. */
    String flavorOf(ReplicaRole role)
    {
        String own = switch (role) {
            case PS -> psFlavorName;
            case CHIEF -> chiefFlavorName;
            case EVALUATOR -> evaluatorFlavorName;
            case MASTER, WORKER -> null;
        };
        return own == null ? flavorName : own;
    }

    /** The container path the command starts in: the code package if there is one (the CLI's {@code --code-dir}), else home. */
    String workingDir()
    {
        return codePackageId == null ? "/work/home" : "/work/mount/code/" + codePackageId;
    }

    private static String blankToNull(String value)
    {
        return value == null || value.isBlank() ? null : value;
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
