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
    private static final Comparator<Workload> EARLIER = Comparator.comparingLong(Workload::submitTime).thenComparing(Workload::id);

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
        // Asked once per decision over every queue: the share (the costly key) is computed once per queue, and only for
        // the queues whose head has the highest priority.
        int priority = Integer.MIN_VALUE;
        for (PendingQueue queue : queues.values()) {
            if (!queue.isEmpty()) {
                priority = Math.max(priority, queue.head().priority());
            }
        }
        PendingQueue best = null;
        double bestShare = 0;
        for (PendingQueue queue : queues.values()) {
            if (queue.isEmpty() || queue.head().priority() != priority) {
                continue;
            }
            double share = shareOfPool.applyAsDouble(queue.pool());
            if (best == null || share < bestShare || (share == bestShare && EARLIER.compare(queue.head(), best.head()) < 0)) {
                best = queue;
                bestShare = share;
            }
        }
        return Optional.ofNullable(best);
    }
}
