package io.meridian.scheduler.queue;

/** How a queue or quota treats a pending workload that cannot start. */
public enum QueueingStrategy
{
    /**
     * The spec's 先进先出 (FIFO): the head is retried every cycle and never skipped; everything behind it waits with
     * {@code BLOCKED_BY_HEAD}.
     */
    STRICT_FIFO,
    /** FIFO order, but a workload that cannot start steps aside for this cycle and the ones behind it are tried. */
    BEST_EFFORT_FIFO,
}
