package io.meridian.server.scheduling.internal;

import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.api.PageResult;
import io.meridian.server.platform.persistence.Db;
import io.meridian.server.quota.WorkloadType;
import io.meridian.server.scheduling.InstanceGroupRequest;
import io.meridian.server.scheduling.Placement;
import io.meridian.server.scheduling.ReasonCode;
import io.meridian.server.scheduling.ScheduledWorkload;
import io.meridian.server.scheduling.SchedulingReason;
import io.meridian.server.scheduling.TopologyPreference;
import io.meridian.server.scheduling.WorkloadStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/** The workloads, their instance groups, reservations and borrowings. Only the scheduling feature reads these tables. */
@Repository
class WorkloadRepository
{
    private static final int IN_CHUNK = 200;
    private static final Map<String, String> SORTABLE = Map.of(
            "submittedAt", "submit_seq",
            "priority", "priority",
            "name", "name",
            "status", "status");

    /** What one instance holds on one node: a reservation row. */
    record ReservationRow(
            String workloadId,
            String tenantId,
            String role,
            int index,
            String nodeId,
            String nodeName,
            List<Integer> devices,
            String deviceModel,
            String vendor,
            int gpuMilliPerDevice,
            long gpuMemoryMibPerDevice,
            long cpuMilli,
            long memoryMib)
    {
        ReservationRow
        {
            devices = List.copyOf(devices);
        }

        Placement placement()
        {
            int shared = !devices.isEmpty() && gpuMilliPerDevice < 1000 ? gpuMilliPerDevice : 0;
            return new Placement(role + "-" + index, role, index, nodeId, nodeName, devices, deviceModel.isEmpty() ? null : deviceModel, vendor, shared,
                    gpuMemoryMibPerDevice, cpuMilli, memoryMib);
        }
    }

    /** What an admitted workload borrowed from one lender quota, in the library's units. */
    record Borrowing(String workloadId, String lenderPoolId, long cpuMilli, long memoryMib, long gpuMilli) {}

    record Filter(String tenantId, WorkloadStatus status, String clusterId) {}

    /** What one admitted workload holds, in the units of user and tenant limits: cards (a shared card counts as one), milli-cores. */
    record Holding(String tenantId, String userId, long cards, long cpuMilli) {}

    private final JdbcClient jdbc;

    WorkloadRepository(JdbcClient jdbc)
    {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    long maxSubmitSeq()
    {
        return jdbc.sql("SELECT COALESCE(MAX(submit_seq), 0) FROM workloads").query(Long.class).single();
    }

    void insert(ScheduledWorkload workload, long submitSeq)
    {
        jdbc.sql("""
                INSERT INTO workloads (id, tenant_id, workspace_id, user_id, cluster_id, pool_id, workload_type, owner_ref, name, priority, topology,
                    status, submit_seq, submitted_at, updated_at, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
                """)
                .params(workload.id(), workload.tenantId(), workload.workspaceId(), workload.userId(), workload.clusterId(), workload.poolId(),
                        workload.workloadType().name(), workload.ownerRef(), workload.name(), workload.priority(), workload.topology().name(),
                        workload.status().name(), submitSeq, Db.ts(workload.submittedAt()), Db.ts(workload.submittedAt()))
                .update();
        int position = 0;
        for (InstanceGroupRequest group : workload.groups()) {
            jdbc.sql("""
                    INSERT INTO workload_groups (workload_id, position, role, instance_count, flavor_name, cpu_milli, memory_mib, gpu_cards, shared_milli,
                        gpu_memory_mib, device_models, node_selector, tolerations)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                    .params(workload.id(), position++, group.role(), group.count(), group.flavorName(), group.cpuMilli(), group.memoryMib(), group.gpuCards(),
                            group.sharedMilli(), group.gpuMemoryMib(), String.join("\n", group.deviceModels().stream().sorted().toList()),
                            joinSelector(group.nodeSelector()), String.join("\n", group.tolerations()))
                    .update();
        }
    }

    Optional<ScheduledWorkload> find(String tenantId, String id)
    {
        return load("WHERE tenant_id = ? AND id = ?", List.of(tenantId, id)).stream().findFirst();
    }

    /** The workloads with the given ids, by id, with their groups and placements: a few statements for any number. */
    Map<String, ScheduledWorkload> findAll(Collection<String> ids)
    {
        Map<String, ScheduledWorkload> found = new HashMap<>();
        List<String> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += 500) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + 500));
            String placeholders = String.join(", ", Collections.nCopies(chunk.size(), "?"));
            load("WHERE id IN (" + placeholders + ")", List.copyOf(chunk)).forEach(workload -> found.put(workload.id(), workload));
        }
        return found;
    }

    Optional<ScheduledWorkload> findById(String id)
    {
        return load("WHERE id = ?", List.of(id)).stream().findFirst();
    }

    /** Pending and admitted workloads of a cluster, with their groups and placements, in submit order. */
    List<ScheduledWorkload> activeInCluster(String clusterId)
    {
        return load("WHERE cluster_id = ? AND status IN ('PENDING', 'ADMITTED') ORDER BY submit_seq", List.of(clusterId));
    }

    /** The submit sequence of each of the given workloads: the library's submit time. */
    Map<String, Long> submitSeqs(String clusterId)
    {
        Map<String, Long> seqs = new HashMap<>();
        jdbc.sql("SELECT id, submit_seq FROM workloads WHERE cluster_id = ? AND status IN ('PENDING', 'ADMITTED')")
                .param(clusterId)
                .query((ResultSet rs) -> {
                    seqs.put(rs.getString("id"), rs.getLong("submit_seq"));
                });
        return seqs;
    }

    List<String> clustersWithPendingWork()
    {
        return jdbc.sql("SELECT DISTINCT cluster_id FROM workloads WHERE status = 'PENDING' ORDER BY cluster_id").query(String.class).list();
    }

    List<ReservationRow> reservationsOfCluster(String clusterId)
    {
        return jdbc.sql("SELECT * FROM reservations WHERE cluster_id = ? ORDER BY workload_id, role, instance_index")
                .param(clusterId)
                .query((rs, row) -> reservation(rs))
                .list();
    }

    /**
     * What each admitted workload in the other clusters holds, for the tenants with pending work in this cluster: one
     * grouped query over the reservations (one row per instance, its card indices comma-delimited) for the whole cycle.
     */
    List<Holding> holdingsOutsideCluster(String clusterId)
    {
        return jdbc.sql("""
                        SELECT w.tenant_id, w.user_id,
                            SUM(CASE WHEN r.devices = '' THEN 0 ELSE LENGTH(r.devices) - LENGTH(REPLACE(r.devices, ',', '')) + 1 END) AS cards,
                            SUM(r.cpu_milli) AS cpu_milli
                        FROM reservations r JOIN workloads w ON w.id = r.workload_id
                        WHERE w.status = 'ADMITTED' AND w.cluster_id <> ?
                            AND w.tenant_id IN (SELECT p.tenant_id FROM workloads p WHERE p.cluster_id = ? AND p.status = 'PENDING')
                        GROUP BY w.id, w.tenant_id, w.user_id
                        """)
                .params(clusterId, clusterId)
                .query((rs, row) -> new Holding(rs.getString("tenant_id"), rs.getString("user_id"), rs.getLong("cards"), rs.getLong("cpu_milli")))
                .list();
    }

    List<Borrowing> borrowingsOfCluster(String clusterId)
    {
        return jdbc.sql("""
                        SELECT b.* FROM workload_borrowings b JOIN workloads w ON w.id = b.workload_id
                        WHERE w.cluster_id = ? AND w.status = 'ADMITTED'
                        """)
                .param(clusterId)
                .query((rs, row) -> new Borrowing(rs.getString("workload_id"), rs.getString("lender_pool_id"), rs.getLong("cpu_milli"),
                        rs.getLong("memory_mib"), rs.getLong("gpu_milli")))
                .list();
    }

    PageResult<ScheduledWorkload> list(Filter filter, PageRequest page)
    {
        StringBuilder where = new StringBuilder("WHERE tenant_id = ?");
        List<Object> params = new ArrayList<>(List.of(filter.tenantId()));
        if (filter.status() != null) {
            where.append(" AND status = ?");
            params.add(filter.status().name());
        }
        if (filter.clusterId() != null) {
            where.append(" AND cluster_id = ?");
            params.add(filter.clusterId());
        }
        long total = jdbc.sql("SELECT COUNT(*) FROM workloads " + where).params(params).query(Long.class).single();
        // Waiting work is listed as the scheduler takes it: priority first, then submit order.
        String order = page.orderBy(SORTABLE, "priority DESC, submit_seq ASC");
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(page.size());
        pageParams.add(page.offset());
        return PageResult.of(load(where + order + " LIMIT ? OFFSET ?", pageParams), total, page);
    }

    /** PENDING → ADMITTED with the reservations and borrowings, unless the workload changed since it was read. */
    boolean admit(String id, long version, List<ReservationRow> reservations, List<Borrowing> borrowings, String clusterId, Instant now)
    {
        int rows = jdbc.sql("""
                        UPDATE workloads SET status = 'ADMITTED', admitted_at = ?, updated_at = ?, version = version + 1,
                            reason_code = NULL, reason_pool = NULL, reason_resource = NULL, reason_requested = NULL, reason_available = NULL,
                            reason_position = NULL, reason_blocked_by = NULL, reason_detail = NULL
                        WHERE id = ? AND status = 'PENDING' AND version = ?
                        """)
                .params(Db.ts(now), Db.ts(now), id, version)
                .update();
        if (rows == 0) {
            return false;
        }
        for (ReservationRow reservation : reservations) {
            jdbc.sql("""
                    INSERT INTO reservations (workload_id, role, instance_index, tenant_id, cluster_id, node_id, node_name, devices, device_model,
                        vendor, gpu_milli_per_device, gpu_memory_mib_per_device, cpu_milli, memory_mib)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                    .params(id, reservation.role(), reservation.index(), reservation.tenantId(), clusterId, reservation.nodeId(), reservation.nodeName(),
                            reservation.devices().stream().map(String::valueOf).collect(Collectors.joining(",")), reservation.deviceModel(),
                            reservation.vendor(), reservation.gpuMilliPerDevice(), reservation.gpuMemoryMibPerDevice(), reservation.cpuMilli(), reservation.memoryMib())
                    .update();
        }
        for (Borrowing borrowing : borrowings) {
            jdbc.sql("INSERT INTO workload_borrowings (workload_id, lender_pool_id, cpu_milli, memory_mib, gpu_milli) VALUES (?, ?, ?, ?, ?)")
                    .params(id, borrowing.lenderPoolId(), borrowing.cpuMilli(), borrowing.memoryMib(), borrowing.gpuMilli())
                    .update();
        }
        return true;
    }

    /**
     * Records why a pending workload still waits. Not a user-visible edit, so the version stays: an admin's priority change
     * based on what they saw is not made stale by the loop re-stating the reason every second.
     */
    void updateReason(String id, SchedulingReason reason)
    {
        jdbc.sql("""
                        UPDATE workloads SET reason_code = ?, reason_pool = ?, reason_resource = ?, reason_requested = ?, reason_available = ?,
                            reason_position = ?, reason_blocked_by = ?, reason_detail = ?
                        WHERE id = ? AND status = 'PENDING'
                        """)
                .params(reason.code().name(), reason.poolId(), reason.resource(), reason.requested(), reason.available(), reason.position(),
                        reason.blockedBy(), truncate(reason.detail()), id)
                .update();
    }

    /**
     * Ends the workload if it is in {@code from}: its reservations and borrowings go, the reason (if any) is kept for the
     * record. False if it was not in that status any more.
     */
    boolean finish(String id, WorkloadStatus from, WorkloadStatus to, SchedulingReason reason, Instant now)
    {
        int rows = jdbc.sql("""
                        UPDATE workloads SET status = ?, finished_at = ?, updated_at = ?, version = version + 1,
                            reason_code = ?, reason_pool = ?, reason_resource = ?, reason_requested = ?, reason_available = ?,
                            reason_position = ?, reason_blocked_by = ?, reason_detail = ?
                        WHERE id = ? AND status = ?
                        """)
                .params(to.name(), Db.ts(now), Db.ts(now),
                        reason == null ? null : reason.code().name(), reason == null ? null : reason.poolId(), reason == null ? null : reason.resource(),
                        reason == null ? null : reason.requested(), reason == null ? null : reason.available(), reason == null ? null : reason.position(),
                        reason == null ? null : reason.blockedBy(), reason == null ? null : truncate(reason.detail()), id, from.name())
                .update();
        if (rows == 0) {
            return false;
        }
        jdbc.sql("DELETE FROM reservations WHERE workload_id = ?").param(id).update();
        jdbc.sql("DELETE FROM workload_borrowings WHERE workload_id = ?").param(id).update();
        return true;
    }

    int updatePriority(String id, long version, int priority, Instant now)
    {
        return jdbc.sql("UPDATE workloads SET priority = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ? AND status = 'PENDING'")
                .params(priority, Db.ts(now), id, version)
                .update();
    }

    private List<ScheduledWorkload> load(String whereAndOrder, List<Object> params)
    {
        record Row(String id, String tenantId, String workspaceId, String userId, String clusterId, String poolId, WorkloadType type, String ownerRef,
                String name, int priority, WorkloadStatus status, TopologyPreference topology, SchedulingReason reason, Instant submittedAt,
                Instant admittedAt, Instant finishedAt, long version) {}

        List<Row> rows = jdbc.sql("SELECT * FROM workloads " + whereAndOrder)
                .params(params)
                .query((rs, index) -> new Row(rs.getString("id"), rs.getString("tenant_id"), rs.getString("workspace_id"), rs.getString("user_id"),
                        rs.getString("cluster_id"), rs.getString("pool_id"), WorkloadType.valueOf(rs.getString("workload_type")), rs.getString("owner_ref"),
                        rs.getString("name"), rs.getInt("priority"), WorkloadStatus.valueOf(rs.getString("status")),
                        TopologyPreference.valueOf(rs.getString("topology")), reason(rs), Db.instant(rs, "submitted_at"), Db.instant(rs, "admitted_at"),
                        Db.instant(rs, "finished_at"), rs.getLong("version")))
                .list();
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> ids = rows.stream().map(Row::id).toList();
        Map<String, List<InstanceGroupRequest>> groups = groupsOf(ids);
        Map<String, List<Placement>> placements = new HashMap<>();
        for (ReservationRow reservation : reservationsOf(ids)) {
            placements.computeIfAbsent(reservation.workloadId(), ignored -> new ArrayList<>()).add(reservation.placement());
        }
        return rows.stream()
                .map(row -> new ScheduledWorkload(row.id(), row.tenantId(), row.workspaceId(), row.userId(), row.clusterId(), row.poolId(), row.type(),
                        row.ownerRef(), row.name(), row.priority(), row.status(), groups.getOrDefault(row.id(), List.of()), row.topology(), row.reason(),
                        placements.getOrDefault(row.id(), List.of()), row.submittedAt(), row.admittedAt(), row.finishedAt(), row.version()))
                .toList();
    }

    private Map<String, List<InstanceGroupRequest>> groupsOf(List<String> ids)
    {
        Map<String, TreeMap<Integer, InstanceGroupRequest>> groups = new HashMap<>();
        forChunks(ids, (placeholders, chunk) -> jdbc.sql("SELECT * FROM workload_groups WHERE workload_id IN (" + placeholders + ")")
                .params(chunk)
                .query((ResultSet rs) -> {
                    groups.computeIfAbsent(rs.getString("workload_id"), ignored -> new TreeMap<>()).put(rs.getInt("position"), group(rs));
                }));
        Map<String, List<InstanceGroupRequest>> ordered = new HashMap<>();
        groups.forEach((id, byPosition) -> ordered.put(id, List.copyOf(byPosition.values())));
        return ordered;
    }

    private List<ReservationRow> reservationsOf(List<String> ids)
    {
        List<ReservationRow> rows = new ArrayList<>();
        forChunks(ids, (placeholders, chunk) -> rows.addAll(jdbc.sql(
                        "SELECT * FROM reservations WHERE workload_id IN (" + placeholders + ") ORDER BY workload_id, role, instance_index")
                .params(chunk)
                .query((rs, row) -> reservation(rs))
                .list()));
        return rows;
    }

    private static void forChunks(List<String> ids, java.util.function.BiConsumer<String, List<Object>> action)
    {
        for (int from = 0; from < ids.size(); from += IN_CHUNK) {
            List<Object> chunk = List.copyOf(ids.subList(from, Math.min(ids.size(), from + IN_CHUNK)));
            action.accept(String.join(", ", java.util.Collections.nCopies(chunk.size(), "?")), chunk);
        }
    }

    private static InstanceGroupRequest group(ResultSet rs)
            throws SQLException
    {
        return new InstanceGroupRequest(rs.getString("role"), rs.getInt("instance_count"), rs.getString("flavor_name"), rs.getLong("cpu_milli"),
                rs.getLong("memory_mib"), rs.getInt("gpu_cards"), rs.getInt("shared_milli"), rs.getLong("gpu_memory_mib"),
                Set.copyOf(lines(rs.getString("device_models"))), splitSelector(rs.getString("node_selector")), lines(rs.getString("tolerations")));
    }

    private static ReservationRow reservation(ResultSet rs)
            throws SQLException
    {
        String devices = rs.getString("devices");
        List<Integer> indices = devices.isEmpty() ? List.of() : Arrays.stream(devices.split(",")).map(Integer::valueOf).toList();
        return new ReservationRow(rs.getString("workload_id"), rs.getString("tenant_id"), rs.getString("role"), rs.getInt("instance_index"),
                rs.getString("node_id"), rs.getString("node_name"), indices, rs.getString("device_model"), rs.getString("vendor"), rs.getInt("gpu_milli_per_device"),
                rs.getLong("gpu_memory_mib_per_device"), rs.getLong("cpu_milli"), rs.getLong("memory_mib"));
    }

    private static SchedulingReason reason(ResultSet rs)
            throws SQLException
    {
        String code = rs.getString("reason_code");
        if (code == null) {
            return null;
        }
        return new SchedulingReason(ReasonCode.valueOf(code), rs.getString("reason_pool"), rs.getString("reason_resource"), rs.getLong("reason_requested"),
                rs.getLong("reason_available"), rs.getInt("reason_position"), rs.getString("reason_blocked_by"), rs.getString("reason_detail"));
    }

    private static List<String> lines(String text)
    {
        return text == null || text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    private static String joinSelector(Map<String, String> selector)
    {
        return new TreeMap<>(selector).entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining("\n"));
    }

    private static Map<String, String> splitSelector(String text)
    {
        Map<String, String> selector = new LinkedHashMap<>();
        for (String line : lines(text)) {
            int equals = line.indexOf('=');
            selector.put(line.substring(0, equals), line.substring(equals + 1));
        }
        return selector;
    }

    private static String truncate(String detail)
    {
        return detail.length() <= 200 ? detail : detail.substring(0, 200);
    }
}
