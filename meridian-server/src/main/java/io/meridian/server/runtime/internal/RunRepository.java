package io.meridian.server.runtime.internal;

import io.meridian.executor.DeviceAllocation;
import io.meridian.executor.distributed.ReplicaRole;
import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.api.PageResult;
import io.meridian.server.platform.persistence.Db;
import io.meridian.server.runtime.InstanceFault;
import io.meridian.server.runtime.InstanceRecord;
import io.meridian.server.runtime.InstanceStatus;
import io.meridian.server.runtime.RunEvent;
import io.meridian.server.runtime.RunKind;
import io.meridian.server.runtime.RunRecord;
import io.meridian.server.runtime.RunStatus;
import io.meridian.server.runtime.WorkloadRuns.RunQuery;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Runs of every kind, their instances and their timeline. User-facing queries name the tenant; the supervisor's queries
 * ({@link #active()}, {@link #instancesOfActiveRuns()}, {@link #unsettledInstances()}) work across tenants, as the
 * runtime does, and read a whole pass's state in three statements whatever the number of runs.
 */
@Repository
class RunRepository
{
    private static final Map<String, String> SORTABLE = Map.of("createdAt", "created_at", "status", "status", "startedAt", "started_at");
    private static final String ACTIVE_STATUSES = Arrays.stream(RunStatus.values())
            .filter(RunStatus::isActive)
            .map(status -> "'" + status.name() + "'")
            .collect(Collectors.joining(", ", "(", ")"));

    private static final RowMapper<RunRecord> RUN = (rs, row) -> new RunRecord(
            rs.getString("id"),
            RunKind.valueOf(rs.getString("kind")),
            new RunRecord.Scope(rs.getString("tenant_id"), rs.getString("workspace_id"), rs.getString("owner_id"), rs.getString("started_by")),
            new RunRecord.Source(rs.getString("source_id"), rs.getString("name")),
            rs.getString("definition_json"),
            rs.getString("workload_id"),
            new RunRecord.Progress(RunStatus.valueOf(rs.getString("status")), rs.getString("status_reason"), rs.getInt("attempt"), rs.getInt("restarts")),
            new RunRecord.Times(Db.instant(rs, "created_at"), Db.instant(rs, "started_at"), Db.instant(rs, "finished_at"), Db.instant(rs, "updated_at")),
            rs.getLong("version"));

    private static final RowMapper<InstanceRecord> INSTANCE = (rs, row) -> new InstanceRecord(
            rs.getString("id"),
            rs.getString("run_id"),
            rs.getInt("attempt"),
            ReplicaRole.valueOf(rs.getString("replica_role").toUpperCase(Locale.ROOT)),
            rs.getInt("replica_index"),
            rs.getString("node"),
            DeviceAllocation.parse(rs.getString("devices")),
            InstanceStatus.valueOf(rs.getString("state")),
            new InstanceRecord.Outcome((Integer) rs.getObject("exit_code", Integer.class), rs.getString("reason"), fault(rs.getString("fault_domain"))),
            rs.getBoolean("notes_recorded"),
            Db.instant(rs, "started_at"),
            Db.instant(rs, "finished_at"),
            rs.getString("launch_env"));

    private static final RowMapper<RunEvent> EVENT = (rs, row) -> new RunEvent(
            rs.getLong("seq"),
            Db.instant(rs, "at"),
            RunEvent.Kind.valueOf(rs.getString("kind")),
            status(rs.getString("from_status")),
            status(rs.getString("to_status")),
            rs.getString("message"));

    private final JdbcClient jdbc;

    RunRepository(JdbcClient jdbc)
    {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    void insert(RunRecord run)
    {
        jdbc.sql("""
                        INSERT INTO runs (id, kind, tenant_id, workspace_id, source_id, name, workload_id, owner_id, started_by, definition_json, status,
                            status_reason, attempt, restarts, created_at, started_at, finished_at, updated_at, version)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)""")
                .params(run.id(), run.kind().name(), run.tenantId(), run.workspaceId(), run.source().id(), run.name(), run.workloadId(), run.ownerId(),
                        run.scope().startedBy(), run.definition(), run.status().name(), run.progress().statusReason(), run.attempt(), run.restarts(),
                        Db.ts(run.times().createdAt()), Db.ts(run.times().startedAt()), Db.ts(run.times().finishedAt()), Db.ts(run.times().updatedAt()))
                .update();
    }

    Optional<RunRecord> find(String tenantId, String id)
    {
        return jdbc.sql("SELECT * FROM runs WHERE tenant_id = ? AND id = ?").params(tenantId, id).query(RUN).optional();
    }

    Optional<RunRecord> findById(String id)
    {
        return jdbc.sql("SELECT * FROM runs WHERE id = ?").param(id).query(RUN).optional();
    }

    PageResult<RunRecord> list(RunQuery query, PageRequest page)
    {
        StringBuilder where = new StringBuilder(" WHERE tenant_id = ? AND kind = ?");
        List<Object> params = new ArrayList<>(List.of(query.tenantId(), query.kind().name()));
        if (query.workspaceId() != null) {
            where.append(" AND workspace_id = ?");
            params.add(query.workspaceId());
        }
        if (query.sourceId() != null) {
            where.append(" AND source_id = ?");
            params.add(query.sourceId());
        }
        if (query.status() != null) {
            where.append(" AND status = ?");
            params.add(query.status().name());
        }
        if (query.ownerId() != null) {
            where.append(" AND owner_id = ?");
            params.add(query.ownerId());
        }
        long total = jdbc.sql("SELECT COUNT(*) FROM runs" + where).params(params).query(Long.class).single();
        // in a workspace, the order of the index runs_list (the fixed leading columns let H2 read a page from it)
        String order = query.workspaceId() == null ? "created_at DESC, id" : "tenant_id, kind, workspace_id, created_at DESC, id";
        List<RunRecord> items = jdbc.sql("SELECT * FROM runs" + where + page.orderBy(SORTABLE, order) + " LIMIT " + page.size() + " OFFSET " + page.offset())
                .params(params)
                .query(RUN)
                .list();
        return PageResult.of(items, total, page);
    }

    /** The number of runs of each of the given sources (sources without runs are absent): one query for a page of tasks. */
    Map<String, Long> countBySources(String tenantId, RunKind kind, Collection<String> sourceIds)
    {
        if (sourceIds.isEmpty()) {
            return Map.of();
        }
        return jdbc.sql("SELECT source_id, COUNT(*) AS runs FROM runs WHERE tenant_id = :tenant AND kind = :kind AND source_id IN (:sources) GROUP BY source_id")
                .param("tenant", tenantId)
                .param("kind", kind.name())
                .param("sources", sourceIds)
                .query((rs, row) -> Map.entry(rs.getString("source_id"), rs.getLong("runs")))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    long countActive(String tenantId, RunKind kind, String sourceId)
    {
        return jdbc.sql("SELECT COUNT(*) FROM runs WHERE tenant_id = ? AND kind = ? AND source_id = ? AND status IN " + ACTIVE_STATUSES)
                .params(tenantId, kind.name(), sourceId).query(Long.class).single();
    }

    /** Every unfinished run of every tenant, oldest first: the supervisor's work list. */
    List<RunRecord> active()
    {
        return jdbc.sql("SELECT * FROM runs WHERE status IN " + ACTIVE_STATUSES + " ORDER BY created_at, id").query(RUN).list();
    }

    /**
     * Moves a run from its status to {@code to} if it is still in it, and records the transition; false if another actor
     * (a stop request, the supervisor) moved it first. Callers run this in a transaction.
     */
    boolean transition(RunRecord run, RunStatus to, String reason, String message, Instant now)
    {
        if (!run.status().canMoveTo(to)) {
            throw new IllegalStateException("run %s cannot move from %s to %s".formatted(run.id(), run.status(), to));
        }
        // a gang may also end within one pass, before it was ever seen running: it ran all the same
        boolean starts = to == RunStatus.RUNNING || (run.status() == RunStatus.PREPARING && (to == RunStatus.SUCCEEDED || to == RunStatus.FAILED));
        Instant startedAt = starts && run.times().startedAt() == null ? now : run.times().startedAt();
        Instant finishedAt = to.isTerminal() ? now : null;
        int rows = jdbc.sql("""
                        UPDATE runs SET status = ?, status_reason = ?, started_at = ?, finished_at = ?, updated_at = ?, version = version + 1
                        WHERE id = ? AND status = ?""")
                .params(to.name(), reason, Db.ts(startedAt), Db.ts(finishedAt), Db.ts(now), run.id(), run.status().name())
                .update();
        if (rows == 0) {
            return false;
        }
        addEvent(run.id(), run.tenantId(), now, RunEvent.Kind.TRANSITION, run.status(), to, message);
        return true;
    }

    /** A restart or a requeue: the next attempt of the gang. */
    void beginAttempt(String runId, int attempt, int restarts, Instant now)
    {
        jdbc.sql("UPDATE runs SET attempt = ?, restarts = ?, updated_at = ?, version = version + 1 WHERE id = ?")
                .params(attempt, restarts, Db.ts(now), runId).update();
    }

    List<RunRecord> ofSource(String tenantId, RunKind kind, String sourceId)
    {
        return jdbc.sql("SELECT * FROM runs WHERE tenant_id = ? AND kind = ? AND source_id = ?").params(tenantId, kind.name(), sourceId).query(RUN).list();
    }

    long countActiveInWorkspace(String tenantId, String workspaceId)
    {
        return jdbc.sql("SELECT COUNT(*) FROM runs WHERE tenant_id = ? AND workspace_id = ? AND status IN " + ACTIVE_STATUSES)
                .params(tenantId, workspaceId).query(Long.class).single();
    }

    void setWorkload(String runId, String workloadId)
    {
        jdbc.sql("UPDATE runs SET workload_id = ? WHERE id = ?").params(workloadId, runId).update();
    }

    void delete(String tenantId, String id)
    {
        jdbc.sql("DELETE FROM runs WHERE tenant_id = ? AND id = ?").params(tenantId, id).update();
    }

    void addEvent(String runId, String tenantId, Instant at, RunEvent.Kind kind, RunStatus from, RunStatus to, String message)
    {
        jdbc.sql("INSERT INTO run_events (run_id, tenant_id, at, kind, from_status, to_status, message) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(runId, tenantId, Db.ts(at), kind.name(), from == null ? null : from.name(), to == null ? null : to.name(), truncate(message, 2000))
                .update();
    }

    void addNote(RunRecord run, Instant at, String message)
    {
        addEvent(run.id(), run.tenantId(), at, RunEvent.Kind.NOTE, null, null, message);
    }

    void addFault(RunRecord run, Instant at, String message)
    {
        addEvent(run.id(), run.tenantId(), at, RunEvent.Kind.FAULT, null, null, message);
    }

    List<RunEvent> events(String runId)
    {
        return jdbc.sql("SELECT * FROM run_events WHERE run_id = ? ORDER BY seq").param(runId).query(EVENT).list();
    }

    void insertInstances(String tenantId, List<InstanceRecord> instances)
    {
        for (InstanceRecord instance : instances) {
            InstanceRecord.Outcome outcome = instance.outcome();
            jdbc.sql("""
                            INSERT INTO run_instances (id, run_id, tenant_id, attempt, replica_role, replica_index, node, devices, state,
                                exit_code, reason, fault_domain, notes_recorded, started_at, finished_at, launch_env)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(instance.id(), instance.runId(), tenantId, instance.attempt(), InstanceRecord.roleName(instance.role()), instance.index(),
                            instance.node(), instance.devices().text(), instance.state().name(), outcome.exitCode(), outcome.reason(),
                            outcome.fault() == null ? null : outcome.fault().name(), instance.notesRecorded(), Db.ts(instance.startedAt()),
                            Db.ts(instance.finishedAt()), instance.launchEnv())
                    .update();
        }
    }

    List<InstanceRecord> instances(String runId)
    {
        return jdbc.sql("SELECT * FROM run_instances WHERE run_id = ? ORDER BY attempt, replica_index").param(runId).query(INSTANCE).list();
    }

    /** The unfinished runs of these workspaces, counted by status. */
    Map<RunStatus, Long> countActiveByStatus(String tenantId, List<String> workspaceIds)
    {
        List<Object> params = new ArrayList<>(List.of(tenantId));
        params.addAll(workspaceIds);
        Map<RunStatus, Long> counts = new EnumMap<>(RunStatus.class);
        jdbc.sql("SELECT status, COUNT(*) AS n FROM runs WHERE tenant_id = ? AND workspace_id IN (" + marks(workspaceIds.size()) + ") AND status IN " + ACTIVE_STATUSES
                        + " GROUP BY status")
                .params(params)
                .query((rs, row) -> counts.put(RunStatus.valueOf(rs.getString("status")), rs.getLong("n")))
                .list();
        return counts;
    }

    /** Instances of these workspaces' runs that started and had not finished by {@code since}: what held cards since then. */
    List<InstanceRecord> instancesStartedSince(String tenantId, List<String> workspaceIds, Instant since)
    {
        List<Object> params = new ArrayList<>(List.of(tenantId));
        params.addAll(workspaceIds);
        params.add(Db.ts(since));
        return jdbc.sql("SELECT i.* FROM run_instances i JOIN runs r ON r.id = i.run_id WHERE r.tenant_id = ? AND r.workspace_id IN (" + marks(workspaceIds.size())
                        + ") AND i.started_at IS NOT NULL AND (i.finished_at IS NULL OR i.finished_at >= ?)")
                .params(params)
                .query(INSTANCE)
                .list();
    }

    /** The newest runs of these workspaces, newest first. */
    List<RunRecord> newest(String tenantId, List<String> workspaceIds, int limit)
    {
        List<Object> params = new ArrayList<>(List.of(tenantId));
        params.addAll(workspaceIds);
        params.add(limit);
        return jdbc.sql("SELECT * FROM runs WHERE tenant_id = ? AND workspace_id IN (" + marks(workspaceIds.size()) + ") ORDER BY created_at DESC, id LIMIT ?")
                .params(params)
                .query(RUN)
                .list();
    }

    private static String marks(int count)
    {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    /** Every instance of these runs, by run: one statement for a page of runs. */
    Map<String, List<InstanceRecord>> instancesOf(List<String> runIds)
    {
        if (runIds.isEmpty()) {
            return Map.of();
        }
        String marks = String.join(", ", Collections.nCopies(runIds.size(), "?"));
        return jdbc.sql("SELECT * FROM run_instances WHERE run_id IN (" + marks + ") ORDER BY run_id, attempt, replica_index")
                .params(List.copyOf(runIds))
                .query(INSTANCE)
                .list()
                .stream()
                .collect(Collectors.groupingBy(InstanceRecord::runId));
    }

    /** Every instance of every unfinished run, by run: one statement for a pass. */
    Map<String, List<InstanceRecord>> instancesOfActiveRuns()
    {
        return jdbc.sql("SELECT i.* FROM run_instances i JOIN runs r ON r.id = i.run_id WHERE r.status IN " + ACTIVE_STATUSES
                        + " ORDER BY i.run_id, i.attempt, i.replica_index")
                .query(INSTANCE)
                .list()
                .stream()
                .collect(Collectors.groupingBy(InstanceRecord::runId));
    }

    /** Instances launched (or about to be) whose end the supervisor has not yet seen, of every tenant. */
    List<InstanceRecord> unsettledInstances()
    {
        return jdbc.sql("SELECT * FROM run_instances WHERE state IN ('WAITING', 'PENDING', 'RUNNING')").query(INSTANCE).list();
    }

    void updateInstance(InstanceRecord instance)
    {
        InstanceRecord.Outcome outcome = instance.outcome();
        jdbc.sql("""
                        UPDATE run_instances SET state = ?, exit_code = ?, reason = ?, fault_domain = ?, notes_recorded = ?, started_at = ?,
                            finished_at = ?, launch_env = ?
                        WHERE id = ?""")
                .params(instance.state().name(), outcome.exitCode(), truncate(outcome.reason(), 1000), outcome.fault() == null ? null : outcome.fault().name(),
                        instance.notesRecorded(), Db.ts(instance.startedAt()), Db.ts(instance.finishedAt()), instance.launchEnv(), instance.id())
                .update();
    }

    private static InstanceFault fault(String name)
    {
        return name == null ? null : InstanceFault.valueOf(name);
    }

    private static RunStatus status(String name)
    {
        return name == null ? null : RunStatus.valueOf(name);
    }

    private static String truncate(String value, int max)
    {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
