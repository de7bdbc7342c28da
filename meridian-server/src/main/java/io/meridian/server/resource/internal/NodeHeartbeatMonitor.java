package io.meridian.server.resource.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * 节点心跳故障 (001-A §6.8): a node whose agent stopped reporting for longer than {@code meridian.nodes.heartbeat-grace}
 * (default 40 s, Kubernetes' node-monitor grace period) is marked NOT_READY. It then takes no new work, and the runtime
 * treats it as a node fault under whatever runs there (a fault-tolerant training run is re-placed elsewhere).
 */
@Component
class NodeHeartbeatMonitor
{
    private static final Logger log = LoggerFactory.getLogger(NodeHeartbeatMonitor.class);

    private final NodeService nodes;
    private final Duration grace;

    NodeHeartbeatMonitor(NodeService nodes, @Value("${meridian.nodes.heartbeat-grace:40s}") Duration grace)
    {
        this.nodes = requireNonNull(nodes, "nodes is null");
        this.grace = requireNonNull(grace, "grace is null");
    }

    @Scheduled(fixedDelayString = "${meridian.nodes.heartbeat-check-interval:5s}", initialDelayString = "${meridian.nodes.heartbeat-check-interval:5s}")
    void check()
    {
        try {
            List<String> marked = nodes.markSilentNodes(grace);
            if (!marked.isEmpty()) {
                log.warn("Nodes without a heartbeat for {} s are now NOT_READY: {}", grace.toSeconds(), marked);
            }
        }
        catch (RuntimeException e) {
            log.error("Cannot check node heartbeats", e);
        }
    }
}
