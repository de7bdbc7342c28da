package io.meridian.scheduler.queue;

import io.meridian.scheduler.model.Workload;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The pending workloads of one queue or quota in their order, with a cursor at the head the cycle tries next. Positions
 * are 1-based places in this order, as shown to users.
 */
public final class PendingQueue
{
    /** Pending order: priority descending, then submit time, then id. */
    public static final Comparator<Workload> ORDER = Comparator.comparingInt(Workload::priority).reversed()
            .thenComparingLong(Workload::submitTime)
            .thenComparing(Workload::id);

    private final String pool;
    private final QueueingStrategy strategy;
    private final List<Workload> workloads;
    private int head;

    public PendingQueue(String pool, QueueingStrategy strategy, List<Workload> workloads)
    {
        this.pool = requireNonNull(pool, "pool is null");
        this.strategy = requireNonNull(strategy, "strategy is null");
        this.workloads = new ArrayList<>(workloads);
        this.workloads.sort(ORDER);
    }

    public String pool()
    {
        return pool;
    }

    public QueueingStrategy strategy()
    {
        return strategy;
    }

    public boolean isEmpty()
    {
        return head >= workloads.size();
    }

    public Workload head()
    {
        if (isEmpty()) {
            throw new IllegalStateException("queue " + pool + " has no head");
        }
        return workloads.get(head);
    }

    /** The head's 1-based position in the queue. */
    public int headPosition()
    {
        return head + 1;
    }

    /** The head was admitted or rejected: it leaves the queue and the next one becomes the head. */
    public void pop()
    {
        head();
        head++;
    }

    /**
     * The head could not start. Strict FIFO: the head stays at the front, and the workloads behind it are returned, in
     * order (the first at position {@code headPosition() + 1}), to be told they wait for it; the queue is done for this
     * cycle. Best-effort FIFO: the head steps aside and
     * nothing else is returned.
     */
    public List<Workload> headWaits()
    {
        head();
        if (strategy == QueueingStrategy.BEST_EFFORT_FIFO) {
            head++;
            return List.of();
        }
        List<Workload> behind = List.copyOf(workloads.subList(head + 1, workloads.size()));
        head = workloads.size();
        return behind;
    }
}
