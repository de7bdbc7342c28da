package io.meridian.server.runtime;

import java.util.EnumSet;
import java.util.Set;

/**
 * The lifecycle of a run (运行记录) of any kind of work, 002 §4.6.4.4 and 001-A §6.3, and the only place that says which status
 * may follow which. {@code docs/features/training.md} draws the same machine.
 * <pre>
 * CREATING ─▶ QUEUED ─▶ PREPARING ─▶ RUNNING ─▶ SUCCEEDED | FAILED
 *              ▲                       │  ▲
 *              │                       ▼  │   (fault tolerance: the gang is relaunched from the newest checkpoint)
 *              │                    RESTARTING
 *              └── PREPARING | RUNNING | RESTARTING   (preempted: a lender quota took back the capacity the run borrowed;
 *                                                    the run waits again as a new workload, its next attempt)
 * any non-terminal status ─▶ STOPPING ─▶ STOPPED        any non-terminal status ─▶ ABNORMAL (system error)
 * </pre>
 */
public enum RunStatus
{
    /** 创建中: the run record is being written and its workload submitted. */
    CREATING,
    /** 排队中: waiting for the scheduler to admit and place the workload (again, after a preemption). */
    QUEUED,
    /** 环境准备中: admitted and placed; instances are being launched. */
    PREPARING,
    /** 运行中: every instance runs its command. */
    RUNNING,
    /** 断点续训: an instance failed; the gang is stopped and relaunched from the newest complete checkpoint. */
    RESTARTING,
    /** 运行成功: every instance exited with 0. */
    SUCCEEDED,
    /** 运行失败: at least one instance failed (and fault tolerance, if on, had no restart left). */
    FAILED,
    /** 停止中: the user stopped the run; its instances are being terminated. */
    STOPPING,
    /** 已停止. */
    STOPPED,
    /** 异常: a system error while queuing, launching or stopping (not the fault of the work's own code). */
    ABNORMAL;

    private static final Set<RunStatus> TERMINAL = EnumSet.of(SUCCEEDED, FAILED, STOPPED, ABNORMAL);

    public boolean isTerminal()
    {
        return TERMINAL.contains(this);
    }

    /** Whether the run may go from this status to {@code next}. */
    public boolean canMoveTo(RunStatus next)
    {
        if (isTerminal() || next == this) {
            return false;
        }
        if (next == ABNORMAL) {
            return true;
        }
        if (next == STOPPING) {
            return this != STOPPING;
        }
        return switch (this) {
            case CREATING -> next == QUEUED;
            case QUEUED -> next == PREPARING;
            // an instance may finish or fail before it was ever seen running; an admitted run may be preempted (back to QUEUED)
            case PREPARING -> next == RUNNING || next == SUCCEEDED || next == FAILED || next == RESTARTING || next == QUEUED;
            case RUNNING -> next == SUCCEEDED || next == FAILED || next == RESTARTING || next == QUEUED;
            case RESTARTING -> next == RUNNING || next == SUCCEEDED || next == FAILED || next == QUEUED;
            case STOPPING -> next == STOPPED;
            case SUCCEEDED, FAILED, STOPPED, ABNORMAL -> false;
        };
    }

    /** Statuses in which the run holds (or waits for) resources: stop applies, delete does not. */
    public boolean isActive()
    {
        return !isTerminal();
    }
}
