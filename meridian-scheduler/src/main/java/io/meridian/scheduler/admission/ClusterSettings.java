package io.meridian.scheduler.admission;

import io.meridian.scheduler.model.TopologyPolicy;

import java.util.EnumSet;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * How a cluster asks to be scheduled.
 *
 * @param policies the enabled {@link SchedulingPolicy scheduling policies}
 * @param topology network-topology affinity for multi-node gangs: what a gang that states no requirement of its own gets;
 * {@link TopologyPolicy#NONE} (affinity off) also drops a gang's mere preference for one switch, while a gang's own
 * requirement ({@code REQUIRE_*}) always holds
 * @param preemption whether a quota may reclaim capacity lent to lower-priority borrowers
 */
public record ClusterSettings(Set<SchedulingPolicy> policies, TopologyPolicy topology, boolean preemption)
{
    /** Binpack, no DRF, no gang reservation, multi-node gangs prefer one leaf switch, preemption on. */
    public static final ClusterSettings DEFAULT = new ClusterSettings(Set.of(SchedulingPolicy.BINPACK), TopologyPolicy.PREFER_SAME_SWITCH, true);

    public ClusterSettings
    {
        policies = policies.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(policies));
        requireNonNull(topology, "topology is null");
    }

    public ClusterSettings withPolicies(Set<SchedulingPolicy> policies)
    {
        return new ClusterSettings(policies, topology, preemption);
    }

    public ClusterSettings withTopology(TopologyPolicy topology)
    {
        return new ClusterSettings(policies, topology, preemption);
    }

    public ClusterSettings withPreemption(boolean preemption)
    {
        return new ClusterSettings(policies, topology, preemption);
    }

    /** The placement policy's name ({@link io.meridian.scheduler.placement.Policies}): spread only when asked and binpack is not. */
    public String placementPolicy()
    {
        return policies.contains(SchedulingPolicy.SPREAD) && !policies.contains(SchedulingPolicy.BINPACK) ? "spread" : "meridian";
    }

    public boolean drf()
    {
        return policies.contains(SchedulingPolicy.DRF);
    }

    public boolean gang()
    {
        return policies.contains(SchedulingPolicy.GANG);
    }

    /** The topology a multi-node gang is placed with: its own requirement, else the cluster's affinity. */
    public TopologyPolicy topologyFor(TopologyPolicy requested)
    {
        return switch (requested) {
            case REQUIRE_SAME_SWITCH, REQUIRE_SAME_ZONE -> requested;
            case NONE, PREFER_SAME_SWITCH -> topology;
        };
    }
}
