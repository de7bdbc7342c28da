package io.meridian.scheduler.admission;

import io.meridian.scheduler.cache.Held;
import io.meridian.scheduler.model.Resources;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Everything admission needs to know about one cluster: its queues and quotas (of every tenant), limits and settings.
 *
 * @param clusterTotal the cluster's total schedulable resources: the capacity of default queues that share the
 * cluster, the base of dominant shares; {@code clusterTotal − Σ quota capacities} is the unallocated part, which
 * nobody may borrow
 * @param userLimits per user; users not listed get {@link Limit#DEFAULT}
 * @param tenantLimits per tenant; tenants not listed are unlimited
 * @param userHeldElsewhere per user, what the user holds outside this cycle's running workloads (other clusters): a
 * limit is one budget across clusters
 * @param tenantHeldElsewhere per tenant, likewise
 * @param settings the cluster's scheduling policies, topology affinity and preemption
 */
public record AdmissionConfig(
        List<QueueSpec> queues,
        List<QuotaSpec> quotas,
        Resources clusterTotal,
        Map<String, Limit> userLimits,
        Map<String, Limit> tenantLimits,
        Map<String, Held> userHeldElsewhere,
        Map<String, Held> tenantHeldElsewhere,
        ClusterSettings settings)
{
    /** A config with default settings for a scheduler that sees all of its users' and tenants' work: nothing is held elsewhere. */
    public AdmissionConfig(List<QueueSpec> queues, List<QuotaSpec> quotas, Resources clusterTotal, Map<String, Limit> userLimits,
            Map<String, Limit> tenantLimits, boolean preemption)
    {
        this(queues, quotas, clusterTotal, userLimits, tenantLimits, Map.of(), Map.of(), ClusterSettings.DEFAULT.withPreemption(preemption));
    }

    public AdmissionConfig
    {
        queues = List.copyOf(queues);
        quotas = List.copyOf(quotas);
        requireNonNull(clusterTotal, "clusterTotal is null");
        userLimits = Map.copyOf(userLimits);
        tenantLimits = Map.copyOf(tenantLimits);
        userHeldElsewhere = Map.copyOf(userHeldElsewhere);
        tenantHeldElsewhere = Map.copyOf(tenantHeldElsewhere);
        requireNonNull(settings, "settings is null");
        Set<String> names = new HashSet<>();
        Set<String> weights = new HashSet<>();
        for (QueueSpec queue : queues) {
            if (!names.add(queue.name())) {
                throw new IllegalArgumentException("duplicate pool name " + queue.name());
            }
        }
        for (QuotaSpec quota : quotas) {
            if (!names.add(quota.name())) {
                throw new IllegalArgumentException("duplicate pool name " + quota.name());
            }
            if (!weights.add(quota.tenant() + "\0" + quota.weight())) {
                throw new IllegalArgumentException("quota weight " + quota.weight() + " is used twice; weights are unique among a tenant's quotas of a cluster");
            }
        }
    }

    public AdmissionConfig withSettings(ClusterSettings settings)
    {
        return new AdmissionConfig(queues, quotas, clusterTotal, userLimits, tenantLimits, userHeldElsewhere, tenantHeldElsewhere, settings);
    }

    public Resources unallocated()
    {
        Resources assigned = Resources.ZERO;
        for (QuotaSpec quota : quotas) {
            assigned = assigned.plus(quota.capacity());
        }
        return clusterTotal.minus(assigned).clampAtZero();
    }

    public Limit userLimit(String user)
    {
        return userLimits.getOrDefault(user, Limit.DEFAULT);
    }
}
