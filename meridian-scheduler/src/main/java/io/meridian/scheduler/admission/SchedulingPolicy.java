package io.meridian.scheduler.admission;

/** The scheduling policies a cluster may enable (002 §4.2: DRF, Binpack, Gang; plus the placement choice Spread). */
public enum SchedulingPolicy
{
    /** Place work on the fullest nodes that fit, fragmentation-aware (the {@code meridian} policy). The default. */
    BINPACK,
    /** Place work on the emptiest nodes. Ignored when {@link #BINPACK} is also enabled. */
    SPREAD,
    /**
     * Dominant resource fairness: among pending workloads of equal priority, the queue or quota with the lowest dominant
     * share of the cluster (cards, CPU, memory; divided by a quota's weight) goes first.
     */
    DRF,
    /**
     * Gang reservation: a multi-instance gang that waits only because the nodes are busy (it would fit the empty cluster)
     * keeps later work of its priority or lower off the nodes, so that small work cannot starve it.
     */
    GANG,
}
