package io.meridian.scheduler.admission;

import io.meridian.scheduler.model.Resources;
import io.meridian.scheduler.queue.QueueingStrategy;

import static java.util.Objects.requireNonNull;

/**
 * A resource quota: capacity = spec × count, any workload shape within it.
 *
 * @param tenant the tenant that owns the quota; quotas borrow only from quotas of the same tenant (its cohort)
 * @param weight 1–100, unique among a tenant's quotas of a cluster; lenders with the lowest weight are borrowed from
 * first, and borrowers with a higher weight get a larger share of the idle capacity (fair sharing)
 * @param borrowing idle borrowing ("闲时算力借用"): when short, workloads of this quota may use idle capacity of
 * other non-exclusive quotas; off by default
 * @param exclusive an exclusive quota never lends its idle capacity
 * @param stopped a stopped quota admits nothing new (its pending work is rejected) while its running work finishes
 */
public record QuotaSpec(
        String name,
        String tenant,
        Resources instanceSpec,
        int instanceCount,
        int weight,
        boolean borrowing,
        boolean exclusive,
        boolean stopped,
        QueueingStrategy strategy)
{
    public QuotaSpec
    {
        requireNonNull(name, "name is null");
        requireNonNull(tenant, "tenant is null");
        requireNonNull(instanceSpec, "instanceSpec is null");
        requireNonNull(strategy, "strategy is null");
        if (instanceCount < 0) {
            throw new IllegalArgumentException("negative instance count for quota " + name);
        }
        if (weight < 1 || weight > 100) {
            throw new IllegalArgumentException("quota weight must be 1-100, got " + weight + " for " + name);
        }
    }

    /** A running strict-FIFO quota of the tenant "". */
    public QuotaSpec(String name, Resources instanceSpec, int instanceCount, int weight, boolean borrowing, boolean exclusive)
    {
        this(name, "", instanceSpec, instanceCount, weight, borrowing, exclusive, false, QueueingStrategy.STRICT_FIFO);
    }

    public Resources capacity()
    {
        return instanceSpec.times(instanceCount);
    }
}
