package io.meridian.server.cleaning.internal;

import io.meridian.server.runtime.RunStatus;

/**
 * 处理状态 of a cleaning task (001-A §3.5 lists 已完成, 清洗失败, 已终止; the waiting and running states are inferred),
 * following its newest run.
 */
enum CleaningStatus
{
    /** 排队中. */
    QUEUED,
    /** 清洗中. */
    RUNNING,
    /** 终止中. */
    STOPPING,
    /** 已完成: the run succeeded and its output is imported into the output dataset. */
    SUCCEEDED,
    /** 清洗失败: the run failed, or its output could not be imported. */
    FAILED,
    /** 已终止. */
    STOPPED;

    static CleaningStatus of(RunStatus status)
    {
        return switch (status) {
            case CREATING, QUEUED -> QUEUED;
            case PREPARING, RUNNING, RESTARTING -> RUNNING;
            case STOPPING -> STOPPING;
            case SUCCEEDED -> SUCCEEDED;
            case FAILED, ABNORMAL -> FAILED;
            case STOPPED -> STOPPED;
        };
    }

    /** 重新启动: only after a manual stop or a failure (001-A §3.7). */
    boolean restartable()
    {
        return this == FAILED || this == STOPPED;
    }

    boolean active()
    {
        return this == QUEUED || this == RUNNING || this == STOPPING;
    }
}
