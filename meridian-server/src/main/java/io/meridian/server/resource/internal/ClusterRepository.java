package io.meridian.server.resource.internal;

import io.meridian.server.platform.persistence.Db;
import io.meridian.server.resource.Backend;
import io.meridian.server.resource.ClusterKind;
import io.meridian.server.resource.PlacementPolicy;
import io.meridian.server.resource.ResourceGroupType;
import io.meridian.server.resource.SchedulingPolicy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

@Repository
class ClusterRepository
{
    /** A cluster row. {@code tenantId} is null for a shared default cluster, {@code vendor} null when it mixes vendors. */
    record ClusterRecord(
            String id,
            String tenantId,
            String regionId,
            String zoneId,
            String name,
            ClusterKind kind,
            ResourceGroupType groupType,
            List<NodeType> nodeTypes,
            String vendor,
            Backend backend,
            List<SchedulingPolicy> schedulingPolicies,
            PlacementPolicy placementPolicy,
            boolean networkTopologyAffinity,
            String description,
            ClusterStatus status,
            Instant createdAt,
            Instant updatedAt,
            long version)
    {
        ClusterRecord
        {
            nodeTypes = List.copyOf(nodeTypes);
            schedulingPolicies = List.copyOf(schedulingPolicies);
        }
    }

    private final JdbcClient jdbc;

    ClusterRepository(JdbcClient jdbc)
    {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    void insert(ClusterRecord cluster)
    {
        jdbc.sql("""
                INSERT INTO clusters (id, tenant_id, region_id, zone_id, name, kind, group_type, node_types, vendor, backend,
                    scheduling_policies, placement_policy, network_topology_affinity, description, status, created_at, updated_at, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
                """)
                .params(cluster.id(), cluster.tenantId(), cluster.regionId(), cluster.zoneId(), cluster.name(), cluster.kind().name(),
                        cluster.groupType().name(), join(cluster.nodeTypes()), cluster.vendor(), cluster.backend().id(),
                        join(cluster.schedulingPolicies()), cluster.placementPolicy().name(), cluster.networkTopologyAffinity(),
                        cluster.description(), cluster.status().name(), Db.ts(cluster.createdAt()), Db.ts(cluster.updatedAt()))
                .update();
    }

    /** Updates the editable fields if the version still matches; answers the number of rows changed. */
    int update(ClusterRecord cluster, long expectedVersion)
    {
        return jdbc.sql("""
                UPDATE clusters SET name = ?, scheduling_policies = ?, placement_policy = ?, network_topology_affinity = ?,
                    description = ?, updated_at = ?, version = version + 1
                WHERE id = ? AND version = ?
                """)
                .params(cluster.name(), join(cluster.schedulingPolicies()), cluster.placementPolicy().name(), cluster.networkTopologyAffinity(),
                        cluster.description(), Db.ts(cluster.updatedAt()), cluster.id(), expectedVersion)
                .update();
    }

    void delete(String id)
    {
        jdbc.sql("DELETE FROM clusters WHERE id = ?").param(id).update();
    }

    Optional<ClusterRecord> find(String id)
    {
        return jdbc.sql("SELECT * FROM clusters WHERE id = ?").param(id).query((rs, row) -> cluster(rs)).optional();
    }

    List<ClusterRecord> findDefaults()
    {
        return jdbc.sql("SELECT * FROM clusters WHERE kind = 'DEFAULT' ORDER BY created_at, id").query((rs, row) -> cluster(rs)).list();
    }

    /** Every cluster the scope allows: all of them when {@code tenantId} is null, else the defaults and the tenant's own. */
    List<ClusterRecord> findVisible(String tenantId)
    {
        if (tenantId == null) {
            return jdbc.sql("SELECT * FROM clusters ORDER BY created_at, id").query((rs, row) -> cluster(rs)).list();
        }
        return jdbc.sql("SELECT * FROM clusters WHERE kind = 'DEFAULT' OR tenant_id = ? ORDER BY created_at, id")
                .param(tenantId)
                .query((rs, row) -> cluster(rs))
                .list();
    }

    List<ClusterRecord> findByBackend(Backend backend)
    {
        return jdbc.sql("SELECT * FROM clusters WHERE backend = ? ORDER BY created_at, id").param(backend.id()).query((rs, row) -> cluster(rs)).list();
    }

    /** The clusters of the region with this name, whoever owns them. */
    List<ClusterRecord> findInRegionByName(String regionId, String name)
    {
        return jdbc.sql("SELECT * FROM clusters WHERE region_id = ? AND LOWER(name) = LOWER(?) ORDER BY created_at, id")
                .params(regionId, name)
                .query((rs, row) -> cluster(rs))
                .list();
    }

    boolean nameTaken(String tenantId, String regionId, String name, String exceptId)
    {
        String owner = tenantId == null ? "tenant_id IS NULL" : "tenant_id = :tenant";
        JdbcClient.StatementSpec statement = jdbc.sql("SELECT COUNT(*) FROM clusters WHERE " + owner
                        + " AND region_id = :region AND LOWER(name) = LOWER(:name) AND id <> :except")
                .param("region", regionId)
                .param("name", name)
                .param("except", exceptId == null ? "" : exceptId);
        if (tenantId != null) {
            statement = statement.param("tenant", tenantId);
        }
        return statement.query(Long.class).single() > 0;
    }

    boolean defaultExists(String regionId)
    {
        return jdbc.sql("SELECT COUNT(*) FROM clusters WHERE kind = 'DEFAULT' AND region_id = ?").param(regionId).query(Long.class).single() > 0;
    }

    /** The tenant's dedicated clusters of the type in the region: what its resource-group quota counts. */
    long countDedicated(String tenantId, String regionId, ResourceGroupType groupType)
    {
        return jdbc.sql("SELECT COUNT(*) FROM clusters WHERE kind = 'DEDICATED' AND tenant_id = ? AND region_id = ? AND group_type = ?")
                .params(tenantId, regionId, groupType.name())
                .query(Long.class)
                .single();
    }

    long countInRegion(String regionId)
    {
        return jdbc.sql("SELECT COUNT(*) FROM clusters WHERE region_id = ?").param(regionId).query(Long.class).single();
    }

    long countInZone(String zoneId)
    {
        return jdbc.sql("SELECT COUNT(*) FROM clusters WHERE zone_id = ?").param(zoneId).query(Long.class).single();
    }

    private static ClusterRecord cluster(ResultSet rs)
            throws SQLException
    {
        return new ClusterRecord(
                rs.getString("id"),
                rs.getString("tenant_id"),
                rs.getString("region_id"),
                rs.getString("zone_id"),
                rs.getString("name"),
                ClusterKind.valueOf(rs.getString("kind")),
                ResourceGroupType.valueOf(rs.getString("group_type")),
                split(rs.getString("node_types")).stream().map(NodeType::valueOf).toList(),
                rs.getString("vendor"),
                Backend.parse(rs.getString("backend")).orElseThrow(),
                split(rs.getString("scheduling_policies")).stream().map(SchedulingPolicy::valueOf).toList(),
                PlacementPolicy.valueOf(rs.getString("placement_policy")),
                rs.getBoolean("network_topology_affinity"),
                rs.getString("description"),
                ClusterStatus.valueOf(rs.getString("status")),
                Db.instant(rs, "created_at"),
                Db.instant(rs, "updated_at"),
                rs.getLong("version"));
    }

    private static String join(List<? extends Enum<?>> values)
    {
        return values.stream().map(Enum::name).collect(Collectors.joining(","));
    }

    private static List<String> split(String value)
    {
        if (value == null || value.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).toList();
    }
}
