package io.meridian.server.runtime;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * A run (运行记录) of some work: a training task's run, a plain job… {@code definition} is the owner's own copy of what
 * to run (JSON; its {@link WorkloadOwner} reads it), so that editing the source later never changes a run.
 * {@code attempt} counts launches of the gang: restarts launch attempt 2, 3… with new instance ids. {@code workloadId}
 * is the scheduler's workload (null until submitted); the executor's workload id is the run id, so checkpoints survive
 * restarts.
 *
 * @param source what the run was started from (the training task) and its name, which the run carries
 */
public record RunRecord(
        String id,
        RunKind kind,
        Scope scope,
        Source source,
        String definition,
        String workloadId,
        Progress progress,
        Times times,
        long version)
{
    /** Whose run it is: tenant and workspace, the owner of what it runs (who may operate it) and who started it. */
    public record Scope(String tenantId, String workspaceId, String ownerId, String startedBy)
    {
        public Scope
        {
            requireNonNull(tenantId, "tenantId is null");
            requireNonNull(workspaceId, "workspaceId is null");
            requireNonNull(ownerId, "ownerId is null");
            requireNonNull(startedBy, "startedBy is null");
        }
    }

    /** {@code id} is the training task's for a training run, null for work that has no source of its own (a plain job). */
    public record Source(String id, String name)
    {
        public Source
        {
            requireNonNull(name, "name is null");
        }
    }

    public record Progress(RunStatus status, String statusReason, int attempt, int restarts)
    {
        public Progress
        {
            requireNonNull(status, "status is null");
        }

        public static Progress created()
        {
            return new Progress(RunStatus.CREATING, null, 1, 0);
        }
    }

    public record Times(Instant createdAt, Instant startedAt, Instant finishedAt, Instant updatedAt)
    {
        public Times
        {
            requireNonNull(createdAt, "createdAt is null");
            requireNonNull(updatedAt, "updatedAt is null");
        }

        public static Times created(Instant at)
        {
            return new Times(at, null, null, at);
        }
    }

    public RunRecord
    {
        requireNonNull(id, "id is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(scope, "scope is null");
        requireNonNull(source, "source is null");
        requireNonNull(definition, "definition is null");
        requireNonNull(progress, "progress is null");
        requireNonNull(times, "times is null");
    }

    public String tenantId()
    {
        return scope.tenantId();
    }

    public String workspaceId()
    {
        return scope.workspaceId();
    }

    public String ownerId()
    {
        return scope.ownerId();
    }

    /** Runs are named after their source, so audit entries and lists read naturally. */
    public String name()
    {
        return source.name();
    }

    public RunStatus status()
    {
        return progress.status();
    }

    public int attempt()
    {
        return progress.attempt();
    }

    public int restarts()
    {
        return progress.restarts();
    }
}
