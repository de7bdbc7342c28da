package io.meridian.server.runtime;

/**
 * What a run is a run of. Each kind has one {@link WorkloadOwner}: the feature that turns its definition into a
 * {@link GangSpec} and hears of its transitions. Fine-tuning, evaluation, services, dev machines and cross-region
 * subtasks become kinds of their own.
 */
public enum RunKind
{
    /** A run of a training task (自定义训练). */
    TRAINING("tr", "training-run"),
    /** A plain job: a command on N instances of a flavor, no framework. */
    JOB("job", "job"),
    /** A run of a data-cleaning task (数据清洗): the engine's shards on the workers, the merge on the master. */
    CLEANING("cl", "cleaning-run");

    private final String idPrefix;
    private final String resource;

    RunKind(String idPrefix, String resource)
    {
        this.idPrefix = idPrefix;
        this.resource = resource;
    }

    /** The resource type its runs have in the API, audit entries and alerts ({@code training-run}, {@code job}). */
    public String resource()
    {
        return resource;
    }

    /** What the ids of this kind's runs start with ({@code job-…}), so that a user, the CLI and a log line tell them apart. */
    public String idPrefix()
    {
        return idPrefix;
    }
}
