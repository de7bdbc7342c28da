package io.meridian.server.quota;

/**
 * A quota's scheduling policy (调度策略). The spec offers only 先进先出 (001-B §4.4): FIFO by submit time with a strict
 * head of line, the head retried and never skipped. Issue 10 adds Kueue's best-effort FIFO beside it.
 */
public enum SchedulingPolicy
{
    /** 先进先出, the default: a head that cannot start keeps everything behind it waiting. */
    FIFO,
    /** 先进先出（尽力而为）: a head that cannot start steps aside for the cycle and the workloads behind it are tried. */
    BEST_EFFORT_FIFO
}
