package io.meridian.server.resource;

import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * What other features may know about a cluster. {@code tenantId} is null for a region's shared default cluster.
 * {@code backend} is the execution backend that runs its work; a backend this server
 * cannot drive reports {@code backendAvailable = false} with the reason, instead of pretending. {@code placementPolicy} is
 * the cluster's choice of how the scheduler places work on its nodes; {@code schedulingPolicies} (extended resource
 * groups: DRF, Binpack, Gang) and {@code networkTopologyAffinity} (multi-node work prefers one leaf switch) are the rest of
 * what the scheduler honours.
 */
public record ClusterSummary(
        String id,
        String tenantId,
        String regionId,
        String zoneId,
        String name,
        ClusterKind kind,
        ResourceGroupType groupType,
        Backend backend,
        boolean backendAvailable,
        String backendMessage,
        PlacementPolicy placementPolicy,
        Set<SchedulingPolicy> schedulingPolicies,
        boolean networkTopologyAffinity)
{
    public ClusterSummary
    {
        requireNonNull(id, "id is null");
        requireNonNull(regionId, "regionId is null");
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(groupType, "groupType is null");
        requireNonNull(backend, "backend is null");
        schedulingPolicies = Set.copyOf(schedulingPolicies);
    }
}
