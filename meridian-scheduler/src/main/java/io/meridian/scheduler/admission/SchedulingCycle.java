package io.meridian.scheduler.admission;

import io.meridian.scheduler.model.Resources;
import io.meridian.scheduler.model.Workload;
import io.meridian.scheduler.placement.GangPlacer;
import io.meridian.scheduler.placement.PlacementResult;
import io.meridian.scheduler.state.ClusterState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * One pass over the pending workloads: admission (pool acceptance, user and tenant limits, queue or quota
 * capacity with idle borrowing, optional preemption of lower-priority borrowers), then gang placement.
 * <p>
 * Pending work is taken in priority order (higher first), submit time then id breaking ties. Within one queue
 * or quota the order is strict: once a workload cannot start, everything behind it in the same pool waits
 * with {@link ReasonCode#BLOCKED_BY_HEAD} — the head is retried next cycle and never skipped. Pools do not
 * block each other.
 * <p>
 * Usage is derived from the running workloads passed in, never remembered between cycles, so the server's
 * database stays the single source of truth. User and tenant limits also count what the config says is held elsewhere.
 */
public final class SchedulingCycle
{
    /** Pending order: priority descending, then submit time, then id. */
    public static final Comparator<Workload> ORDER = Comparator.comparingInt(Workload::priority).reversed()
            .thenComparingLong(Workload::submitTime)
            .thenComparing(Workload::id);

    private final AdmissionConfig config;
    private final GangPlacer placer;
    private final Map<String, QueueSpec> queues = new HashMap<>();
    private final Map<String, QuotaSpec> quotas = new HashMap<>();
    private final List<QuotaSpec> lendersByWeight;

    public SchedulingCycle(AdmissionConfig config, GangPlacer placer)
    {
        this.config = requireNonNull(config, "config is null");
        this.placer = requireNonNull(placer, "placer is null");
        config.queues().forEach(queue -> queues.put(queue.name(), queue));
        config.quotas().forEach(quota -> quotas.put(quota.name(), quota));
        this.lendersByWeight = config.quotas().stream()
                .filter(quota -> !quota.exclusive())
                .sorted(Comparator.comparingInt(QuotaSpec::weight))
                .toList();
    }

    /**
     * Decides every pending workload. Admitted workloads' reservations are applied to {@code state}; the
     * returned decisions are in the order they were made.
     */
    public List<Decision> run(ClusterState state, List<RunningWorkload> running, List<Workload> pending)
    {
        Usage usage = new Usage(running);
        List<Workload> ordered = new ArrayList<>(pending);
        ordered.sort(ORDER);
        Map<String, Integer> positions = new HashMap<>();
        Map<String, String> blockedBy = new HashMap<>();
        List<Decision> decisions = new ArrayList<>(ordered.size());
        for (Workload workload : ordered) {
            int position = positions.merge(workload.pool(), 1, Integer::sum);
            String head = blockedBy.get(workload.pool());
            if (head != null) {
                decisions.add(new Decision.Waiting(workload, new WaitReason(ReasonCode.BLOCKED_BY_HEAD, workload.pool(), "", 0, 0, position, head, "")));
                continue;
            }
            Decision decision = decide(state, usage, workload, position);
            decisions.add(decision);
            if (decision instanceof Decision.Admitted admitted) {
                usage.add(new RunningWorkload(workload, admitted.borrowed()));
            }
            else if (!(decision instanceof Decision.Rejected)) {
                blockedBy.put(workload.pool(), workload.id());
            }
        }
        return decisions;
    }

    private Decision decide(ClusterState state, Usage usage, Workload workload, int position)
    {
        String pool = workload.pool();
        QueueSpec queue = queues.get(pool);
        QuotaSpec quota = quotas.get(pool);
        if (queue == null && quota == null) {
            return new Decision.Rejected(workload, WaitReason.of(ReasonCode.UNKNOWN_POOL, pool, position));
        }
        Resources demand = workload.totalResources();
        if (queue != null) {
            if (queue.stopped()) {
                return new Decision.Rejected(workload, WaitReason.of(ReasonCode.QUEUE_STOPPED, pool, position));
            }
            if (!queue.accepts(workload.type())) {
                return new Decision.Rejected(workload, new WaitReason(ReasonCode.WORKLOAD_TYPE_NOT_ALLOWED, pool, "", 0, 0, position, "", workload.type().name()));
            }
            String tooLarge = demand.firstExceeding(queue.capacity());
            if (tooLarge != null) {
                return new Decision.Rejected(workload, WaitReason.shortOf(ReasonCode.LARGER_THAN_POOL, pool, tooLarge, demand.get(tooLarge), queue.capacity().get(tooLarge), position));
            }
        }
        else {
            Resources ceiling = quota.borrowing() ? quota.capacity().plus(maxBorrowable(quota)) : quota.capacity();
            String tooLarge = demand.firstExceeding(ceiling);
            if (tooLarge != null) {
                return new Decision.Rejected(workload, WaitReason.shortOf(ReasonCode.LARGER_THAN_POOL, pool, tooLarge, demand.get(tooLarge), ceiling.get(tooLarge), position));
            }
        }

        WaitReason limit = checkLimits(usage, workload, position);
        if (limit != null) {
            return new Decision.Waiting(workload, limit);
        }

        Map<String, Resources> borrowed = Map.of();
        if (queue != null) {
            Resources free = queue.capacity().minus(usage.used(pool));
            String shortResource = demand.firstExceeding(free);
            if (shortResource != null) {
                return new Decision.Waiting(workload, WaitReason.shortOf(ReasonCode.QUEUE_CAPACITY_SHORT, pool, shortResource, demand.get(shortResource), Math.max(0, free.get(shortResource)), position));
            }
        }
        else {
            // Own free capacity: capacity minus own use minus what is lent out (lent capacity is in use elsewhere).
            Resources ownFree = quota.capacity().minus(usage.ownUse(pool)).minus(usage.lent(pool)).clampAtZero();
            String shortResource = demand.firstExceeding(ownFree);
            if (shortResource != null) {
                Resources shortfall = demand.minus(ownFree).clampAtZero();
                Map<String, Resources> plan = quota.borrowing() ? planBorrowing(usage, quota, shortfall) : null;
                if (plan == null) {
                    Decision preemption = planPreemption(usage, workload, quota, shortfall, position);
                    if (preemption != null) {
                        return preemption;
                    }
                    ReasonCode code = quota.borrowing() ? ReasonCode.QUOTA_SHORT_BORROW_EXHAUSTED : ReasonCode.QUOTA_SHORT;
                    long available = ownFree.get(shortResource) + (quota.borrowing() ? borrowableNow(usage, quota).get(shortResource) : 0);
                    return new Decision.Waiting(workload, WaitReason.shortOf(code, pool, shortResource, demand.get(shortResource), available, position));
                }
                borrowed = plan;
            }
        }

        PlacementResult placement = placer.place(state, workload);
        if (placement instanceof PlacementResult.Placed placed) {
            return new Decision.Admitted(workload, placed.reservations(), borrowed);
        }
        PlacementResult.Unplaceable unplaceable = (PlacementResult.Unplaceable) placement;
        return new Decision.Waiting(workload, new WaitReason(ReasonCode.NO_NODE_FITS, pool, resourceOf(unplaceable), 0, 0, position, "", unplaceable.group() + ":" + unplaceable.dominant().name()));
    }

    private static String resourceOf(PlacementResult.Unplaceable unplaceable)
    {
        return switch (unplaceable.dominant()) {
            case CPU -> "cpu";
            case MEMORY -> "memory";
            case GPU_CARDS, GPU_MEMORY, GPU_MODEL -> "gpu";
            default -> "";
        };
    }

    private WaitReason checkLimits(Usage usage, Workload workload, int position)
    {
        long cards = workload.totalCards();
        long cores = ceilDiv(workload.totalResources().cpuMilli(), 1000);
        Limit user = config.userLimit(workload.user());
        long userCards = usage.userCards(workload.user());
        long userCores = usage.userCores(workload.user());
        if (userCards + cards > user.maxCards()) {
            return new WaitReason(ReasonCode.USER_CARD_LIMIT, workload.pool(), "gpu", cards, Math.max(0, user.maxCards() - userCards), position, "", workload.user());
        }
        if (userCores + cores > user.maxCpuCores()) {
            return new WaitReason(ReasonCode.USER_CPU_LIMIT, workload.pool(), "cpu", cores, Math.max(0, user.maxCpuCores() - userCores), position, "", workload.user());
        }
        Limit tenant = config.tenantLimits().get(workload.tenant());
        if (tenant != null) {
            long tenantCards = usage.tenantCards(workload.tenant());
            long tenantCores = usage.tenantCores(workload.tenant());
            if (tenantCards + cards > tenant.maxCards()) {
                return new WaitReason(ReasonCode.TENANT_CARD_LIMIT, workload.pool(), "gpu", cards, Math.max(0, tenant.maxCards() - tenantCards), position, "", workload.tenant());
            }
            if (tenantCores + cores > tenant.maxCpuCores()) {
                return new WaitReason(ReasonCode.TENANT_CPU_LIMIT, workload.pool(), "cpu", cores, Math.max(0, tenant.maxCpuCores() - tenantCores), position, "", workload.tenant());
            }
        }
        return null;
    }

    /** cluster total − unallocated − own capacity: only capacity assigned to other quotas can be borrowed. */
    private Resources maxBorrowable(QuotaSpec quota)
    {
        return config.clusterTotal().minus(config.unallocated()).minus(quota.capacity()).clampAtZero();
    }

    /** What the quota could borrow right now: idle capacity of non-exclusive lenders, within its ceiling. */
    private Resources borrowableNow(Usage usage, QuotaSpec borrower)
    {
        Resources idle = Resources.ZERO;
        for (QuotaSpec lender : lendersByWeight) {
            if (!lender.name().equals(borrower.name())) {
                idle = idle.plus(usage.idle(lender));
            }
        }
        Resources headroom = maxBorrowable(borrower).minus(usage.borrowedBy(borrower.name())).clampAtZero();
        return idle.min(headroom);
    }

    /** Takes the shortfall from lenders, lowest weight first; null if they cannot cover it. */
    private Map<String, Resources> planBorrowing(Usage usage, QuotaSpec borrower, Resources shortfall)
    {
        if (!shortfall.fitsIn(borrowableNow(usage, borrower))) {
            return null;
        }
        Map<String, Resources> plan = new LinkedHashMap<>();
        Resources remaining = shortfall;
        for (QuotaSpec lender : lendersByWeight) {
            if (lender.name().equals(borrower.name()) || remaining.isZero()) {
                continue;
            }
            Resources take = usage.idle(lender).min(remaining);
            if (!take.isZero()) {
                plan.put(lender.name(), take);
                remaining = remaining.minus(take);
            }
        }
        return remaining.isZero() ? plan : null;
    }

    /**
     * If preemption is on and lower-priority workloads borrowed from this quota, picks the fewest of them
     * (lowest priority, then most recently submitted first) whose return covers the shortfall.
     */
    private Decision planPreemption(Usage usage, Workload workload, QuotaSpec quota, Resources shortfall, int position)
    {
        if (!config.preemption()) {
            return null;
        }
        List<RunningWorkload> candidates = new ArrayList<>();
        for (RunningWorkload running : usage.running()) {
            if (running.workload().priority() < workload.priority() && running.borrowed().containsKey(quota.name())) {
                candidates.add(running);
            }
        }
        candidates.sort(Comparator.comparingInt((RunningWorkload r) -> r.workload().priority())
                .thenComparing(Comparator.comparingLong((RunningWorkload r) -> r.workload().submitTime()).reversed()));
        Resources reclaimed = Resources.ZERO;
        List<Decision.Victim> victims = new ArrayList<>();
        for (RunningWorkload candidate : candidates) {
            if (shortfall.fitsIn(reclaimed)) {
                break;
            }
            reclaimed = reclaimed.plus(candidate.borrowed().get(quota.name()));
            victims.add(new Decision.Victim(candidate.workload().id(), new WaitReason(ReasonCode.PREEMPTED_BY_LENDER, quota.name(), "", 0, 0, 0, "", workload.id())));
        }
        if (victims.isEmpty() || !shortfall.fitsIn(reclaimed)) {
            return null;
        }
        String resource = shortfall.firstExceeding(Resources.ZERO);
        WaitReason reason = new WaitReason(ReasonCode.WAITING_FOR_PREEMPTION, quota.name(), resource == null ? "" : resource,
                resource == null ? 0 : shortfall.get(resource), 0, position, "", String.valueOf(victims.size()));
        return new Decision.Preempting(workload, reason, victims);
    }

    private static long ceilDiv(long value, long divisor)
    {
        return (value + divisor - 1) / divisor;
    }

    /** Resource use per pool, lender, user and tenant, derived from the running workloads (and, for limits, what is held elsewhere). */
    private final class Usage
    {
        private final List<RunningWorkload> running = new ArrayList<>();
        private final Map<String, Resources> used = new HashMap<>();
        private final Map<String, Resources> borrowedBy = new HashMap<>();
        private final Map<String, Resources> lent = new HashMap<>();
        private final Map<String, long[]> users = new HashMap<>();
        private final Map<String, long[]> tenants = new HashMap<>();

        Usage(List<RunningWorkload> running)
        {
            config.userHeldElsewhere().forEach((user, held) -> users.put(user, new long[] {held.cards(), held.cpuCores()}));
            config.tenantHeldElsewhere().forEach((tenant, held) -> tenants.put(tenant, new long[] {held.cards(), held.cpuCores()}));
            running.forEach(this::add);
        }

        void add(RunningWorkload workload)
        {
            running.add(workload);
            Workload w = workload.workload();
            used.merge(w.pool(), w.totalResources(), Resources::plus);
            Resources borrowedTotal = workload.borrowedTotal();
            if (!borrowedTotal.isZero()) {
                borrowedBy.merge(w.pool(), borrowedTotal, Resources::plus);
            }
            workload.borrowed().forEach((lender, amount) -> lent.merge(lender, amount, Resources::plus));
            long cores = ceilDiv(w.totalResources().cpuMilli(), 1000);
            long[] user = users.computeIfAbsent(w.user(), ignored -> new long[2]);
            user[0] += w.totalCards();
            user[1] += cores;
            long[] tenant = tenants.computeIfAbsent(w.tenant(), ignored -> new long[2]);
            tenant[0] += w.totalCards();
            tenant[1] += cores;
        }

        List<RunningWorkload> running()
        {
            return running;
        }

        Resources used(String pool)
        {
            return used.getOrDefault(pool, Resources.ZERO);
        }

        /** Use counted against the pool's own capacity: total use minus what it borrowed. */
        Resources ownUse(String pool)
        {
            return used(pool).minus(borrowedBy(pool));
        }

        Resources borrowedBy(String pool)
        {
            return borrowedBy.getOrDefault(pool, Resources.ZERO);
        }

        Resources lent(String pool)
        {
            return lent.getOrDefault(pool, Resources.ZERO);
        }

        Resources idle(QuotaSpec lender)
        {
            return lender.capacity().minus(ownUse(lender.name())).minus(lent(lender.name())).clampAtZero();
        }

        long userCards(String user)
        {
            long[] value = users.get(user);
            return value == null ? 0 : value[0];
        }

        long userCores(String user)
        {
            long[] value = users.get(user);
            return value == null ? 0 : value[1];
        }

        long tenantCards(String tenant)
        {
            long[] value = tenants.get(tenant);
            return value == null ? 0 : value[0];
        }

        long tenantCores(String tenant)
        {
            long[] value = tenants.get(tenant);
            return value == null ? 0 : value[1];
        }
    }
}
