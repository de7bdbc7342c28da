package io.meridian.server.scheduling.internal;

import io.meridian.server.platform.security.Principal;
import io.meridian.server.resource.ClusterDirectory;
import io.meridian.server.resource.NodeInventory;
import io.meridian.server.resource.NodeStatus;
import io.meridian.server.resource.NodeSummary;
import io.meridian.server.scheduling.ScheduledWorkload;
import io.meridian.server.scheduling.internal.WorkloadRepository.ReservationRow;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * 调度中心 (001-B §3.4): what every bound node and card of a cluster holds, from the reservations the scheduler persisted.
 * Unlike the scheduling loop it sees the nodes that take no new work too: the cards of a not-ready node are faulty (异常),
 * those of a cordoned node or of a node with a {@code NoSchedule}/{@code NoExecute} taint are tainted. On a shared
 * default cluster other tenants' work shows as occupied without naming it.
 */
@Component
class ClusterOccupancy
{
    private static final Set<String> REPELLING_EFFECTS = Set.of("NoSchedule", "NoExecute");

    enum CardState
    {
        IDLE, OCCUPIED, TAINTED, FAULTY
    }

    record CardHolder(String workloadId, String workloadName, String instanceName, int milli, boolean otherTenant) {}

    record CardOccupancy(int index, CardState state, int usedMilli, List<CardHolder> holders) {}

    record NodeOccupancy(
            String nodeId,
            String name,
            NodeStatus status,
            String zoneId,
            String leafSwitch,
            String deviceModel,
            Map<String, String> labels,
            List<String> taints,
            int cpuCores,
            int memoryGiB,
            long usedCpuMilli,
            long usedMemoryMib,
            int usedCards,
            int idleCards,
            List<CardOccupancy> cards) {}

    record ClusterStatistics(
            String clusterId,
            int totalNodes,
            int idleNodes,
            int taintedNodes,
            int abnormalCards,
            int maxIdleCardsOnOneNode,
            int totalCards,
            int usedCards,
            int idleCards) {}

    private final ClusterDirectory clusters;
    private final NodeInventory inventory;
    private final WorkloadRepository workloads;

    ClusterOccupancy(ClusterDirectory clusters, NodeInventory inventory, WorkloadRepository workloads)
    {
        this.clusters = requireNonNull(clusters, "clusters is null");
        this.inventory = requireNonNull(inventory, "inventory is null");
        this.workloads = requireNonNull(workloads, "workloads is null");
    }

    List<NodeOccupancy> nodes(Principal caller, String clusterId)
    {
        WorkloadService.requireIamAdmin(caller);
        clusters.require(caller, clusterId);
        List<ReservationRow> reservations = workloads.reservationsOfCluster(clusterId);
        Map<String, String> ownNames = workloads.activeInCluster(clusterId).stream()
                .filter(workload -> workload.tenantId().equals(caller.tenantId()))
                .collect(Collectors.toMap(ScheduledWorkload::id, ScheduledWorkload::name));
        Map<String, List<ReservationRow>> byNode = reservations.stream().collect(Collectors.groupingBy(ReservationRow::nodeId));
        List<NodeOccupancy> nodes = new ArrayList<>();
        for (NodeSummary node : inventory.boundNodes(clusterId)) {
            nodes.add(occupancy(caller, node, byNode.getOrDefault(node.id(), List.of()), ownNames));
        }
        return nodes;
    }

    ClusterStatistics statistics(Principal caller, String clusterId)
    {
        List<NodeOccupancy> nodes = nodes(caller, clusterId);
        int idleNodes = 0;
        int tainted = 0;
        int abnormal = 0;
        int maxIdle = 0;
        int total = 0;
        int used = 0;
        for (NodeOccupancy node : nodes) {
            // Only a node that may take new work is idle.
            if (node.status() == NodeStatus.READY && node.usedCards() == 0 && node.usedCpuMilli() == 0 && node.usedMemoryMib() == 0) {
                idleNodes++;
            }
            if (tainted(node.status(), node.taints())) {
                tainted++;
            }
            abnormal += (int) node.cards().stream().filter(card -> card.state() == CardState.FAULTY).count();
            maxIdle = Math.max(maxIdle, node.idleCards());
            total += node.cards().size();
            used += node.usedCards();
        }
        return new ClusterStatistics(clusterId, nodes.size(), idleNodes, tainted, abnormal, maxIdle, total, used, total - used - abnormal);
    }

    /** 污点节点: cordoned, or tainted so that work without a toleration is not placed on it. */
    private static boolean tainted(NodeStatus status, List<String> taints)
    {
        return status == NodeStatus.CORDONED || taints.stream().anyMatch(taint -> REPELLING_EFFECTS.contains(taint.substring(taint.lastIndexOf(':') + 1)));
    }

    private static NodeOccupancy occupancy(Principal caller, NodeSummary node, List<ReservationRow> reservations, Map<String, String> ownNames)
    {
        Map<Integer, List<CardHolder>> holders = new HashMap<>();
        long cpu = 0;
        long memory = 0;
        for (ReservationRow reservation : reservations) {
            cpu += reservation.cpuMilli();
            memory += reservation.memoryMib();
            boolean own = reservation.tenantId().equals(caller.tenantId());
            for (int device : reservation.devices()) {
                holders.computeIfAbsent(device, ignored -> new ArrayList<>()).add(own
                        ? new CardHolder(reservation.workloadId(), ownNames.get(reservation.workloadId()), reservation.role() + "-" + reservation.index(),
                                reservation.gpuMilliPerDevice(), false)
                        : new CardHolder(null, null, null, reservation.gpuMilliPerDevice(), true));
            }
        }
        boolean faulty = node.status() == NodeStatus.NOT_READY;
        boolean tainted = tainted(node.status(), node.taints());
        List<CardOccupancy> cards = new ArrayList<>();
        int usedCards = 0;
        int idleCards = 0;
        for (int index = 0; index < node.deviceCount(); index++) {
            List<CardHolder> onCard = holders.getOrDefault(index, List.of());
            int milli = onCard.stream().mapToInt(CardHolder::milli).sum();
            CardState state;
            if (faulty) {
                state = CardState.FAULTY;
            }
            else if (milli > 0) {
                state = CardState.OCCUPIED;
            }
            else if (tainted) {
                state = CardState.TAINTED;
            }
            else {
                state = CardState.IDLE;
            }
            // A faulty card is abnormal, neither used nor idle, even while work still holds it.
            if (state == CardState.OCCUPIED) {
                usedCards++;
            }
            else if (state != CardState.FAULTY) {
                idleCards++;
            }
            cards.add(new CardOccupancy(index, state, milli, onCard));
        }
        return new NodeOccupancy(node.id(), node.name(), node.status(), node.zoneId(), node.leafSwitch(), node.deviceModel(), node.labels(), node.taints(),
                node.cpuCores(), node.memoryGiB(), cpu, memory, usedCards, idleCards, cards);
    }
}
