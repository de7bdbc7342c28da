package io.meridian.server.runtime;

/**
 * 容错训练 / 断点续训 (001-A §6.2 高级配置, §6.8-6.10). With {@code enabled}, a failure that {@code restartPolicy} retries
 * restarts what {@code restartScope} says, and the work resumes from its newest complete checkpoint, at most
 * {@code maxRestarts} times in a run. Independently of {@code enabled}, a running instance that has not called
 * {@code meridian_runtime.heartbeat()} (nor started) for {@code hangTimeoutSeconds} is hung: it is stopped and counts as
 * failed. 0 turns hang detection off.
 */
public record FaultTolerance(boolean enabled, int maxRestarts, int hangTimeoutSeconds, RestartPolicy restartPolicy, RestartScope restartScope)
{
    public static final FaultTolerance OFF = new FaultTolerance(false, 0, 0, RestartPolicy.ON_FAILURE, RestartScope.JOB);

    public FaultTolerance
    {
        // runs started before these settings existed carry none in their definition copy
        restartPolicy = restartPolicy == null ? RestartPolicy.ON_FAILURE : restartPolicy;
        restartScope = restartScope == null ? RestartScope.JOB : restartScope;
    }

    /** 容错重启策略: which failures are worth a restart. */
    public enum RestartPolicy
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
    public enum RestartScope
    {
        /** The whole gang: every instance is stopped and launched again as the next attempt. */
        JOB,
        /**
         * Only the failed instance (单Pod重调度, §6.10), relaunched with the same rank and addresses while the others keep
         * running, when it is a worker (a PyTorch worker, a TensorFlow worker or evaluator). A master, chief or parameter
         * server holds state the others depend on, so its failure restarts the whole gang. The framework must let a member
         * rejoin (TensorFlow PS training does; plain torch.distributed does not: the survivors fail on their next
         * collective, and the gang restarts whole).
         */
        INSTANCE,
    }
}
