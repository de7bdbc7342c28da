package io.meridian.scheduler.admission;

import io.meridian.scheduler.model.Resources;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Everything admission needs to know about one cluster's pools and limits.
 *
 * @param clusterTotal the cluster's total resources; {@code clusterTotal − Σ quota capacities} is the
 * unallocated part, which nobody may borrow
 * @param userLimits per user; users not listed get {@link Limit#DEFAULT}
 * @param tenantLimits per tenant; tenants not listed are unlimited
 * @param userHeldElsewhere per user, what the user holds outside this cycle's running workloads (other clusters): a
 * limit is one budget across clusters
 * @param tenantHeldElsewhere per tenant, likewise
 * @param preemption whether a quota may reclaim capacity lent to lower-priority borrowers
 */
public record AdmissionConfig(
        List<QueueSpec> queues,
        List<QuotaSpec> quotas,
        Resources clusterTotal,
        Map<String, Limit> userLimits,
        Map<String, Limit> tenantLimits,
        Map<String, Held> userHeldElsewhere,
        Map<String, Held> tenantHeldElsewhere,
        boolean preemption)
{
    /** A config for a scheduler that sees all of its users' and tenants' work: nothing is held elsewhere. */
    public AdmissionConfig(List<QueueSpec> queues, List<QuotaSpec> quotas, Resources clusterTotal, Map<String, Limit> userLimits,
            Map<String, Limit> tenantLimits, boolean preemption)
    {
        this(queues, quotas, clusterTotal, userLimits, tenantLimits, Map.of(), Map.of(), preemption);
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
        Set<String> names = new HashSet<>();
        Set<Integer> weights = new HashSet<>();
        for (QueueSpec queue : queues) {
            if (!names.add(queue.name())) {
                throw new IllegalArgumentException("duplicate pool name " + queue.name());
            }
        }
        for (QuotaSpec quota : quotas) {
            if (!names.add(quota.name())) {
                throw new IllegalArgumentException("duplicate pool name " + quota.name());
            }
            if (!weights.add(quota.weight())) {
                throw new IllegalArgumentException("quota weight " + quota.weight() + " is used twice; weights are unique per cluster");
            }
        }
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
