package io.meridian.server.resource.internal;

import io.meridian.executor.slurm.SlurmExecutor;
import io.meridian.executor.slurm.SlurmNode;
import io.meridian.server.platform.persistence.Ids;
import io.meridian.server.resource.Backend;
import io.meridian.server.resource.NodeStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Keeps the nodes of every slurm cluster as Slurm reports them: a node Slurm lists and Meridian does not is adopted
 * (its CPUs, memory and GPUs from Slurm); a node Slurm marks down, drained, failing or not responding becomes
 * NOT_READY with Slurm's state and reason, and READY again when Slurm resumes it; a node Slurm no longer lists
 * becomes NOT_READY. One slurmrestd call per cluster per pass ({@code meridian.slurm.sync-interval}, 5 s).
 * An operator's cordon, and a NOT_READY that something else decided (a node fault), are left as they are.
 */
@Component
class SlurmNodeSync
{
    /** Starts the reason of every NOT_READY this pass decides, so that it only ever undoes its own. */
    static final String REASON_PREFIX = "Slurm: ";
    private static final Logger log = LoggerFactory.getLogger(SlurmNodeSync.class);
    private static final String DEVICE_MODEL_GPU = "GPU";
    private static final String DEVICE_MODEL_NONE = "CPU";

    private final ClusterRepository clusters;
    private final ClusterConnectionRepository connections;
    private final NodeRepository nodes;
    private final Clock clock;
    private final Set<String> failing = new HashSet<>();

    SlurmNodeSync(ClusterRepository clusters, ClusterConnectionRepository connections, NodeRepository nodes, Clock clock)
    {
        this.clusters = requireNonNull(clusters, "clusters is null");
        this.connections = requireNonNull(connections, "connections is null");
        this.nodes = requireNonNull(nodes, "nodes is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Scheduled(fixedDelayString = "${meridian.slurm.sync-interval:5s}", initialDelayString = "${meridian.slurm.sync-interval:5s}")
    synchronized void syncAll()
    {
        for (ClusterRepository.ClusterRecord cluster : clusters.findByBackend(Backend.SLURM)) {
            try {
                sync(cluster);
                if (failing.remove(cluster.id())) {
                    log.info("Slurm cluster '{}' reachable again", cluster.name());
                }
            }
            catch (RuntimeException e) {
                // said once per outage, not every pass; its nodes keep their last known state meanwhile
                if (failing.add(cluster.id())) {
                    log.error("Cannot sync the nodes of Slurm cluster '{}': {}", cluster.name(), e.getMessage());
                }
            }
        }
    }

    synchronized void sync(ClusterRepository.ClusterRecord cluster)
    {
        Optional<ClusterConnection> connection = connections.find(cluster.id());
        if (connection.isEmpty()) {
            return;
        }
        List<SlurmNode> reported = SlurmExecutor.nodes(connection.get().slurm());
        Map<String, NodeRepository.NodeRecord> known = nodes.inCluster(cluster.id()).stream()
                .collect(Collectors.toMap(NodeRepository.NodeRecord::name, Function.identity(), (a, b) -> a));
        Instant now = clock.instant();
        for (SlurmNode node : reported) {
            NodeRepository.NodeRecord existing = known.remove(node.name());
            if (existing == null) {
                adopt(cluster, node, now);
                continue;
            }
            nodes.updateCapacity(existing.id(), node.cpus(), memoryGiB(node), node.gpus(), now);
            if (node.readiness() == SlurmNode.Readiness.READY) {
                if (nodes.returnReady(existing.id(), REASON_PREFIX, now)) {
                    log.info("Slurm node {} of cluster '{}' is READY again", node.name(), cluster.name());
                }
            }
            else if (nodes.leaveReady(existing.id(), NodeStatus.NOT_READY, reason(node), now)) {
                log.warn("Slurm node {} of cluster '{}' is NOT_READY: {}", node.name(), cluster.name(), reason(node));
            }
        }
        for (NodeRepository.NodeRecord gone : known.values()) {
            nodes.leaveReady(gone.id(), NodeStatus.NOT_READY, REASON_PREFIX + "no longer lists this node", now);
        }
    }

    private void adopt(ClusterRepository.ClusterRecord cluster, SlurmNode node, Instant now)
    {
        if (nodes.nameTaken(cluster.tenantId(), node.name())) {
            // node names are unique per owner; Slurm's name is what jobs are pinned by, so it cannot be changed
            log.warn("Slurm node {} of cluster '{}' is not adopted: the owner already has a node of that name", node.name(), cluster.name());
            return;
        }
        boolean ready = node.readiness() == SlurmNode.Readiness.READY;
        NodeRepository.NodeRecord record = new NodeRepository.NodeRecord(Ids.newId("nd"), cluster.tenantId(), cluster.regionId(), cluster.zoneId(),
                cluster.id(), cluster.name(), node.name(), null, node.gpus() > 0 ? DEVICE_MODEL_GPU : DEVICE_MODEL_NONE,
                cluster.vendor() == null ? Vendor.NVIDIA : cluster.vendor(), node.gpus(), node.cpus(), memoryGiB(node), node.cpus(), memoryGiB(node),
                NodeStatus.READY, null, BindingStatus.BOUND, NodeSource.ADOPTED,
                Map.of("slurm.node", node.name()), List.of(), null, false, null, now, now, 0);
        nodes.insert(record);
        if (!ready) {
            // inserted READY, then taken out with the reason (insert writes no reason)
            nodes.leaveReady(record.id(), NodeStatus.NOT_READY, reason(node), now);
        }
        log.info("Adopted Slurm node {} into cluster '{}': {} CPUs, {} GiB, {} GPUs", node.name(), cluster.name(), node.cpus(), memoryGiB(node), node.gpus());
    }

    private static int memoryGiB(SlurmNode node)
    {
        return (int) (node.memoryMiB() / 1024);
    }

    private static String reason(SlurmNode node)
    {
        String reason = REASON_PREFIX + node.state() + (node.reason().isBlank() ? "" : " (" + node.reason() + ")");
        return reason.length() > 500 ? reason.substring(0, 500) : reason;
    }
}
