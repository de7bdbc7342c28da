package io.meridian.server.training.internal;

import io.meridian.server.quota.CapacityPool;
import io.meridian.server.quota.CapacityPools;
import io.meridian.server.quota.WorkloadType;
import io.meridian.server.resource.ClusterDirectory;
import io.meridian.server.resource.Flavor;
import io.meridian.server.resource.NodeInventory;
import io.meridian.server.resource.NodeSummary;
import io.meridian.server.scheduling.InstanceGroupRequest;
import io.meridian.server.scheduling.Placement;
import io.meridian.server.scheduling.ScheduledWorkload;
import io.meridian.server.scheduling.SchedulingReason;
import io.meridian.server.scheduling.TopologyPreference;
import io.meridian.server.scheduling.WorkloadRequest;
import io.meridian.server.scheduling.WorkloadScheduler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static java.util.Objects.requireNonNull;

/**
 * How a run gets its resources: its gang (master/chief, workers, parameter servers, each of its role's flavor) is submitted
 * to the {@link WorkloadScheduler}, which admits it against the task's queue or quota and places every instance on a
 * node and its cards. The reconciler asks, level-triggered, where the workload stands.
 * <p>
 * While this server has no {@link WorkloadScheduler} bean (the scheduling feature is being wired), runs are admitted
 * at once and placed round-robin on the cluster's schedulable nodes of the flavor's device model, without capacity
 * accounting; {@link #isInterim()} says so and the run's events repeat it.
 */
@Component
class RunAdmission
{
    static final String OWNER_PREFIX = "training-run:";

    private final ObjectProvider<WorkloadScheduler> scheduler;
    private final NodeInventory nodes;
    private final ClusterDirectory clusters;
    private final CapacityPools pools;

    RunAdmission(ObjectProvider<WorkloadScheduler> scheduler, NodeInventory nodes, ClusterDirectory clusters, CapacityPools pools)
    {
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.nodes = requireNonNull(nodes, "nodes is null");
        this.clusters = requireNonNull(clusters, "clusters is null");
        this.pools = requireNonNull(pools, "pools is null");
    }

    /** Where a submitted workload stands. */
    sealed interface Standing
    {
        /** Waits for resources; {@code reason} says why, or is empty. */
        record Waiting(String reason)
                implements Standing {}

        record Admitted(List<Placement> placements)
                implements Standing {}

        /**
         * A lender quota took back the capacity the workload borrowed: the run waits again. {@code lender} is the quota's
         * name and {@code preemptor} the name of the workload that needed the capacity (ids when they cannot be resolved).
         */
        record Preempted(String lender, String preemptor)
                implements Standing {}

        /** Rejected or released by the scheduler: the run cannot (go on) run. */
        record Ended(String reason)
                implements Standing {}
    }

    boolean isInterim()
    {
        return scheduler.getIfAvailable() == null;
    }

    /** Submits the run's gang; returns the scheduler's workload id. Refusals (pool stopped, not associated…) are ApiExceptions. */
    String submit(RunRecord run)
    {
        WorkloadScheduler workloads = scheduler.getIfAvailable();
        if (workloads == null) {
            return "interim-" + run.id();
        }
        TaskDefinition definition = run.definition();
        WorkloadRequest request = new WorkloadRequest(run.tenantId(), run.workspaceId(), run.ownerId(), definition.clusterId(), definition.poolId(),
                WorkloadType.TRAINING, OWNER_PREFIX + run.id(), run.taskName(), WorkloadRequest.DEFAULT_PRIORITY, groups(definition),
                definition.nodes() > 1 ? TopologyPreference.PREFER_SAME_SWITCH : TopologyPreference.NONE);
        return workloads.submit(request).id();
    }

    Standing standing(RunRecord run)
    {
        WorkloadScheduler workloads = scheduler.getIfAvailable();
        if (workloads == null) {
            return interimPlacement(run);
        }
        Optional<ScheduledWorkload> workload = workloads.find(run.tenantId(), run.workloadId());
        if (workload.isEmpty()) {
            return new Standing.Ended("the scheduler no longer knows workload " + run.workloadId());
        }
        ScheduledWorkload found = workload.get();
        return switch (found.status()) {
            case PENDING -> new Standing.Waiting(found.reason() == null ? "" : found.reason().code());
            case ADMITTED -> new Standing.Admitted(found.placements());
            case PREEMPTED -> preempted(run, found.reason(), workloads);
            case REJECTED, RELEASED -> new Standing.Ended(found.status().name().toLowerCase(Locale.ROOT)
                    + (found.reason() == null ? "" : ": " + found.reason().code() + (found.reason().detail().isEmpty() ? "" : " " + found.reason().detail())));
        };
    }

    private Standing preempted(RunRecord run, SchedulingReason reason, WorkloadScheduler workloads)
    {
        if (reason == null) {
            return new Standing.Preempted("", "");
        }
        // names, not ids: the event is read by people, and the names are kept even if the quota or workload goes away later
        String lender = reason.poolId().isEmpty() ? "" : pools.find(reason.poolId()).map(CapacityPool::name).orElse(reason.poolId());
        String preemptor = reason.detail().isEmpty() ? "" : workloads.find(run.tenantId(), reason.detail()).map(ScheduledWorkload::name).orElse(reason.detail());
        return new Standing.Preempted(lender, preemptor);
    }

    /** The run no longer needs its resources (it ended, was stopped, or waits no more). Idempotent. */
    void release(RunRecord run)
    {
        WorkloadScheduler workloads = scheduler.getIfAvailable();
        if (workloads != null && run.workloadId() != null) {
            workloads.release(run.workloadId());
        }
    }

    /**
     * The first of {@code nodeNames} (names or ids, as placements give them) that is bound to the run's cluster and no longer
     * READY (cordoned or not ready): a node fault under the run's instances. Nodes the cluster no longer has are not looked at.
     * {@code boundNodes} caches each cluster's nodes for the caller's pass.
     */
    Optional<NodeSummary> faultyNode(RunRecord run, List<String> nodeNames, Map<String, List<NodeSummary>> boundNodes)
    {
        return boundNodes.computeIfAbsent(run.definition().clusterId(), nodes::boundNodes).stream()
                .filter(node -> nodeNames.contains(node.name()) || nodeNames.contains(node.id()))
                .filter(node -> !node.status().equals("READY"))
                .findFirst();
    }

    /**
     * Takes the node (name or id) under a failed instance out of scheduling, the fault being the node's (001-A §6.8); true
     * if this call cordoned it, false if it already was not READY or is not in the run's cluster.
     */
    boolean cordonForFault(RunRecord run, String node, String reason)
    {
        return nodes.cordonForFault(run.definition().clusterId(), node, reason);
    }

    /**
     * The replica groups of a run, in rank order: the coordinator (master or chief) first. Each group has its role's flavor
     * (TensorFlow PS: parameter servers, chief and evaluator may have their own; the workers' flavor otherwise).
     */
    static List<InstanceGroupRequest> groups(TaskDefinition definition)
    {
        List<InstanceGroupRequest> groups = new ArrayList<>();
        String coordinator = definition.mode() == TrainingMode.PS ? "chief" : "master";
        groups.add(group(definition, coordinator, 1));
        if (definition.nodes() > 1) {
            groups.add(group(definition, "worker", definition.nodes() - 1));
        }
        if (definition.parameterServers() > 0) {
            groups.add(group(definition, "ps", definition.parameterServers()));
        }
        if (definition.evaluators() > 0) {
            groups.add(group(definition, "evaluator", definition.evaluators()));
        }
        return List.copyOf(groups);
    }

    private static InstanceGroupRequest group(TaskDefinition definition, String role, int count)
    {
        return InstanceGroupRequest.ofFlavor(role, count, definition.flavorOf(role));
    }

    private Standing interimPlacement(RunRecord run)
    {
        TaskDefinition definition = run.definition();
        List<NodeSummary> schedulable = nodes.schedulableNodes(definition.clusterId());
        List<Placement> placements = new ArrayList<>();
        int slot = 0;
        for (InstanceGroupRequest group : groups(definition)) {
            Optional<Flavor> flavor = clusters.flavor(definition.clusterId(), group.flavorName());
            if (flavor.isEmpty()) {
                return new Standing.Ended("the cluster has no flavor " + group.flavorName() + " any more");
            }
            List<NodeSummary> candidates = schedulable.stream()
                    .filter(node -> flavor.get().deviceModel() == null || flavor.get().deviceModel().equals(node.deviceModel()))
                    .filter(node -> node.deviceCount() >= flavor.get().cards())
                    .toList();
            if (candidates.isEmpty()) {
                return new Standing.Waiting("no schedulable node for " + group.flavorName());
            }
            for (int index = 0; index < group.count(); index++, slot++) {
                NodeSummary node = candidates.get(slot % candidates.size());
                List<Integer> devices = IntStream.range(0, flavor.get().cards()).boxed().toList();
                placements.add(new Placement(group.role() + "-" + index, group.role(), index, node.id(), node.name(), devices,
                        flavor.get().deviceModel(), null, 0, flavor.get().cpuCores() * 1000L, flavor.get().memoryGiB() * 1024L));
            }
        }
        return new Standing.Admitted(placements);
    }

}
