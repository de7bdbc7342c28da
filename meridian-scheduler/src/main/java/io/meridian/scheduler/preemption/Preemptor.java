package io.meridian.scheduler.preemption;

import io.meridian.scheduler.cache.RunningWorkload;
import io.meridian.scheduler.cache.UsageSnapshot;
import io.meridian.scheduler.model.Resources;
import io.meridian.scheduler.model.Workload;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToDoubleBiFunction;

/**
 * Returns borrowed capacity. Two cases, both taking back only borrowed capacity (a quota's work within its own capacity is
 * never preempted), and only from workloads of lower priority ({@link #reclaim}) or at most equal priority
 * ({@link #evenOut}), the most recently submitted first (the least work lost), as few as cover the need:
 * <ul>
 * <li>{@link #reclaim}: a lender whose own workload needs capacity that others borrowed from it takes it back;</li>
 * <li>{@link #evenOut}: weighted fair sharing between borrowers (Kueue's fair-sharing preemption, "less than or equal
 * to final share"): a borrowing quota below its weighted share takes capacity back from borrowers above theirs, as long
 * as each of them keeps a share at least as large as the preemptor's once it is admitted.</li>
 * </ul>
 */
public final class Preemptor
{
    /** Victims whose return covers {@code shortfall}, or an empty list when no set of them does. */
    public List<RunningWorkload> reclaim(UsageSnapshot usage, Workload preemptor, String lender, Resources shortfall)
    {
        if (!shortfall.fitsIn(usage.lent(lender))) {
            // Even every borrower of the lender together could not cover it (what is lent is the sum of what they borrowed).
            return List.of();
        }
        List<RunningWorkload> candidates = new ArrayList<>();
        for (RunningWorkload running : usage.borrowing()) {
            if (running.workload().priority() < preemptor.priority() && running.borrowed().containsKey(lender)) {
                candidates.add(running);
            }
        }
        candidates.sort(Comparator.comparingInt((RunningWorkload r) -> r.workload().priority())
                .thenComparing(Comparator.comparingLong((RunningWorkload r) -> r.workload().submitTime()).reversed())
                .thenComparing(r -> r.workload().id()));
        Resources reclaimed = Resources.ZERO;
        List<RunningWorkload> victims = new ArrayList<>();
        for (RunningWorkload candidate : candidates) {
            if (shortfall.fitsIn(reclaimed)) {
                break;
            }
            reclaimed = reclaimed.plus(candidate.borrowed().get(lender));
            victims.add(candidate);
        }
        return shortfall.fitsIn(reclaimed) ? victims : List.of();
    }

    /**
     * Victims among other quotas' borrowing workloads whose borrowed capacity covers {@code need}.
     *
     * @param eligible which running workloads may be stopped (other quotas that lend to the preemptor's, priority not above it)
     * @param shareOf a pool's weighted share given what it borrows
     * @param preemptorShare the preemptor's quota's weighted share once the workload is admitted
     */
    public List<RunningWorkload> evenOut(UsageSnapshot usage, Resources need, double preemptorShare, Predicate<RunningWorkload> eligible,
            ToDoubleBiFunction<String, Resources> shareOf)
    {
        Map<String, Resources> borrowed = new HashMap<>();
        List<RunningWorkload> candidates = new ArrayList<>();
        for (RunningWorkload running : usage.borrowing()) {
            if (eligible.test(running)) {
                candidates.add(running);
                borrowed.putIfAbsent(running.workload().pool(), usage.borrowedBy(running.workload().pool()));
            }
        }
        // The most over-served quota first; within it the lowest priority, then the newest.
        candidates.sort(Comparator.comparingDouble((RunningWorkload r) -> -shareOf.applyAsDouble(r.workload().pool(), borrowed.get(r.workload().pool())))
                .thenComparingInt(r -> r.workload().priority())
                .thenComparing(Comparator.comparingLong((RunningWorkload r) -> r.workload().submitTime()).reversed())
                .thenComparing(r -> r.workload().id()));
        Resources reclaimed = Resources.ZERO;
        List<RunningWorkload> victims = new ArrayList<>();
        for (RunningWorkload candidate : candidates) {
            if (need.fitsIn(reclaimed)) {
                break;
            }
            String pool = candidate.workload().pool();
            Resources after = borrowed.get(pool).minus(candidate.borrowedTotal()).clampAtZero();
            if (shareOf.applyAsDouble(pool, after) < preemptorShare) {
                continue;
            }
            borrowed.put(pool, after);
            reclaimed = reclaimed.plus(candidate.borrowedTotal());
            victims.add(candidate);
        }
        return need.fitsIn(reclaimed) ? victims : List.of();
    }
}
