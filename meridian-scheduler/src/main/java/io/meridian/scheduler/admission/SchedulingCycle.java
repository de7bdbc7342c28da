package io.meridian.scheduler.admission;

import io.meridian.scheduler.cache.Held;
import io.meridian.scheduler.cache.RunningWorkload;
import io.meridian.scheduler.cache.UsageSnapshot;
import io.meridian.scheduler.model.Node;
import io.meridian.scheduler.model.Resources;
import io.meridian.scheduler.model.TopologyPolicy;
import io.meridian.scheduler.model.Workload;
import io.meridian.scheduler.placement.GangPlacer;
import io.meridian.scheduler.placement.PlacementResult;
import io.meridian.scheduler.placement.SpreadPolicy;
import io.meridian.scheduler.preemption.Preemptor;
import io.meridian.scheduler.queue.PendingQueue;
import io.meridian.scheduler.queue.PendingQueues;
import io.meridian.scheduler.queue.QueueingStrategy;
import io.meridian.scheduler.state.ClusterState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static java.util.Objects.requireNonNull;

/**
 * One admission cycle over the pending workloads of a cluster, every tenant's together: for each workload in turn, pool
 * acceptance (unknown, stopped, wrong type, larger than it could ever be), user and tenant limits, queue or quota
 * capacity with idle borrowing from the same tenant's quotas, preemption of lower-priority borrowers, the gang
 * reservation, then gang placement with the cluster's placement policy and topology affinity.
 * <p>
 * The order comes from {@link PendingQueues}: highest priority first; among equal priorities fair sharing picks the
 * queue or quota with the lowest share (with {@link SchedulingPolicy#DRF} its dominant share of the cluster, otherwise
 * its share of borrowed capacity; both divided by a quota's weight); then submit time. Within a queue or quota its
 * {@link QueueingStrategy} holds: strict FIFO keeps everything behind a head that cannot start waiting with {@link
 * ReasonCode#BLOCKED_BY_HEAD}; best-effort FIFO lets them try. Pools never block each other, except through the gang
 * reservation.
 * <p>
 * Usage comes from the running workloads passed in ({@link UsageSnapshot}), never remembered between cycles, so the
 * server's database stays the single source of truth. User and tenant limits also count what is held elsewhere.
 */
public final class SchedulingCycle
{
    private final AdmissionConfig config;
    private final ClusterSettings settings;
    private final Preemptor preemptor = new Preemptor();
    private final Map<String, QueueSpec> queues = new HashMap<>();
    private final Map<String, QuotaSpec> quotas = new HashMap<>();
    private final List<QuotaSpec> lendersByWeight;
    // Fixed for the cycle, computed when first asked: asked for every waiting workload of a borrowing quota.
    private final Map<String, Resources> borrowCeilings = new HashMap<>();
    private Resources unallocated;

    public SchedulingCycle(AdmissionConfig config)
    {
        this.config = requireNonNull(config, "config is null");
        this.settings = config.settings();
        config.queues().forEach(queue -> queues.put(queue.name(), queue));
        config.quotas().forEach(quota -> quotas.put(quota.name(), quota));
        this.lendersByWeight = config.quotas().stream()
                .filter(quota -> !quota.exclusive())
                .sorted(Comparator.comparingInt(QuotaSpec::weight))
                .toList();
    }

    /**
     * Decides every pending workload. Admitted workloads' reservations are applied to {@code state}. The decisions come
     * back in pending order (priority, submit time, id). A cluster without a schedulable node decides nothing: waiting
     * work keeps its reasons until nodes come back, rather than looking too large for a cluster of no size.
     */
    public List<Decision> run(ClusterState state, GangPlacer placer, List<RunningWorkload> running, List<Workload> pending)
    {
        requireNonNull(state, "state is null");
        requireNonNull(placer, "placer is null");
        if (state.nodes().stream().noneMatch(Node::schedulable)) {
            return List.of();
        }
        UsageSnapshot usage = new UsageSnapshot(running, config.userHeldElsewhere(), config.tenantHeldElsewhere());
        PendingQueues pendingQueues = PendingQueues.of(pending, this::strategyOf);
        GangHold hold = new GangHold(state);
        Map<String, Decision> decisions = new HashMap<>();
        for (Optional<PendingQueue> next = pendingQueues.next(pool -> share(usage, pool)); next.isPresent();
                next = pendingQueues.next(pool -> share(usage, pool))) {
            PendingQueue queue = next.get();
            Workload workload = queue.head();
            Decision decision = decide(state, placer, usage, hold, workload, queue.headPosition());
            decisions.put(workload.id(), decision);
            switch (decision) {
                case Decision.Admitted admitted -> {
                    usage.add(new RunningWorkload(workload, admitted.borrowed()));
                    queue.pop();
                }
                case Decision.Rejected ignored -> queue.pop();
                case Decision.Waiting ignored -> blockBehind(queue, workload, decisions);
                case Decision.Preempting ignored -> blockBehind(queue, workload, decisions);
            }
        }
        List<Workload> ordered = new ArrayList<>(pending);
        ordered.sort(PendingQueue.ORDER);
        return ordered.stream().map(workload -> decisions.get(workload.id())).toList();
    }

    private static void blockBehind(PendingQueue queue, Workload head, Map<String, Decision> decisions)
    {
        int position = queue.headPosition();
        for (Workload behind : queue.headWaits()) {
            position++;
            decisions.put(behind.id(), new Decision.Waiting(behind, WaitReason.behind(ReasonCode.BLOCKED_BY_HEAD, behind.pool(), position, head.id())));
        }
    }

    private QueueingStrategy strategyOf(String pool)
    {
        QueueSpec queue = queues.get(pool);
        if (queue != null) {
            return queue.strategy();
        }
        QuotaSpec quota = quotas.get(pool);
        return quota == null ? QueueingStrategy.STRICT_FIFO : quota.strategy();
    }

    /**
     * Fair sharing: with DRF the pool's dominant share of the cluster, otherwise its dominant share of what it borrowed
     * (Kueue's fair sharing: only use above the pool's own capacity competes); divided by a quota's weight.
     */
    private double share(UsageSnapshot usage, String pool)
    {
        return weightedShare(pool, settings.drf() ? usage.used(pool) : usage.borrowedBy(pool));
    }

    private Decision decide(ClusterState state, GangPlacer placer, UsageSnapshot usage, GangHold hold, Workload workload, int position)
    {
        String pool = workload.pool();
        QueueSpec queue = queues.get(pool);
        QuotaSpec quota = quotas.get(pool);
        if (queue == null && quota == null) {
            return new Decision.Rejected(workload, WaitReason.of(ReasonCode.UNKNOWN_POOL, pool, position));
        }
        Resources demand = workload.totalResources();
        if (queue != null) {
            Resources capacity = queue.capacity(config.clusterTotal());
            if (queue.stopped()) {
                return new Decision.Rejected(workload, WaitReason.of(ReasonCode.QUEUE_STOPPED, pool, position));
            }
            if (!queue.accepts(workload.type())) {
                return new Decision.Rejected(workload, WaitReason.detailed(ReasonCode.WORKLOAD_TYPE_NOT_ALLOWED, pool, position, workload.type().name()));
            }
            String tooLarge = demand.firstExceeding(capacity);
            if (tooLarge != null) {
                return new Decision.Rejected(workload, WaitReason.shortOf(ReasonCode.LARGER_THAN_POOL, pool, tooLarge, demand.get(tooLarge), capacity.get(tooLarge), position));
            }
        }
        else {
            if (quota.stopped()) {
                return new Decision.Rejected(workload, WaitReason.of(ReasonCode.QUOTA_STOPPED, pool, position));
            }
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
            Resources free = queue.capacity(config.clusterTotal()).minus(usage.used(pool));
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

        Optional<Workload> holder = hold.holder(workload);
        if (holder.isPresent()) {
            return new Decision.Waiting(workload, WaitReason.behind(ReasonCode.BLOCKED_BY_GANG, pool, position, holder.get().id()));
        }
        Workload placed = withClusterTopology(workload);
        PlacementResult placement = placer.place(state, placed);
        if (placement instanceof PlacementResult.Placed done) {
            return new Decision.Admitted(workload, done.reservations(), borrowed);
        }
        PlacementResult.Unplaceable unplaceable = (PlacementResult.Unplaceable) placement;
        hold.consider(placed);
        return new Decision.Waiting(workload, new WaitReason(ReasonCode.NO_NODE_FITS, pool, resourceOf(unplaceable), 0, 0, position, "", unplaceable.group() + ":" + unplaceable.dominant().name()));
    }

    /** The workload as placed: a multi-node gang takes the cluster's topology affinity unless it requires its own. */
    private Workload withClusterTopology(Workload workload)
    {
        TopologyPolicy topology = settings.topologyFor(workload.topology());
        return topology == workload.topology() ? workload
                : new Workload(workload.id(), workload.tenant(), workload.user(), workload.type(), workload.pool(), workload.priority(),
                        workload.submitTime(), workload.groups(), topology);
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

    private WaitReason checkLimits(UsageSnapshot usage, Workload workload, int position)
    {
        long cards = workload.totalCards();
        long cores = ceilDiv(workload.totalResources().cpuMilli(), 1000);
        Limit user = config.userLimit(workload.user());
        Held userHeld = usage.user(workload.user());
        if (userHeld.cards() + cards > user.maxCards()) {
            return WaitReason.limit(ReasonCode.USER_CARD_LIMIT, workload.pool(), "gpu", cards, Math.max(0, user.maxCards() - userHeld.cards()), position, workload.user());
        }
        if (userHeld.cpuCores() + cores > user.maxCpuCores()) {
            return WaitReason.limit(ReasonCode.USER_CPU_LIMIT, workload.pool(), "cpu", cores, Math.max(0, user.maxCpuCores() - userHeld.cpuCores()), position, workload.user());
        }
        Limit tenant = config.tenantLimits().get(workload.tenant());
        if (tenant != null) {
            Held tenantHeld = usage.tenant(workload.tenant());
            if (tenantHeld.cards() + cards > tenant.maxCards()) {
                return WaitReason.limit(ReasonCode.TENANT_CARD_LIMIT, workload.pool(), "gpu", cards, Math.max(0, tenant.maxCards() - tenantHeld.cards()), position, workload.tenant());
            }
            if (tenantHeld.cpuCores() + cores > tenant.maxCpuCores()) {
                return WaitReason.limit(ReasonCode.TENANT_CPU_LIMIT, workload.pool(), "cpu", cores, Math.max(0, tenant.maxCpuCores() - tenantHeld.cpuCores()), position, workload.tenant());
            }
        }
        return null;
    }

    /**
     * What the quota may borrow at most: the other quotas' capacity in its tenant's cohort, and never the cluster's
     * unallocated part (cluster total − unallocated − own capacity).
     */
    private Resources maxBorrowable(QuotaSpec quota)
    {
        return borrowCeilings.computeIfAbsent(quota.name(), ignored -> computeMaxBorrowable(quota));
    }

    private Resources computeMaxBorrowable(QuotaSpec quota)
    {
        if (unallocated == null) {
            unallocated = config.unallocated();
        }
        Resources cohort = Resources.ZERO;
        for (QuotaSpec other : config.quotas()) {
            if (other.tenant().equals(quota.tenant()) && !other.name().equals(quota.name())) {
                cohort = cohort.plus(other.capacity());
            }
        }
        Resources assigned = config.clusterTotal().minus(unallocated).minus(quota.capacity()).clampAtZero();
        return cohort.min(assigned);
    }

    private boolean lends(QuotaSpec lender, QuotaSpec borrower)
    {
        return !lender.name().equals(borrower.name()) && lender.tenant().equals(borrower.tenant());
    }

    /** What the quota could borrow right now: idle capacity of its tenant's non-exclusive lenders, within its ceiling. */
    private Resources borrowableNow(UsageSnapshot usage, QuotaSpec borrower)
    {
        Resources idle = Resources.ZERO;
        for (QuotaSpec lender : lendersByWeight) {
            if (lends(lender, borrower)) {
                idle = idle.plus(usage.idle(lender.name(), lender.capacity()));
            }
        }
        Resources headroom = maxBorrowable(borrower).minus(usage.borrowedBy(borrower.name())).clampAtZero();
        return idle.min(headroom);
    }

    /** Takes the shortfall from lenders, lowest weight first; null if they cannot cover it. */
    private Map<String, Resources> planBorrowing(UsageSnapshot usage, QuotaSpec borrower, Resources shortfall)
    {
        if (!shortfall.fitsIn(borrowableNow(usage, borrower))) {
            return null;
        }
        Map<String, Resources> plan = new LinkedHashMap<>();
        Resources remaining = shortfall;
        for (QuotaSpec lender : lendersByWeight) {
            if (!lends(lender, borrower) || remaining.isZero()) {
                continue;
            }
            Resources take = usage.idle(lender.name(), lender.capacity()).min(remaining);
            if (!take.isZero()) {
                plan.put(lender.name(), take);
                remaining = remaining.minus(take);
            }
        }
        return remaining.isZero() ? plan : null;
    }

    /**
     * With preemption on: first the quota takes back what lower-priority workloads borrowed from it; failing that, a
     * borrowing quota below its weighted share takes borrowed capacity back from quotas above theirs (fair sharing).
     */
    private Decision planPreemption(UsageSnapshot usage, Workload workload, QuotaSpec quota, Resources shortfall, int position)
    {
        if (!settings.preemption()) {
            return null;
        }
        List<RunningWorkload> victims = preemptor.reclaim(usage, workload, quota.name(), shortfall);
        ReasonCode victimCode = ReasonCode.PREEMPTED_BY_LENDER;
        if (victims.isEmpty() && quota.borrowing()
                && shortfall.fitsIn(maxBorrowable(quota).minus(usage.borrowedBy(quota.name())).clampAtZero())) {
            Resources need = shortfall.minus(borrowableNow(usage, quota)).clampAtZero();
            double preemptorShare = weightedShare(quota.name(), usage.borrowedBy(quota.name()).plus(shortfall));
            victims = preemptor.evenOut(usage, need, preemptorShare, running -> lendsTo(running, workload, quota), this::weightedShare);
            victimCode = ReasonCode.PREEMPTED_FOR_FAIR_SHARING;
        }
        if (victims.isEmpty()) {
            return null;
        }
        String resource = shortfall.firstExceeding(Resources.ZERO);
        WaitReason reason = new WaitReason(ReasonCode.WAITING_FOR_PREEMPTION, quota.name(), resource == null ? "" : resource,
                resource == null ? 0 : shortfall.get(resource), 0, position, "", String.valueOf(victims.size()));
        ReasonCode code = victimCode;
        List<Decision.Victim> stopped = victims.stream()
                .map(victim -> new Decision.Victim(victim.workload().id(), WaitReason.detailed(code, quota.name(), 0, workload.id())))
                .toList();
        return new Decision.Preempting(workload, reason, stopped);
    }

    /** A running workload of another quota of the same tenant whose borrowing the preemptor may take back. */
    private boolean lendsTo(RunningWorkload running, Workload preemptor, QuotaSpec quota)
    {
        QuotaSpec owner = quotas.get(running.workload().pool());
        return owner != null && !owner.name().equals(quota.name()) && owner.tenant().equals(quota.tenant())
                && running.workload().priority() <= preemptor.priority();
    }

    /** A pool's dominant share of the cluster in {@code amount}, divided by its weight (queues weigh 1). */
    private double weightedShare(String pool, Resources amount)
    {
        QuotaSpec quota = quotas.get(pool);
        return UsageSnapshot.dominantShare(amount, config.clusterTotal()) / (quota == null ? 1 : quota.weight());
    }

    private static long ceilDiv(long value, long divisor)
    {
        return (value + divisor - 1) / divisor;
    }

    /**
     * The gang reservation ({@link SchedulingPolicy#GANG}): the first multi-instance gang of the cycle that waits for
     * nodes although it would fit the cluster with nothing running holds the nodes against later work of its priority or
     * lower. A gang that could never fit (a selector no node matches, a required switch too small) holds nothing.
     */
    private final class GangHold
    {
        private final ClusterState state;
        private ClusterState empty;
        private Workload holder;

        GangHold(ClusterState state)
        {
            this.state = state;
        }

        Optional<Workload> holder(Workload workload)
        {
            return holder != null && workload.priority() <= holder.priority() ? Optional.of(holder) : Optional.empty();
        }

        void consider(Workload waiting)
        {
            if (holder != null || !settings.gang() || waiting.instanceCount() < 2) {
                return;
            }
            if (empty == null) {
                empty = ClusterState.of(state.nodes());
            }
            // Any policy answers "does it fit at all"; a fixed seed keeps the answer repeatable. A gang that does not fit
            // leaves the empty state untouched; one that fits becomes the holder, and nothing is tried after it.
            if (new GangPlacer(new SpreadPolicy(), new Random(0)).place(empty, waiting) instanceof PlacementResult.Placed) {
                holder = waiting;
            }
        }
    }
}
