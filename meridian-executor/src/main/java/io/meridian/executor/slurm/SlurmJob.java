package io.meridian.executor.slurm;

import static java.util.Objects.requireNonNull;

/**
 * One job as slurmrestd lists it.
 *
 * @param state Slurm's job state, such as {@code RUNNING} or {@code NODE_FAIL}
 * @param nodes the nodes it holds or held, in Slurm's host-list notation ({@code node[1-2]}), or empty
 * @param reason why it waits or ended ({@code None} when there is nothing to say)
 * @param comment the comment it was submitted with; Meridian's launch key
 */
public record SlurmJob(long id, String name, String state, String nodes, String reason, String comment)
{
    public SlurmJob
    {
        requireNonNull(name, "name is null");
        requireNonNull(state, "state is null");
        requireNonNull(nodes, "nodes is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(comment, "comment is null");
    }

    /** Whether Slurm still runs or will run it. */
    public boolean isActive()
    {
        return switch (state) {
            case "PENDING", "CONFIGURING", "RUNNING", "COMPLETING", "SUSPENDED", "REQUEUED", "REQUEUE_FED", "REQUEUE_HOLD", "RESIZING", "SIGNALING", "STAGE_OUT" -> true;
            default -> false;
        };
    }
}
