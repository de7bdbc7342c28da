package io.meridian.server.overview.internal;

import io.meridian.server.iam.MembershipDirectory;
import io.meridian.server.iam.UserDirectory;
import io.meridian.server.iam.WorkspaceMembership;
import io.meridian.server.platform.security.CurrentPrincipal;
import io.meridian.server.platform.security.Principal;
import io.meridian.server.quota.CapacityPool;
import io.meridian.server.quota.CapacityPools;
import io.meridian.server.quota.PoolKind;
import io.meridian.server.resource.ClusterDirectory;
import io.meridian.server.resource.ClusterSummary;
import io.meridian.server.resource.NodeInventory;
import io.meridian.server.resource.NodeSummary;
import io.meridian.server.runtime.RunActivity;
import io.meridian.server.runtime.RunKind;
import io.meridian.server.runtime.RunStatus;
import io.meridian.server.runtime.WorkloadRuns;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The overview page (概览), composed from the features' public interfaces: what runs and what waits in the caller's
 * workspaces, how busy the cards are now and over the last day, the newest runs, and what the caller can see of
 * workspaces, users, clusters, schedulable nodes and cards, queues and quotas.
 */
@RestController
@RequestMapping("/api/v1/overview")
class OverviewController
{
    private final MembershipDirectory memberships;
    private final UserDirectory users;
    private final ClusterDirectory clusters;
    private final NodeInventory nodes;
    private final CapacityPools pools;
    private final WorkloadRuns runs;
    private final Clock clock;

    OverviewController(MembershipDirectory memberships, UserDirectory users, ClusterDirectory clusters, NodeInventory nodes, CapacityPools pools, WorkloadRuns runs,
            Clock clock)
    {
        this.runs = requireNonNull(runs, "runs is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.memberships = requireNonNull(memberships, "memberships is null");
        this.users = requireNonNull(users, "users is null");
        this.clusters = requireNonNull(clusters, "clusters is null");
        this.nodes = requireNonNull(nodes, "nodes is null");
        this.pools = requireNonNull(pools, "pools is null");
    }

    /**
     * {@code virtualCards} counts cards that are declared capacity (the embedded default's virtual nodes), so the
     * console never presents them as real hardware.
     */
    record Overview(int workspaces, long users, int clusters, int schedulableNodes, int cards, int virtualCards, int queues, int quotas, Work work) {}

    /**
     * The caller's workspaces' work: {@code cardsInUse} of {@code cards} (the overview's), {@code utilization} their share
     * in percent (null without cards), {@code cardTrend} the cards held at each hour of the last day.
     */
    record Work(int running, int queued, int cardsInUse, Double utilization, List<RunActivity.CardPoint> cardTrend, List<RecentRun> recent) {}

    /** {@code kind} {@code TRAINING} or {@code JOB}; {@code sourceId} the training task of a run. */
    record RecentRun(String id, String name, RunKind kind, String sourceId, String workspaceId, RunStatus status, Instant createdAt, Instant finishedAt) {}

    private static final int RECENT = 8;

    @GetMapping
    Overview overview()
    {
        Principal caller = CurrentPrincipal.get();
        List<ClusterSummary> visible = clusters.visibleClusters(caller);
        List<NodeSummary> schedulable = visible.stream().flatMap(cluster -> nodes.schedulableNodes(cluster.id()).stream()).toList();
        List<CapacityPool> ownPools = visible.stream()
                .flatMap(cluster -> pools.ofCluster(cluster.id()).stream())
                .filter(pool -> pool.tenantId().equals(caller.tenantId()))
                .toList();
        List<WorkspaceMembership> workspaces = memberships.workspacesOf(caller);
        int cards = schedulable.stream().mapToInt(NodeSummary::deviceCount).sum();
        RunActivity activity = runs.activity(caller.tenantId(), workspaces.stream().map(WorkspaceMembership::id).toList(), clock.instant(), RECENT);
        Work work = new Work(activity.running(), activity.queued(), activity.cardsInUse(),
                cards == 0 ? null : Math.round(1000.0 * activity.cardsInUse() / cards) / 10.0, activity.cardTrend(),
                activity.recent().stream()
                        .map(run -> new RecentRun(run.id(), run.name(), run.kind(), run.source().id(), run.workspaceId(), run.status(), run.times().createdAt(),
                                run.times().finishedAt()))
                        .toList());
        return new Overview(
                workspaces.size(),
                users.count(caller.tenantId()),
                visible.size(),
                schedulable.size(),
                cards,
                schedulable.stream().filter(NodeSummary::virtualDevices).mapToInt(NodeSummary::deviceCount).sum(),
                (int) ownPools.stream().filter(pool -> pool.kind() == PoolKind.QUEUE).count(),
                (int) ownPools.stream().filter(pool -> pool.kind() == PoolKind.QUOTA).count(),
                work);
    }
}
