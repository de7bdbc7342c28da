package io.meridian.scheduler.preemption;

import io.meridian.scheduler.admission.RunningWorkload;
import io.meridian.scheduler.cache.UsageSnapshot;
import io.meridian.scheduler.model.Resources;
import io.meridian.scheduler.model.Workload;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Returns borrowed capacity to its lender. When a quota's own workload needs capacity that other quotas' workloads
 * borrowed from it, the borrowers of lower priority are stopped: the lowest priority first, then the most recently
 * submitted (the least work lost), and only as many as cover the shortfall. Only borrowed capacity is ever taken back:
 * a quota's work within its own capacity is never preempted.
 */
public final class Preemptor
{
    /** Victims whose return covers {@code shortfall}, or an empty list when no set of them does. */
    public List<RunningWorkload> reclaim(UsageSnapshot usage, Workload preemptor, String lender, Resources shortfall)
    {
        List<RunningWorkload> candidates = new ArrayList<>();
        for (RunningWorkload running : usage.running()) {
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
}
