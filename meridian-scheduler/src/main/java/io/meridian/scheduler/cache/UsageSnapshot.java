package io.meridian.scheduler.cache;

import io.meridian.scheduler.model.Resources;
import io.meridian.scheduler.model.Workload;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resource use per queue or quota, per lender, per user and per tenant, derived from the running workloads (and, for
 * user and tenant limits, from what is held in other clusters). Never remembered between cycles: the server's database
 * stays the single source of truth, and the cycle adds what it admits so later decisions of the same cycle see it.
 */
public final class UsageSnapshot
{
    private final List<RunningWorkload> running = new ArrayList<>();
    private final List<RunningWorkload> borrowing = new ArrayList<>();
    private final Map<String, Resources> used = new HashMap<>();
    private final Map<String, Resources> borrowedBy = new HashMap<>();
    private final Map<String, Resources> lent = new HashMap<>();
    private final Map<String, Held> users = new HashMap<>();
    private final Map<String, Held> tenants = new HashMap<>();

    public UsageSnapshot(List<RunningWorkload> running, Map<String, Held> userHeldElsewhere, Map<String, Held> tenantHeldElsewhere)
    {
        users.putAll(userHeldElsewhere);
        tenants.putAll(tenantHeldElsewhere);
        running.forEach(this::add);
    }

    public void add(RunningWorkload workload)
    {
        running.add(workload);
        Workload w = workload.workload();
        // Every cycle adds every running workload: the totals are summed over the groups once, not once per use.
        Resources total = w.totalResources();
        used.merge(w.pool(), total, Resources::plus);
        if (!workload.borrowed().isEmpty()) {
            borrowing.add(workload);
            Resources borrowedTotal = workload.borrowedTotal();
            if (!borrowedTotal.isZero()) {
                borrowedBy.merge(w.pool(), borrowedTotal, Resources::plus);
            }
            workload.borrowed().forEach((lender, amount) -> lent.merge(lender, amount, Resources::plus));
        }
        Held held = new Held(w.totalCards(), ceilDiv(total.cpuMilli(), 1000));
        users.merge(w.user(), held, Held::plus);
        tenants.merge(w.tenant(), held, Held::plus);
    }

    /** The running workloads, in the order they were added; a read-only view (no copy: preemption asks for it per decision). */
    public List<RunningWorkload> running()
    {
        return Collections.unmodifiableList(running);
    }

    /** The running workloads that borrowed from some lender, in the order they were added: the only ones preemption may stop. */
    public List<RunningWorkload> borrowing()
    {
        return Collections.unmodifiableList(borrowing);
    }

    public Resources used(String pool)
    {
        return used.getOrDefault(pool, Resources.ZERO);
    }

    /** Use counted against the pool's own capacity: total use minus what it borrowed. */
    public Resources ownUse(String pool)
    {
        return used(pool).minus(borrowedBy(pool));
    }

    public Resources borrowedBy(String pool)
    {
        return borrowedBy.getOrDefault(pool, Resources.ZERO);
    }

    public Resources lent(String pool)
    {
        return lent.getOrDefault(pool, Resources.ZERO);
    }

    /** A lender's capacity that neither its own work nor its borrowers use. */
    public Resources idle(String lender, Resources capacity)
    {
        return capacity.minus(ownUse(lender)).minus(lent(lender)).clampAtZero();
    }

    /** Cards and cores the user holds, here and elsewhere. */
    public Held user(String user)
    {
        return users.getOrDefault(user, Held.NONE);
    }

    public Held tenant(String tenant)
    {
        return tenants.getOrDefault(tenant, Held.NONE);
    }

    /**
     * Dominant resource share (DRF): the largest of the amount's fractions of the total over cards, CPU and memory; a
     * resource the total lacks counts for nothing.
     */
    public static double dominantShare(Resources amount, Resources total)
    {
        return Math.max(fraction(amount.gpuMilli(), total.gpuMilli()),
                Math.max(fraction(amount.cpuMilli(), total.cpuMilli()), fraction(amount.memoryMib(), total.memoryMib())));
    }

    private static double fraction(long amount, long total)
    {
        return total <= 0 ? 0 : (double) Math.max(0, amount) / total;
    }

    private static long ceilDiv(long value, long divisor)
    {
        return (value + divisor - 1) / divisor;
    }
}
