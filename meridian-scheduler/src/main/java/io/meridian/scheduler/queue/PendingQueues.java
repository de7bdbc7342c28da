package io.meridian.scheduler.queue;

import io.meridian.scheduler.model.Workload;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import static java.util.Objects.requireNonNull;

/**
 * All pending queues of a cluster for one cycle. The cycle repeatedly asks for the queue whose head goes next: the head
 * of highest priority; among equal priorities the queue with the lowest share (dominant resource share or weighted
 * borrowing share, as the cycle computes it, so that fair sharing decides between queues); then the earliest submitted.
 * Queues never block each other; within a queue its {@link QueueingStrategy} applies.
 */
public final class PendingQueues
{
    private final Map<String, PendingQueue> queues = new LinkedHashMap<>();

    private PendingQueues(Collection<PendingQueue> queues)
    {
        queues.forEach(queue -> this.queues.put(queue.pool(), queue));
    }

    /** Groups the pending workloads by pool; {@code strategyOf} names each pool's strategy. */
    public static PendingQueues of(List<Workload> pending, Function<String, QueueingStrategy> strategyOf)
    {
        requireNonNull(strategyOf, "strategyOf is null");
        Map<String, List<Workload>> byPool = new LinkedHashMap<>();
        for (Workload workload : pending) {
            byPool.computeIfAbsent(workload.pool(), ignored -> new ArrayList<>()).add(workload);
        }
        List<PendingQueue> queues = new ArrayList<>();
        byPool.forEach((pool, workloads) -> queues.add(new PendingQueue(pool, strategyOf.apply(pool), workloads)));
        return new PendingQueues(queues);
    }

    /** The queue whose head the cycle tries next, or empty when every queue is done for this cycle. */
    public Optional<PendingQueue> next(ToDoubleFunction<String> shareOfPool)
    {
        requireNonNull(shareOfPool, "shareOfPool is null");
        Comparator<PendingQueue> order = Comparator.comparingInt((PendingQueue queue) -> queue.head().priority()).reversed()
                .thenComparingDouble(queue -> shareOfPool.applyAsDouble(queue.pool()))
                .thenComparingLong(queue -> queue.head().submitTime())
                .thenComparing(queue -> queue.head().id());
        PendingQueue best = null;
        for (PendingQueue queue : queues.values()) {
            if (!queue.isEmpty() && (best == null || order.compare(queue, best) < 0)) {
                best = queue;
            }
        }
        return Optional.ofNullable(best);
    }
}
