package io.meridian.scheduler.cache;

import io.meridian.scheduler.model.Resources;
import io.meridian.scheduler.model.Workload;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * An admitted workload that still holds resources, with what it borrowed from which lender quota.
 * Usage is always recomputed from these, so borrowed capacity returns to the lender as soon as the server
 * drops the workload from the running list (and releases its reservations).
 */
public record RunningWorkload(Workload workload, Map<String, Resources> borrowed)
{
    public RunningWorkload
    {
        requireNonNull(workload, "workload is null");
        borrowed = Map.copyOf(borrowed);
    }

    public Resources borrowedTotal()
    {
        Resources total = Resources.ZERO;
        for (Resources amount : borrowed.values()) {
            total = total.plus(amount);
        }
        return total;
    }
}
