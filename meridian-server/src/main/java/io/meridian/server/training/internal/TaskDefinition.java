package io.meridian.server.training.internal;

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

    /** The flavor the instances of {@code role} (master, chief, worker, ps, evaluator) run on. */
    String flavorOf(String role)
    {
        String own = switch (role) {
            case "ps" -> psFlavorName;
            case "chief" -> chiefFlavorName;
            case "evaluator" -> evaluatorFlavorName;
            default -> null;
        };
        return own == null ? flavorName : own;
    }

    private static String blankToNull(String value)
    {
        return value == null || value.isBlank() ? null : value;
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
     * 容错训练 / 断点续训 (001-A §6.2 高级配置, §6.8-6.10). With {@code enabled}, a failure that {@code restartPolicy} retries
     * restarts what {@code restartScope} says, and the script resumes from its newest complete checkpoint, at most
     * {@code maxRestarts} times in a run. Independently of {@code enabled}, a running instance that has not called
     * {@code meridian_runtime.heartbeat()} (nor started) for {@code hangTimeoutSeconds} is hung: it is stopped and counts as
     * failed. 0 turns hang detection off.
     */
    record FaultTolerance(boolean enabled, int maxRestarts, int hangTimeoutSeconds, RestartPolicy restartPolicy, RestartScope restartScope)
    {
        static final FaultTolerance OFF = new FaultTolerance(false, 0, 0, RestartPolicy.ON_FAILURE, RestartScope.JOB);

        FaultTolerance
        {
            // runs started before these settings existed carry none in their definition copy
            restartPolicy = restartPolicy == null ? RestartPolicy.ON_FAILURE : restartPolicy;
            restartScope = restartScope == null ? RestartScope.JOB : restartScope;
        }
    }

    /** 容错重启策略: which failures are worth a restart. */
    enum RestartPolicy
    {
        /** Every failure: the program's own exit codes, signals, node faults and hangs. */
        ON_FAILURE,
        /**
         * As Kubeflow's {@code ExitCode} policy: exit codes 1-127 are the program's own verdict (a bug, bad input) and fail
         * the run at once; being killed by a signal (128+), a node fault and a hang are retried.
         */
        EXIT_CODE,
    }

    /** 容错策略: what a restart restarts. */
    enum RestartScope
    {
        /** The whole job: every instance is stopped and launched again as the next attempt. */
        JOB,
        /**
         * Only the failed instance (单Pod重调度, §6.10), relaunched with the same rank and addresses while the others keep
         * running, when it is a worker (a PyTorch worker, a TensorFlow worker or evaluator). A master, chief or parameter
         * server holds state the others depend on, so its failure restarts the whole job. The framework must let a member
         * rejoin (TensorFlow PS training does; plain torch.distributed does not: the survivors fail on their next
         * collective, and the job restarts whole).
         */
        INSTANCE,
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
