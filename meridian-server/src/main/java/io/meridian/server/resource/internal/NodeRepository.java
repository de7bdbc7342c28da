package io.meridian.server.resource.internal;

import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.api.PageResult;
import io.meridian.server.platform.persistence.Db;
import io.meridian.server.resource.NodeStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

@Repository
class NodeRepository
{
    /** A node row; {@code clusterName} is read along for display and is null when unbound. */
    record NodeRecord(
            String id,
            String tenantId,
            String regionId,
            String zoneId,
            String clusterId,
            String clusterName,
            String name,
            String specId,
            String deviceModel,
            String vendor,
            int deviceCount,
            int cpuCores,
            int memoryGiB,
            int allocatableCpuCores,
            int allocatableMemoryGiB,
            NodeStatus status,
            String statusReason,
            BindingStatus bindingStatus,
            NodeSource source,
            Map<String, String> labels,
            List<String> taints,
            String leafSwitch,
            boolean virtualDevices,
            Instant lastHeartbeatAt,
            Instant createdAt,
            Instant updatedAt,
            long version)
    {
        NodeRecord
        {
            labels = Map.copyOf(labels);
            taints = List.copyOf(taints);
        }
    }

    /**
     * The nodes a list may show. {@code scopeTenantId} null means every node (the platform operator); otherwise the
     * tenant's own nodes and the nodes of the shared default clusters. The other fields are optional filters.
     */
    record NodeFilter(String scopeTenantId, String tenantId, String clusterId, String name, BindingStatus bindingStatus, NodeSource source, NodeStatus status) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, String>> LABELS = new TypeReference<>() {};
    private static final TypeReference<List<String>> TAINTS = new TypeReference<>() {};
    private static final String SELECT = "SELECT n.*, c.name AS cluster_name FROM nodes n LEFT JOIN clusters c ON c.id = n.cluster_id";
    private static final Map<String, String> SORTABLE = Map.of(
            "name", "n.name",
            "createdAt", "n.created_at",
            "status", "n.status",
            "bindingStatus", "n.binding_status",
            "deviceModel", "n.device_model");

    private final JdbcClient jdbc;

    NodeRepository(JdbcClient jdbc)
    {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    void insert(NodeRecord node)
    {
        jdbc.sql("""
                INSERT INTO nodes (id, tenant_id, region_id, zone_id, cluster_id, name, spec_id, device_model, vendor, device_count,
                    cpu_cores, memory_gib, allocatable_cpu_cores, allocatable_memory_gib, status, binding_status, source, labels, taints,
                    leaf_switch, virtual_devices, created_at, updated_at, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
                """)
                .params(node.id(), node.tenantId(), node.regionId(), node.zoneId(), node.clusterId(), node.name(), node.specId(),
                        node.deviceModel(), node.vendor(), node.deviceCount(), node.cpuCores(), node.memoryGiB(), node.allocatableCpuCores(),
                        node.allocatableMemoryGiB(), node.status().name(), node.bindingStatus().name(), node.source().name(),
                        JSON.writeValueAsString(node.labels()), JSON.writeValueAsString(node.taints()), node.leafSwitch(), node.virtualDevices(),
                        Db.ts(node.createdAt()), Db.ts(node.updatedAt()))
                .update();
    }

    Optional<NodeRecord> find(String id)
    {
        return jdbc.sql(SELECT + " WHERE n.id = ?").param(id).query((rs, row) -> node(rs)).optional();
    }

    PageResult<NodeRecord> list(NodeFilter filter, PageRequest page)
    {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        Map<String, Object> params = new LinkedHashMap<>();
        if (filter.scopeTenantId() != null) {
            where.append(" AND (n.tenant_id = :scope OR (n.tenant_id IS NULL AND n.cluster_id IS NOT NULL))");
            params.put("scope", filter.scopeTenantId());
        }
        if (filter.tenantId() != null) {
            where.append(" AND n.tenant_id = :tenant");
            params.put("tenant", filter.tenantId());
        }
        if (filter.clusterId() != null) {
            where.append(" AND n.cluster_id = :cluster");
            params.put("cluster", filter.clusterId());
        }
        if (filter.name() != null && !filter.name().isBlank()) {
            where.append(" AND LOWER(n.name) LIKE LOWER(:name) ESCAPE '\\'");
            params.put("name", Db.contains(filter.name().trim()));
        }
        if (filter.bindingStatus() != null) {
            where.append(" AND n.binding_status = :binding");
            params.put("binding", filter.bindingStatus().name());
        }
        if (filter.source() != null) {
            where.append(" AND n.source = :source");
            params.put("source", filter.source().name());
        }
        if (filter.status() != null) {
            where.append(" AND n.status = :status");
            params.put("status", filter.status().name());
        }
        long total = jdbc.sql("SELECT COUNT(*) FROM nodes n" + where).params(params).query(Long.class).single();
        List<NodeRecord> items = jdbc.sql(SELECT + where + page.orderBy(SORTABLE, "n.created_at, n.name, n.id") + " LIMIT :limit OFFSET :offset")
                .params(params)
                .param("limit", page.size())
                .param("offset", page.offset())
                .query((rs, row) -> node(rs))
                .list();
        return PageResult.of(items, total, page);
    }

    /** Unbound nodes of the owner in the zone with cards of the vendor (any vendor when null): what a cluster may adopt. */
    List<NodeRecord> unbound(String tenantId, String zoneId, String vendor)
    {
        String owner = tenantId == null ? "n.tenant_id IS NULL" : "n.tenant_id = :tenant";
        JdbcClient.StatementSpec statement = jdbc.sql(SELECT + " WHERE " + owner + " AND n.zone_id = :zone AND n.binding_status = 'UNBOUND'"
                        + (vendor == null ? "" : " AND n.vendor = :vendor") + " ORDER BY n.name, n.id")
                .param("zone", zoneId);
        if (tenantId != null) {
            statement = statement.param("tenant", tenantId);
        }
        if (vendor != null) {
            statement = statement.param("vendor", vendor);
        }
        return statement.query((rs, row) -> node(rs)).list();
    }

    List<NodeRecord> inCluster(String clusterId)
    {
        return jdbc.sql(SELECT + " WHERE n.cluster_id = ? ORDER BY n.name, n.id").param(clusterId).query((rs, row) -> node(rs)).list();
    }

    List<String> specIdsInCluster(String clusterId)
    {
        return jdbc.sql("SELECT DISTINCT spec_id FROM nodes WHERE cluster_id = ? AND spec_id IS NOT NULL").param(clusterId).query(String.class).list();
    }

    long countInCluster(String clusterId)
    {
        return jdbc.sql("SELECT COUNT(*) FROM nodes WHERE cluster_id = ?").param(clusterId).query(Long.class).single();
    }

    /** The cluster's nodes, and how many of them have virtual devices (declared, not on this host), in one statement. */
    NodeCounts countsInCluster(String clusterId)
    {
        return jdbc.sql("SELECT COUNT(*) AS total, COALESCE(SUM(CASE WHEN virtual_devices THEN 1 ELSE 0 END), 0) AS virtual_nodes, "
                        + "COALESCE(SUM(CASE WHEN virtual_devices THEN device_count ELSE 0 END), 0) AS virtual_cards FROM nodes WHERE cluster_id = ?")
                .param(clusterId)
                .query((rs, row) -> new NodeCounts(rs.getLong("total"), rs.getLong("virtual_nodes"), rs.getLong("virtual_cards")))
                .single();
    }

    record NodeCounts(long nodes, long virtualNodes, long virtualCards) {}

    long countInZone(String zoneId)
    {
        return jdbc.sql("SELECT COUNT(*) FROM nodes WHERE zone_id = ?").param(zoneId).query(Long.class).single();
    }

    long countInRegion(String regionId)
    {
        return jdbc.sql("SELECT COUNT(*) FROM nodes WHERE region_id = ?").param(regionId).query(Long.class).single();
    }

    boolean nameTaken(String tenantId, String name)
    {
        String owner = tenantId == null ? "tenant_id IS NULL" : "tenant_id = :tenant";
        JdbcClient.StatementSpec statement = jdbc.sql("SELECT COUNT(*) FROM nodes WHERE " + owner + " AND LOWER(name) = LOWER(:name)").param("name", name);
        if (tenantId != null) {
            statement = statement.param("tenant", tenantId);
        }
        return statement.query(Long.class).single() > 0;
    }

    /** Binds, unbinds or re-sources a node if its version still matches; answers the number of rows changed. */
    int updateBinding(String id, String clusterId, BindingStatus binding, NodeSource source, Instant now, long expectedVersion)
    {
        return jdbc.sql("""
                UPDATE nodes SET cluster_id = ?, binding_status = ?, source = ?, updated_at = ?, version = version + 1
                WHERE id = ? AND version = ?
                """)
                .params(clusterId, binding.name(), source.name(), Db.ts(now), id, expectedVersion)
                .update();
    }

    int updateStatus(String id, NodeStatus status, Instant now, long expectedVersion)
    {
        return jdbc.sql("UPDATE nodes SET status = ?, status_reason = NULL, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?")
                .params(status.name(), Db.ts(now), id, expectedVersion)
                .update();
    }

    /**
     * Records a node agent's heartbeat. A healthy report brings a NOT_READY node back to READY; a report of a problem
     * takes a READY node out of scheduling (NOT_READY, the problem as the reason). Cordoned nodes stay cordoned.
     */
    void heartbeat(String id, Instant at, String problem)
    {
        if (problem == null) {
            jdbc.sql("""
                            UPDATE nodes SET last_heartbeat_at = ?, status_reason = CASE WHEN status = 'NOT_READY' THEN NULL ELSE status_reason END,
                                version = CASE WHEN status = 'NOT_READY' THEN version + 1 ELSE version END,
                                status = CASE WHEN status = 'NOT_READY' THEN 'READY' ELSE status END
                            WHERE id = ?""")
                    .params(Db.ts(at), id)
                    .update();
        }
        else {
            jdbc.sql("""
                            UPDATE nodes SET last_heartbeat_at = ?, status_reason = CASE WHEN status = 'READY' THEN ? ELSE status_reason END,
                                version = CASE WHEN status = 'READY' THEN version + 1 ELSE version END,
                                status = CASE WHEN status = 'READY' THEN 'NOT_READY' ELSE status END
                            WHERE id = ?""")
                    .params(Db.ts(at), problem, id)
                    .update();
        }
    }

    /** The agent stops reporting on the node on purpose: no heartbeat is expected from then on. */
    void withdrawHeartbeat(String id)
    {
        jdbc.sql("UPDATE nodes SET last_heartbeat_at = NULL WHERE id = ?").param(id).update();
    }

    /** READY nodes an agent reports on whose newest heartbeat is older than {@code before}. */
    List<NodeRecord> silentSince(Instant before)
    {
        return jdbc.sql(SELECT + " WHERE n.status = 'READY' AND n.last_heartbeat_at IS NOT NULL AND n.last_heartbeat_at < ?")
                .param(Db.ts(before))
                .query((rs, row) -> node(rs))
                .list();
    }

    /**
     * Takes a READY node out of scheduling ({@code CORDONED} or {@code NOT_READY}) for the platform's reason; false if it
     * was not READY any more (then nothing changes).
     */
    boolean leaveReady(String id, NodeStatus status, String reason, Instant now)
    {
        return jdbc.sql("UPDATE nodes SET status = ?, status_reason = ?, updated_at = ?, version = version + 1 WHERE id = ? AND status = ?")
                .params(status.name(), reason, Db.ts(now), id, NodeStatus.READY.name())
                .update() == 1;
    }

    /** A backend's new figures for a node it reports on (Slurm's CPUs, memory, GPUs); nothing changes if they are the same. */
    void updateCapacity(String id, int cpuCores, int memoryGiB, int deviceCount, Instant now)
    {
        jdbc.sql("""
                        UPDATE nodes SET cpu_cores = ?, memory_gib = ?, allocatable_cpu_cores = ?, allocatable_memory_gib = ?, device_count = ?,
                            updated_at = ?, version = version + 1
                        WHERE id = ? AND NOT (cpu_cores = ? AND memory_gib = ? AND device_count = ?)""")
                .params(cpuCores, memoryGiB, cpuCores, memoryGiB, deviceCount, Db.ts(now), id, cpuCores, memoryGiB, deviceCount)
                .update();
    }

    /**
     * Brings a NOT_READY node back to READY if the reason it is not ready starts with {@code reasonPrefix} (the same
     * source took it out); false, changing nothing, otherwise.
     */
    boolean returnReady(String id, String reasonPrefix, Instant now)
    {
        return jdbc.sql("""
                        UPDATE nodes SET status = 'READY', status_reason = NULL, updated_at = ?, version = version + 1
                        WHERE id = ? AND status = 'NOT_READY' AND status_reason LIKE ? ESCAPE '\\'""")
                // Db.contains escapes LIKE's wildcards; without its leading % it matches the prefix
                .params(Db.ts(now), id, Db.contains(reasonPrefix).substring(1))
                .update() == 1;
    }

    int updateLabels(String id, Map<String, String> labels, Instant now, long expectedVersion)
    {
        return jdbc.sql("UPDATE nodes SET labels = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?")
                .params(JSON.writeValueAsString(labels), Db.ts(now), id, expectedVersion)
                .update();
    }

    int updateTaints(String id, List<String> taints, Instant now, long expectedVersion)
    {
        return jdbc.sql("UPDATE nodes SET taints = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?")
                .params(JSON.writeValueAsString(taints), Db.ts(now), id, expectedVersion)
                .update();
    }

    int delete(String id, long expectedVersion)
    {
        return jdbc.sql("DELETE FROM nodes WHERE id = ? AND version = ?").params(id, expectedVersion).update();
    }

    private static NodeRecord node(ResultSet rs)
            throws SQLException
    {
        return new NodeRecord(
                rs.getString("id"),
                rs.getString("tenant_id"),
                rs.getString("region_id"),
                rs.getString("zone_id"),
                rs.getString("cluster_id"),
                rs.getString("cluster_name"),
                rs.getString("name"),
                rs.getString("spec_id"),
                rs.getString("device_model"),
                rs.getString("vendor"),
                rs.getInt("device_count"),
                rs.getInt("cpu_cores"),
                rs.getInt("memory_gib"),
                rs.getInt("allocatable_cpu_cores"),
                rs.getInt("allocatable_memory_gib"),
                NodeStatus.valueOf(rs.getString("status")),
                rs.getString("status_reason"),
                BindingStatus.valueOf(rs.getString("binding_status")),
                NodeSource.valueOf(rs.getString("source")),
                JSON.readValue(rs.getString("labels"), LABELS),
                new ArrayList<>(JSON.readValue(rs.getString("taints"), TAINTS)),
                rs.getString("leaf_switch"),
                rs.getBoolean("virtual_devices"),
                Db.instant(rs, "last_heartbeat_at"),
                Db.instant(rs, "created_at"),
                Db.instant(rs, "updated_at"),
                rs.getLong("version"));
    }
}
