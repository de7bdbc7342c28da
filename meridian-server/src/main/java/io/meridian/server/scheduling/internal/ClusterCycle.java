package io.meridian.server.scheduling.internal;

import io.meridian.scheduler.Scheduler;
import io.meridian.scheduler.admission.AdmissionConfig;
import io.meridian.scheduler.admission.ClusterSettings;
import io.meridian.scheduler.admission.Decision;
import io.meridian.scheduler.admission.Limit;
import io.meridian.scheduler.cache.Held;
import io.meridian.scheduler.cache.RunningWorkload;
import io.meridian.scheduler.model.Node;
import io.meridian.scheduler.model.Resources;
import io.meridian.scheduler.model.Workload;
import io.meridian.scheduler.state.ClusterState;
import io.meridian.scheduler.state.Reservation;
import io.meridian.server.quota.CapacityPool;
import io.meridian.server.quota.CapacityPools;
import io.meridian.server.quota.PoolKind;
import io.meridian.server.quota.QuotaUsage;
import io.meridian.server.resource.ClusterDirectory;
import io.meridian.server.resource.NodeInventory;
import io.meridian.server.resource.NodeSummary;
import io.meridian.server.scheduling.Placement;
import io.meridian.server.scheduling.ScheduledWorkload;
import io.meridian.server.scheduling.SchedulingReason;
import io.meridian.server.scheduling.WorkloadAdmitted;
import io.meridian.server.scheduling.WorkloadPreempted;
import io.meridian.server.scheduling.WorkloadStatus;
import io.meridian.server.scheduling.internal.WorkloadRepository.Borrowing;
import io.meridian.server.scheduling.internal.WorkloadRepository.Holding;
import io.meridian.server.scheduling.internal.WorkloadRepository.ReservationRow;
import io.meridian.server.settings.EffectiveLimits;
import io.meridian.server.settings.TenantLimits;
import io.meridian.server.settings.UserLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * One scheduling cycle of one cluster: rebuild the cluster state from the nodes and the persisted reservations, translate
 * every tenant's queues and quotas of the cluster, the user and tenant limits and the cluster's settings into the
 * library's admission terms ({@link LibraryTerms}), run the library once, and persist every decision in one transaction.
 * Every admission rule (stopped pools, default queues that share the cluster, borrowing within a tenant, fair sharing,
 * the cluster's scheduling policies and topology affinity) is the library's; this class only reads, translates and
 * stores. Events go out only after that transaction committed, so the runtime never launches on a placement that was
 * rolled back. User and tenant limits are one budget across clusters: what a user or tenant holds in the other clusters
 * counts against its limits here too.
 */
@Component
class ClusterCycle
{
    private static final Logger log = LoggerFactory.getLogger(ClusterCycle.class);

    private final WorkloadRepository workloads;
    private final NodeInventory nodes;
    private final ClusterDirectory clusters;
    private final CapacityPools pools;
    private final UserLimits userLimits;
    private final TenantLimits tenantLimits;
    private final QuotaUsage usage;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ClusterCycle(WorkloadRepository workloads, NodeInventory nodes, ClusterDirectory clusters, CapacityPools pools, UserLimits userLimits,
            TenantLimits tenantLimits, QuotaUsage usage, TransactionTemplate transactions, ApplicationEventPublisher events, Clock clock)
    {
        this.workloads = requireNonNull(workloads, "workloads is null");
        this.nodes = requireNonNull(nodes, "nodes is null");
        this.clusters = requireNonNull(clusters, "clusters is null");
        this.pools = requireNonNull(pools, "pools is null");
        this.userLimits = requireNonNull(userLimits, "userLimits is null");
        this.tenantLimits = requireNonNull(tenantLimits, "tenantLimits is null");
        this.usage = requireNonNull(usage, "usage is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.events = requireNonNull(events, "events is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    void run(String clusterId)
    {
        List<Object> published = transactions.execute(status -> decide(clusterId));
        for (Object event : requireNonNull(published, "published is null")) {
            try {
                events.publishEvent(event);
            }
            catch (RuntimeException e) {
                // The decision is committed; one failing listener must not keep the other events from going out.
                log.error("A listener failed on {}", event, e);
            }
        }
    }

    private List<Object> decide(String clusterId)
    {
        Map<String, NodeSummary> nodesById = nodes.schedulableNodes(clusterId).stream()
                .collect(Collectors.toMap(NodeSummary::id, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        List<Node> libraryNodes = nodesById.values().stream().map(LibraryTerms::node).toList();
        ClusterState state = rebuild(clusterId, libraryNodes, workloads.reservationsOfCluster(clusterId));

        List<ScheduledWorkload> active = workloads.activeInCluster(clusterId);
        Map<String, Long> seqs = workloads.submitSeqs(clusterId);
        Map<String, ScheduledWorkload> byId = active.stream().collect(Collectors.toMap(ScheduledWorkload::id, Function.identity()));
        Map<String, Map<String, Resources>> borrowed = new HashMap<>();
        for (Borrowing borrowing : workloads.borrowingsOfCluster(clusterId)) {
            borrowed.computeIfAbsent(borrowing.workloadId(), ignored -> new HashMap<>())
                    .put(borrowing.lenderPoolId(), new Resources(borrowing.cpuMilli(), borrowing.memoryMib(), borrowing.gpuMilli()));
        }
        List<RunningWorkload> running = new ArrayList<>();
        List<Workload> pending = new ArrayList<>();
        for (ScheduledWorkload workload : active) {
            Workload library = LibraryTerms.workload(workload, submitSeq(seqs, workload));
            if (workload.status() == WorkloadStatus.ADMITTED) {
                running.add(new RunningWorkload(library, borrowed.getOrDefault(workload.id(), Map.of())));
            }
            else {
                pending.add(library);
            }
        }
        if (pending.isEmpty()) {
            return List.of();
        }
        List<CapacityPool> clusterPools = pools.ofCluster(clusterId);
        Map<String, CapacityPool> poolsById = clusterPools.stream().collect(Collectors.toMap(CapacityPool::id, Function.identity()));
        HeldElsewhere elsewhere = heldElsewhere(clusterId);
        ClusterSettings settings = clusters.findForSystem(clusterId).map(LibraryTerms::settings).orElse(ClusterSettings.DEFAULT);
        AdmissionConfig config = new AdmissionConfig(
                clusterPools.stream().filter(pool -> pool.kind() == PoolKind.QUEUE).map(LibraryTerms::queue).toList(),
                clusterPools.stream().filter(pool -> pool.kind() == PoolKind.QUOTA).map(LibraryTerms::quota).toList(),
                LibraryTerms.total(libraryNodes), userLimits(active), tenantLimits(active), elsewhere.byUser(), elsewhere.byTenant(), settings);
        // A fixed seed: the same inputs give the same placements, which keeps decisions explainable.
        Scheduler scheduler = new Scheduler(config, new Random(1));
        Instant now = clock.instant();
        List<Object> published = new ArrayList<>();
        for (Decision decision : scheduler.schedule(state, running, pending)) {
            ScheduledWorkload workload = byId.get(decision.workload().id());
            switch (decision) {
                case Decision.Admitted admitted -> admit(workload, admitted, nodesById, poolsById, clusterId, now).ifPresent(published::add);
                case Decision.Waiting waiting -> restate(workload, LibraryTerms.reason(waiting.reason()));
                case Decision.Rejected rejected -> reject(workload, LibraryTerms.reason(rejected.reason()), poolsById, now);
                case Decision.Preempting preempting -> {
                    restate(workload, LibraryTerms.reason(preempting.reason()));
                    for (Decision.Victim victim : preempting.victims()) {
                        preempt(byId.get(victim.workloadId()), LibraryTerms.reason(victim.reason()), state, poolsById, now).ifPresent(published::add);
                    }
                }
            }
        }
        return published;
    }

    /** A workload submitted after the sequences were read counts as the newest. */
    private static long submitSeq(Map<String, Long> seqs, ScheduledWorkload workload)
    {
        return seqs.getOrDefault(workload.id(), Long.MAX_VALUE);
    }

    /**
     * The library's rebuild, tolerant of what changed underneath: reservations on nodes that no longer take work (cordoned,
     * not ready, unbound) stay in the database and keep counting against their pools, but are not part of the placement
     * state; a workload whose reservations no longer fit (a node shrank) is left out of it, loudly.
     */
    private static ClusterState rebuild(String clusterId, List<Node> nodes, List<ReservationRow> rows)
    {
        Set<String> nodeIds = nodes.stream().map(Node::id).collect(Collectors.toSet());
        List<Reservation> persisted = rows.stream()
                .filter(row -> nodeIds.contains(row.nodeId()))
                .map(ClusterCycle::reservation)
                .toList();
        try {
            return ClusterState.rebuild(nodes, persisted);
        }
        catch (RuntimeException e) {
            log.warn("Reservations of cluster {} do not fit its nodes any more ({}); rebuilding workload by workload", clusterId, e.getMessage());
        }
        ClusterState state = ClusterState.of(nodes);
        Map<String, List<Reservation>> byWorkload = persisted.stream()
                .collect(Collectors.groupingBy(Reservation::workloadId, LinkedHashMap::new, Collectors.toList()));
        byWorkload.forEach((workloadId, gang) -> {
            try {
                state.reserve(gang);
            }
            catch (RuntimeException e) {
                log.warn("Workload {} on cluster {} is left out of the placement state: {}", workloadId, clusterId, e.getMessage());
            }
        });
        return state;
    }

    static Reservation reservation(ReservationRow row)
    {
        return new Reservation(row.workloadId(), row.role(), row.index(), row.nodeId(), row.devices(), row.gpuMilliPerDevice(),
                row.gpuMemoryMibPerDevice(), row.cpuMilli(), row.memoryMib());
    }

    /** What each user (user ids are unique across tenants) and each tenant holds in the other clusters. */
    private record HeldElsewhere(Map<String, Held> byUser, Map<String, Held> byTenant) {}

    /**
     * What the users and tenants with work waiting here hold in the other clusters, counted as the library counts its running
     * workloads (cores rounded up per workload). The loop decides the clusters one after another on its one thread, each in a
     * transaction of its own that commits before the next cluster's cycle starts, so this read includes what earlier cycles
     * of the same pass admitted: two clusters never both spend the last of one budget.
     */
    private HeldElsewhere heldElsewhere(String clusterId)
    {
        Map<String, Held> byUser = new HashMap<>();
        Map<String, Held> byTenant = new HashMap<>();
        for (Holding holding : workloads.holdingsOutsideCluster(clusterId)) {
            Held held = new Held(holding.cards(), LibraryTerms.ceilDiv(holding.cpuMilli(), LibraryTerms.MILLI));
            byUser.merge(holding.userId(), held, Held::plus);
            byTenant.merge(holding.tenantId(), held, Held::plus);
        }
        return new HeldElsewhere(byUser, byTenant);
    }

    /** Every tenant with work here that has a limit set; a tenant the operator set no limit for is unlimited. */
    private Map<String, Limit> tenantLimits(List<ScheduledWorkload> work)
    {
        Map<String, Limit> limits = new HashMap<>();
        for (String tenantId : work.stream().map(ScheduledWorkload::tenantId).collect(Collectors.toSet())) {
            tenantLimits.limitsOf(tenantId).ifPresent(limit -> limits.put(tenantId, new Limit(limit.maxConcurrentCards(), limit.maxCpuCores())));
        }
        return limits;
    }

    /** Each user's effective limits (user ids are unique across tenants). */
    private Map<String, Limit> userLimits(List<ScheduledWorkload> work)
    {
        Map<String, Limit> limits = new HashMap<>();
        for (ScheduledWorkload workload : work) {
            limits.computeIfAbsent(workload.userId(), userId -> {
                EffectiveLimits effective = userLimits.effectiveLimits(workload.tenantId(), userId);
                return new Limit(effective.maxConcurrentCards(), effective.maxCpuCores());
            });
        }
        return limits;
    }

    private Optional<Object> admit(ScheduledWorkload workload, Decision.Admitted admitted, Map<String, NodeSummary> nodesById,
            Map<String, CapacityPool> poolsById, String clusterId, Instant now)
    {
        List<ReservationRow> rows = admitted.reservations().stream()
                .map(reservation -> {
                    NodeSummary node = nodesById.get(reservation.nodeId());
                    return new ReservationRow(workload.id(), workload.tenantId(), reservation.group(), reservation.instance(), reservation.nodeId(),
                            node.name(), reservation.devices(), reservation.devices().isEmpty() ? "" : node.deviceModel(),
                            reservation.devices().isEmpty() ? null : node.vendor(), reservation.gpuMilliPerDevice(),
                            reservation.gpuMemoryMibPerDevice(), reservation.cpuMilli(), reservation.memoryMib());
                })
                .toList();
        List<Borrowing> borrowings = admitted.borrowed().entrySet().stream()
                .map(entry -> new Borrowing(workload.id(), entry.getKey(), entry.getValue().cpuMilli(), entry.getValue().memoryMib(),
                        entry.getValue().gpuMilli()))
                .toList();
        if (!workloads.admit(workload.id(), workload.version(), rows, borrowings, clusterId, now)) {
            // Released or re-prioritised since this cycle read it; the next cycle decides again from the database.
            return Optional.empty();
        }
        if (poolsById.containsKey(workload.poolId())) {
            usage.recordAdmitted(workload.poolId(), workload.id(), LibraryTerms.usage(admitted.workload()));
        }
        List<Placement> placements = rows.stream().map(ReservationRow::placement).toList();
        return Optional.of(new WorkloadAdmitted(workload.id(), workload.tenantId(), workload.ownerRef(), placements));
    }

    private void restate(ScheduledWorkload workload, SchedulingReason reason)
    {
        if (!reason.equals(workload.reason())) {
            workloads.updateReason(workload.id(), reason);
        }
    }

    private void reject(ScheduledWorkload workload, SchedulingReason reason, Map<String, CapacityPool> poolsById, Instant now)
    {
        if (workloads.finish(workload.id(), WorkloadStatus.PENDING, WorkloadStatus.REJECTED, reason, now) && poolsById.containsKey(workload.poolId())) {
            usage.recordReleased(workload.poolId(), workload.id());
        }
    }

    private Optional<Object> preempt(ScheduledWorkload victim, SchedulingReason reason, ClusterState state, Map<String, CapacityPool> poolsById,
            Instant now)
    {
        if (victim == null || !workloads.finish(victim.id(), WorkloadStatus.ADMITTED, WorkloadStatus.PREEMPTED, reason, now)) {
            return Optional.empty();
        }
        state.release(victim.id());
        if (poolsById.containsKey(victim.poolId())) {
            usage.recordReleased(victim.poolId(), victim.id());
        }
        return Optional.of(new WorkloadPreempted(victim.id(), victim.tenantId(), victim.ownerRef(), reason));
    }
}
