package io.meridian.server.runtime;

/**
 * Where an instance of a run stands: {@link #WAITING} until the runtime launched it, then what its executor reports.
 */
public enum InstanceStatus
{
    /** Recorded, not launched (or launched by a pass that a crash cut short: launching again resumes it). */
    WAITING,
    PENDING,
    RUNNING,
    SUCCEEDED,
    FAILED,
    STOPPED;

    public boolean isFinished()
    {
        return this == SUCCEEDED || this == FAILED || this == STOPPED;
    }
}
