package io.meridian.server.scheduling.internal;

import io.meridian.scheduler.admission.ClusterSettings;
import io.meridian.scheduler.admission.QueueSpec;
import io.meridian.scheduler.admission.QuotaSpec;
import io.meridian.scheduler.admission.SchedulingPolicy;
import io.meridian.scheduler.admission.WaitReason;
import io.meridian.scheduler.model.GpuRequest;
import io.meridian.scheduler.model.InstanceGroup;
import io.meridian.scheduler.model.Node;
import io.meridian.scheduler.model.Resources;
import io.meridian.scheduler.model.Taint;
import io.meridian.scheduler.model.Toleration;
import io.meridian.scheduler.model.TopologyPolicy;
import io.meridian.scheduler.model.Workload;
import io.meridian.scheduler.queue.QueueingStrategy;
import io.meridian.server.quota.CapacityPool;
import io.meridian.server.quota.PoolStatus;
import io.meridian.server.quota.WorkloadType;
import io.meridian.server.resource.ClusterSummary;
import io.meridian.server.resource.NodeSummary;
import io.meridian.server.resource.PlacementPolicy;
import io.meridian.server.scheduling.InstanceGroupRequest;
import io.meridian.server.scheduling.ReasonCode;
import io.meridian.server.scheduling.ScheduledWorkload;
import io.meridian.server.scheduling.SchedulingReason;
import io.meridian.server.scheduling.TopologyPreference;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Translates between the server's records and the scheduler library's model, and nothing more: every admission rule is
 * the library's. The library counts CPU in milli-cores, memory in MiB and GPU in milli-cards; the quota feature counts
 * whole cards, cores and GiB.
 */
final class LibraryTerms
{
    static final long MIB_PER_GIB = 1024;
    static final long MILLI = 1000;

    private LibraryTerms() {}

    static Workload workload(ScheduledWorkload workload, long submitSeq)
    {
        List<InstanceGroup> groups = workload.groups().stream().map(LibraryTerms::group).toList();
        return new Workload(workload.id(), workload.tenantId(), workload.userId(), workloadType(workload.workloadType()), workload.poolId(),
                workload.priority(), submitSeq, groups, topology(workload.topology()));
    }

    static InstanceGroup group(InstanceGroupRequest group)
    {
        // A shared-card flavor (eGPU) resolves to gpuCards shares; an explicit shape to a share of one card.
        GpuRequest gpu = group.sharedMilli() > 0
                ? GpuRequest.shared(Math.max(1, group.gpuCards()), group.sharedMilli(), group.gpuMemoryMib(), group.deviceModels())
                : GpuRequest.wholeCards(group.gpuCards(), group.deviceModels());
        return new InstanceGroup(group.role(), group.count(), group.cpuMilli(), group.memoryMib(), gpu, group.nodeSelector(),
                group.tolerations().stream().map(LibraryTerms::toleration).toList());
    }

    /** {@code key} tolerates any value of the key, {@code key=value} exactly that value. */
    static Toleration toleration(String text)
    {
        int equals = text.indexOf('=');
        return equals < 0 ? Toleration.exists(text.trim()) : new Toleration(text.substring(0, equals).trim(), text.substring(equals + 1).trim());
    }

    /** Taints as the resource feature writes them: {@code key=value:effect}, {@code key:effect} or {@code key=value}. */
    static Taint taint(String text)
    {
        String effect = null;
        String rest = text;
        int colon = text.lastIndexOf(':');
        if (colon >= 0) {
            effect = text.substring(colon + 1);
            rest = text.substring(0, colon);
        }
        int equals = rest.indexOf('=');
        return equals < 0 ? new Taint(rest, "", effect) : new Taint(rest.substring(0, equals), rest.substring(equals + 1), effect);
    }

    static Node node(NodeSummary node)
    {
        List<Taint> taints = new ArrayList<>();
        node.taints().forEach(text -> taints.add(taint(text)));
        return new Node(node.id(), node.cpuCores() * MILLI, node.memoryGiB() * MIB_PER_GIB, node.deviceCount(), node.deviceModel(),
                node.deviceMemoryGiB() * MIB_PER_GIB, node.labels(),
                taints, node.zoneId(), node.leafSwitch(), true);
    }

    /** The cluster's schedulable total: what a default queue that shares the cluster holds. */
    static Resources total(List<Node> nodes)
    {
        Resources total = Resources.ZERO;
        for (Node node : nodes) {
            total = total.plus(new Resources(node.cpuMilli(), node.memoryMib(), node.gpuCount() * MILLI));
        }
        return total;
    }

    /** A queue; a tenant's default queue on a shared default cluster owns no share and holds the whole cluster. */
    static QueueSpec queue(CapacityPool pool)
    {
        Set<io.meridian.scheduler.model.WorkloadType> types = pool.workloadTypes().stream().map(LibraryTerms::workloadType).collect(Collectors.toSet());
        boolean stopped = pool.status() == PoolStatus.STOPPED;
        return pool.isDefault()
                ? QueueSpec.sharedCluster(pool.id(), pool.tenantId(), types, stopped)
                : new QueueSpec(pool.id(), pool.tenantId(), resources(pool.capacity()), 1, false, types, stopped, QueueingStrategy.STRICT_FIFO);
    }

    /** A quota; its scheduling policy 先进先出 is strict FIFO, and best-effort FIFO is Kueue's BestEffortFIFO. */
    static QuotaSpec quota(CapacityPool pool)
    {
        QueueingStrategy strategy = switch (pool.schedulingPolicy()) {
            case FIFO -> QueueingStrategy.STRICT_FIFO;
            case BEST_EFFORT_FIFO -> QueueingStrategy.BEST_EFFORT_FIFO;
            case null -> QueueingStrategy.STRICT_FIFO;
        };
        return new QuotaSpec(pool.id(), pool.tenantId(), resources(pool.capacity()), 1, pool.weight() == null ? 1 : pool.weight(), pool.borrowIdle(),
                pool.exclusive(), pool.status() == PoolStatus.STOPPED, strategy);
    }

    /**
     * The cluster's settings: its placement policy (binpack or spread), its scheduling policies (DRF, Binpack, Gang) and its
     * network-topology affinity (multi-node gangs prefer one leaf switch; without it they go wherever placement puts them,
     * unless a gang requires one switch itself). Preemption is always on.
     */
    static ClusterSettings settings(ClusterSummary cluster)
    {
        Set<SchedulingPolicy> policies = EnumSet.noneOf(SchedulingPolicy.class);
        policies.add(cluster.placementPolicy() == PlacementPolicy.SPREAD ? SchedulingPolicy.SPREAD : SchedulingPolicy.BINPACK);
        for (io.meridian.server.resource.SchedulingPolicy policy : cluster.schedulingPolicies()) {
            policies.add(switch (policy) {
                case DRF -> SchedulingPolicy.DRF;
                case BINPACK -> SchedulingPolicy.BINPACK;
                case GANG -> SchedulingPolicy.GANG;
            });
        }
        return new ClusterSettings(policies, cluster.networkTopologyAffinity() ? TopologyPolicy.PREFER_SAME_SWITCH : TopologyPolicy.NONE, true);
    }

    static Resources resources(io.meridian.server.quota.Resources amount)
    {
        return new Resources(amount.cpuCores() * MILLI, amount.memoryGiB() * MIB_PER_GIB, amount.cards() * MILLI);
    }

    static io.meridian.server.quota.Resources usage(ScheduledWorkload workload)
    {
        // The submit time plays no part in the amounts.
        return usage(workload(workload, 0));
    }

    /** What the quota feature records for a workload: cards (a shared card counts as one), cores and GiB, rounded up. */
    static io.meridian.server.quota.Resources usage(Workload workload)
    {
        Resources total = workload.totalResources();
        return new io.meridian.server.quota.Resources(Math.toIntExact(workload.totalCards()), Math.toIntExact(ceilDiv(total.cpuMilli(), MILLI)),
                ceilDiv(total.memoryMib(), MIB_PER_GIB));
    }

    static io.meridian.scheduler.model.WorkloadType workloadType(WorkloadType type)
    {
        return switch (type) {
            case TRAINING -> io.meridian.scheduler.model.WorkloadType.TRAINING;
            case FINE_TUNING -> io.meridian.scheduler.model.WorkloadType.FINE_TUNING;
            case ONLINE_SERVICE -> io.meridian.scheduler.model.WorkloadType.ONLINE_SERVICE;
            case IDE -> io.meridian.scheduler.model.WorkloadType.DEV_MACHINE;
            case EVALUATION -> io.meridian.scheduler.model.WorkloadType.EVALUATION;
            case DATA_PROCESSING -> io.meridian.scheduler.model.WorkloadType.DATA_PROCESSING;
        };
    }

    static TopologyPolicy topology(TopologyPreference preference)
    {
        return switch (preference) {
            case NONE -> TopologyPolicy.NONE;
            case PREFER_SAME_SWITCH -> TopologyPolicy.PREFER_SAME_SWITCH;
            case REQUIRE_SAME_SWITCH -> TopologyPolicy.REQUIRE_SAME_SWITCH;
            case REQUIRE_SAME_ZONE -> TopologyPolicy.REQUIRE_SAME_ZONE;
        };
    }

    static SchedulingReason reason(WaitReason reason)
    {
        return new SchedulingReason(code(reason.code()), reason.pool(), reason.resource(), reason.requested(), reason.available(), reason.position(),
                reason.blockedBy(), reason.detail());
    }

    static ReasonCode code(io.meridian.scheduler.admission.ReasonCode code)
    {
        return switch (code) {
            case UNKNOWN_POOL -> ReasonCode.UNKNOWN_POOL;
            case QUEUE_STOPPED -> ReasonCode.QUEUE_STOPPED;
            case QUOTA_STOPPED -> ReasonCode.QUOTA_STOPPED;
            case WORKLOAD_TYPE_NOT_ALLOWED -> ReasonCode.WORKLOAD_TYPE_NOT_ALLOWED;
            case LARGER_THAN_POOL -> ReasonCode.LARGER_THAN_POOL;
            case QUEUE_CAPACITY_SHORT -> ReasonCode.QUEUE_CAPACITY_SHORT;
            case QUOTA_SHORT -> ReasonCode.QUOTA_SHORT;
            case QUOTA_SHORT_BORROW_EXHAUSTED -> ReasonCode.QUOTA_SHORT_BORROW_EXHAUSTED;
            case WAITING_FOR_PREEMPTION -> ReasonCode.WAITING_FOR_PREEMPTION;
            case USER_CARD_LIMIT -> ReasonCode.USER_CARD_LIMIT;
            case USER_CPU_LIMIT -> ReasonCode.USER_CPU_LIMIT;
            case TENANT_CARD_LIMIT -> ReasonCode.TENANT_CARD_LIMIT;
            case TENANT_CPU_LIMIT -> ReasonCode.TENANT_CPU_LIMIT;
            case BLOCKED_BY_HEAD -> ReasonCode.BLOCKED_BY_HEAD;
            case NO_NODE_FITS -> ReasonCode.NO_NODE_FITS;
            case BLOCKED_BY_GANG -> ReasonCode.BLOCKED_BY_GANG;
            case PREEMPTED_BY_LENDER -> ReasonCode.PREEMPTED_BY_LENDER;
            case PREEMPTED_FOR_FAIR_SHARING -> ReasonCode.PREEMPTED_FOR_FAIR_SHARING;
        };
    }

    static long ceilDiv(long value, long divisor)
    {
        return (value + divisor - 1) / divisor;
    }
}
