package io.meridian.server.runtime.internal;

import io.meridian.executor.distributed.ReplicaRole;
import io.meridian.server.quota.CapacityPool;
import io.meridian.server.quota.CapacityPools;
import io.meridian.server.resource.NodeInventory;
import io.meridian.server.resource.NodeStatus;
import io.meridian.server.resource.NodeSummary;
import io.meridian.server.runtime.GangSpec;
import io.meridian.server.runtime.InstanceRecord;
import io.meridian.server.runtime.RunEvent;
import io.meridian.server.runtime.RunRecord;
import io.meridian.server.scheduling.InstanceGroupRequest;
import io.meridian.server.scheduling.Placement;
import io.meridian.server.scheduling.ScheduledWorkload;
import io.meridian.server.scheduling.SchedulingReason;
import io.meridian.server.scheduling.WorkloadRequest;
import io.meridian.server.scheduling.WorkloadScheduler;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * How a run gets its resources: its gang (each role's instances, of the role's flavor) is submitted to the
 * {@link WorkloadScheduler}, which admits it against the queue or quota and places every instance on a node and its
 * cards. The supervisor reads, once per pass for all runs, where their workloads stand.
 */
@Component
class GangAdmission
{
    /** The scheduler's owner reference of a run's workload: {@code <kind>-run:<run id>}, such as {@code training-run:tr-…}. */
    static String ownerRef(RunRecord run)
    {
        return run.kind().name().toLowerCase(Locale.ROOT) + "-run:" + run.id();
    }

    private final WorkloadScheduler scheduler;
    private final NodeInventory nodes;
    private final CapacityPools pools;

    GangAdmission(WorkloadScheduler scheduler, NodeInventory nodes, CapacityPools pools)
    {
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.nodes = requireNonNull(nodes, "nodes is null");
        this.pools = requireNonNull(pools, "pools is null");
    }

    /** Where a submitted workload stands. */
    sealed interface Standing
    {
        /** Waits for resources; the workload's reason says why (null when the scheduler has not said yet). */
        record Waiting(ScheduledWorkload workload)
                implements Standing
        {
            public SchedulingReason reason()
            {
                return workload.reason();
            }
        }

        record Admitted(List<Placement> placements)
                implements Standing {}

        /**
         * A lender quota took back the capacity the workload borrowed: the run waits again. {@code lender} is the quota's
         * name and {@code preemptor} the name of the workload that needed the capacity (ids when they cannot be resolved).
         */
        record Preempted(String lender, String preemptor)
                implements Standing {}

        /** Rejected or released by the scheduler: the run cannot (go on) run; {@code reason} is keyed text. */
        record Ended(String reason)
                implements Standing {}
    }

    /** Submits the run's gang; returns the scheduler's workload id. Refusals (pool stopped, not associated…) are ApiExceptions. */
    String submit(RunRecord run, GangSpec gang)
    {
        GangSpec.Target target = gang.target();
        List<InstanceGroupRequest> groups = gang.roles().stream()
                .map(group -> InstanceGroupRequest.ofFlavor(InstanceRecord.roleName(group.role()), group.count(), group.flavorName()))
                .toList();
        WorkloadRequest request = new WorkloadRequest(run.tenantId(), run.workspaceId(), run.ownerId(), target.clusterId(), target.poolId(),
                target.workloadType(), ownerRef(run), run.name(),
                WorkloadRequest.DEFAULT_PRIORITY, groups, target.topology());
        return scheduler.submit(request).id();
    }

    /** Where each of the runs' workloads stands, by run id: one read for all of them. */
    Map<String, Standing> standings(Collection<RunRecord> runs)
    {
        Map<String, ScheduledWorkload> workloads = scheduler.findAll(runs.stream().map(RunRecord::workloadId).filter(id -> id != null).toList());
        Map<String, Standing> standings = new HashMap<>();
        for (RunRecord run : runs) {
            if (run.workloadId() != null) {
                standings.put(run.id(), standing(run, Optional.ofNullable(workloads.get(run.workloadId()))));
            }
        }
        return standings;
    }

    private Standing standing(RunRecord run, Optional<ScheduledWorkload> workload)
    {
        if (workload.isEmpty() || !workload.get().tenantId().equals(run.tenantId())) {
            return new Standing.Ended(RunEvent.keyed("runtime.event.workload.unknown", run.workloadId()));
        }
        ScheduledWorkload found = workload.get();
        return switch (found.status()) {
            case PENDING -> new Standing.Waiting(found);
            case ADMITTED -> new Standing.Admitted(found.placements());
            case PREEMPTED -> preempted(run, found.reason());
            case REJECTED, RELEASED -> {
                // the scheduler's reason, names resolved now: "rejected: quota q can never hold this workload…"
                String status = "runtime.event.workload." + found.status().name().toLowerCase(Locale.ROOT);
                yield new Standing.Ended(scheduler.reasonText(found).map(reason -> RunEvent.keyed(status + "-because", reason)).orElse(RunEvent.keyed(status)));
            }
        };
    }

    private Standing preempted(RunRecord run, SchedulingReason reason)
    {
        if (reason == null) {
            return new Standing.Preempted("", "");
        }
        // names, not ids: the event is read by people, and the names are kept even if the quota or workload goes away later
        String lender = reason.poolId().isEmpty() ? "" : pools.find(reason.poolId()).map(CapacityPool::name).orElse(reason.poolId());
        String preemptor = reason.detail().isEmpty() ? "" : scheduler.find(run.tenantId(), reason.detail()).map(ScheduledWorkload::name).orElse(reason.detail());
        return new Standing.Preempted(lender, preemptor);
    }

    /**
     * Why the run waits, as stored text (keyed, names resolved now; rendered in the reader's language when read), empty
     * without a reason. Asked only when the reason changed: resolving names reads the pools and workloads.
     */
    String reasonText(Standing.Waiting waiting)
    {
        return scheduler.reasonText(waiting.workload()).orElse("");
    }

    /** The run no longer needs its resources (it ended, was stopped, or waits no more). Idempotent. */
    void release(RunRecord run)
    {
        if (run.workloadId() != null) {
            scheduler.release(run.workloadId());
        }
    }

    /**
     * The first of {@code nodeNames} (names or ids, as placements give them) that is bound to the cluster and no longer
     * READY (cordoned or not ready): a node fault under the run's instances. Nodes the cluster no longer has are not looked at.
     * {@code boundNodes} caches each cluster's nodes for the caller's pass.
     */
    Optional<NodeSummary> faultyNode(String clusterId, List<String> nodeNames, Map<String, List<NodeSummary>> boundNodes)
    {
        return boundNodes.computeIfAbsent(clusterId, nodes::boundNodes).stream()
                .filter(node -> nodeNames.contains(node.name()) || nodeNames.contains(node.id()))
                .filter(node -> node.status() != NodeStatus.READY)
                .findFirst();
    }

    /**
     * Takes the node (name or id) under a failed instance out of scheduling, the fault being the node's (001-A §6.8); true
     * if this call cordoned it, false if it already was not READY or is not in the cluster.
     */
    boolean cordonForFault(String clusterId, String node, String reason)
    {
        return nodes.cordonForFault(clusterId, node, reason);
    }

    /** The role of a placement, as the scheduler names it ({@code worker}). */
    static ReplicaRole role(Placement placement)
    {
        return ReplicaRole.valueOf(requireNonNull(placement.role(), "placement role is null").toUpperCase(Locale.ROOT));
    }
}
