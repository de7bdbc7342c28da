package io.meridian.scheduler.admission;

import io.meridian.scheduler.model.Resources;
import io.meridian.scheduler.model.WorkloadType;
import io.meridian.scheduler.queue.QueueingStrategy;

import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A queue: fixed capacity (instance spec × count, e.g. 8 cards / 170 cores / 1400 GiB × 2), no borrowing in
 * either direction, an optional filter on workload types (empty = all), and a stopped flag: a stopped queue
 * admits nothing new while the work already running in it finishes.
 *
 * @param tenant the tenant that owns the queue
 * @param sharesCluster a tenant's default queue on a shared default cluster: it owns no share, its capacity is the whole
 * cluster (its schedulable nodes), and it competes with the other tenants' default queues for the nodes; {@code
 * instanceSpec} and {@code instanceCount} are then ignored
 */
public record QueueSpec(
        String name,
        String tenant,
        Resources instanceSpec,
        int instanceCount,
        boolean sharesCluster,
        Set<WorkloadType> allowedTypes,
        boolean stopped,
        QueueingStrategy strategy)
{
    public QueueSpec
    {
        requireNonNull(name, "name is null");
        requireNonNull(tenant, "tenant is null");
        requireNonNull(instanceSpec, "instanceSpec is null");
        allowedTypes = Set.copyOf(allowedTypes);
        requireNonNull(strategy, "strategy is null");
        if (instanceCount < 0) {
            throw new IllegalArgumentException("negative instance count for queue " + name);
        }
    }

    /** A strict-FIFO queue of a fixed capacity. */
    public QueueSpec(String name, Resources instanceSpec, int instanceCount, Set<WorkloadType> allowedTypes, boolean stopped)
    {
        this(name, "", instanceSpec, instanceCount, false, allowedTypes, stopped, QueueingStrategy.STRICT_FIFO);
    }

    /** A tenant's strict-FIFO default queue on a shared cluster: its capacity is the whole cluster. */
    public static QueueSpec sharedCluster(String name, String tenant, Set<WorkloadType> allowedTypes, boolean stopped)
    {
        return new QueueSpec(name, tenant, Resources.ZERO, 0, true, allowedTypes, stopped, QueueingStrategy.STRICT_FIFO);
    }

    /** The capacity the queue admits against, given the cluster's total. */
    public Resources capacity(Resources clusterTotal)
    {
        return sharesCluster ? clusterTotal : instanceSpec.times(instanceCount);
    }

    public boolean accepts(WorkloadType type)
    {
        return allowedTypes.isEmpty() || allowedTypes.contains(type);
    }
}
