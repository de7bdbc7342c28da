package io.meridian.server.training.internal;

import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.api.PageResult;
import io.meridian.server.platform.persistence.Db;
import io.meridian.server.training.RunStatus;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Runs, their instances and their timeline. User-facing queries name the tenant; the reconciler's queries
 * ({@link #active()}, {@link #unsettledInstances()}) work across tenants, as the runtime does.
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
            rs.getString("tenant_id"),
            rs.getString("workspace_id"),
            rs.getString("task_id"),
            rs.getString("task_name"),
            rs.getString("workload_id"),
            rs.getString("owner_id"),
            rs.getString("started_by"),
            Json.read(rs.getString("definition_json"), TaskDefinition.class),
            RunStatus.valueOf(rs.getString("status")),
            rs.getString("status_reason"),
            rs.getInt("attempt"),
            rs.getInt("restarts"),
            Db.instant(rs, "created_at"),
            Db.instant(rs, "started_at"),
            Db.instant(rs, "finished_at"),
            Db.instant(rs, "updated_at"),
            rs.getLong("version"));

    private static final RowMapper<InstanceRecord> INSTANCE = (rs, row) -> new InstanceRecord(
            rs.getString("id"),
            rs.getString("run_id"),
            rs.getInt("attempt"),
            rs.getString("replica_role"),
            rs.getInt("replica_index"),
            rs.getString("node"),
            rs.getString("devices"),
            rs.getString("state"),
            (Integer) rs.getObject("exit_code", Integer.class),
            rs.getString("reason"),
            rs.getString("fault_domain"),
            rs.getBoolean("notes_recorded"),
            Db.instant(rs, "started_at"),
            Db.instant(rs, "finished_at"),
            rs.getString("launch_env"));

    private static final RowMapper<RunEvent> EVENT = (rs, row) -> new RunEvent(
            rs.getLong("seq"),
            Db.instant(rs, "at"),
            rs.getString("kind"),
            rs.getString("from_status"),
            rs.getString("to_status"),
            rs.getString("message"));

    private final JdbcClient jdbc;

    RunRepository(JdbcClient jdbc)
    {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    record RunQuery(String tenantId, String workspaceId, String taskId, RunStatus status, String ownerId) {}

    void insert(RunRecord run)
    {
        jdbc.sql("""
                        INSERT INTO training_runs (id, tenant_id, workspace_id, task_id, task_name, workload_id, owner_id, started_by, definition_json, status,
                            status_reason, attempt, restarts, created_at, started_at, finished_at, updated_at, version)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)""")
                .params(run.id(), run.tenantId(), run.workspaceId(), run.taskId(), run.taskName(), run.workloadId(), run.ownerId(), run.startedBy(),
                        Json.write(run.definition()), run.status().name(), run.statusReason(), run.attempt(), run.restarts(),
                        Db.ts(run.createdAt()), Db.ts(run.startedAt()), Db.ts(run.finishedAt()), Db.ts(run.updatedAt()))
                .update();
    }

    Optional<RunRecord> find(String tenantId, String id)
    {
        return jdbc.sql("SELECT * FROM training_runs WHERE tenant_id = ? AND id = ?").params(tenantId, id).query(RUN).optional();
    }

    Optional<RunRecord> findById(String id)
    {
        return jdbc.sql("SELECT * FROM training_runs WHERE id = ?").param(id).query(RUN).optional();
    }

    PageResult<RunRecord> list(RunQuery query, PageRequest page)
    {
        StringBuilder where = new StringBuilder(" WHERE tenant_id = ?");
        List<Object> params = new ArrayList<>(List.of(query.tenantId()));
        if (query.workspaceId() != null) {
            where.append(" AND workspace_id = ?");
            params.add(query.workspaceId());
        }
        if (query.taskId() != null) {
            where.append(" AND task_id = ?");
            params.add(query.taskId());
        }
        if (query.status() != null) {
            where.append(" AND status = ?");
            params.add(query.status().name());
        }
        if (query.ownerId() != null) {
            where.append(" AND owner_id = ?");
            params.add(query.ownerId());
        }
        long total = jdbc.sql("SELECT COUNT(*) FROM training_runs" + where).params(params).query(Long.class).single();
        // in a workspace, the order of the index training_runs_list (the fixed leading columns let H2 read a page from it)
        List<RunRecord> items = jdbc.sql("SELECT * FROM training_runs" + where + page.orderBy(SORTABLE, query.workspaceId() == null ? "created_at DESC, id" : "tenant_id, workspace_id, created_at DESC, id")
                        + " LIMIT " + page.size() + " OFFSET " + page.offset())
                .params(params)
                .query(RUN)
                .list();
        return PageResult.of(items, total, page);
    }

    long countByTask(String tenantId, String taskId)
    {
        return jdbc.sql("SELECT COUNT(*) FROM training_runs WHERE tenant_id = ? AND task_id = ?").params(tenantId, taskId).query(Long.class).single();
    }

    /** The number of runs of each of the given tasks (tasks without runs are absent): one query for a page of tasks. */
    Map<String, Long> countByTasks(String tenantId, List<String> taskIds)
    {
        if (taskIds.isEmpty()) {
            return Map.of();
        }
        return jdbc.sql("SELECT task_id, COUNT(*) AS runs FROM training_runs WHERE tenant_id = :tenant AND task_id IN (:tasks) GROUP BY task_id")
                .param("tenant", tenantId)
                .param("tasks", taskIds)
                .query((rs, row) -> Map.entry(rs.getString("task_id"), rs.getLong("runs")))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    long countActive(String tenantId, String taskId)
    {
        return jdbc.sql("SELECT COUNT(*) FROM training_runs WHERE tenant_id = ? AND task_id = ? AND status IN " + ACTIVE_STATUSES)
                .params(tenantId, taskId).query(Long.class).single();
    }

    /** Every unfinished run of every tenant, oldest first: the reconciler's work list. */
    List<RunRecord> active()
    {
        return jdbc.sql("SELECT * FROM training_runs WHERE status IN " + ACTIVE_STATUSES + " ORDER BY created_at, id").query(RUN).list();
    }

    /**
     * Moves a run from {@code from} to {@code to} if it is still in {@code from}, and records the transition; false if
     * another actor (a stop request, the reconciler) moved it first. Callers run this in a transaction.
     */
    boolean transition(RunRecord run, RunStatus to, String reason, String message, Instant now)
    {
        if (!run.status().canMoveTo(to)) {
            throw new IllegalStateException("run %s cannot move from %s to %s".formatted(run.id(), run.status(), to));
        }
        Instant startedAt = to == RunStatus.RUNNING && run.startedAt() == null ? now : run.startedAt();
        Instant finishedAt = to.isTerminal() ? now : null;
        int rows = jdbc.sql("""
                        UPDATE training_runs SET status = ?, status_reason = ?, started_at = ?, finished_at = ?, updated_at = ?, version = version + 1
                        WHERE id = ? AND status = ?""")
                .params(to.name(), reason, Db.ts(startedAt), Db.ts(finishedAt), Db.ts(now), run.id(), run.status().name())
                .update();
        if (rows == 0) {
            return false;
        }
        addEvent(run.id(), run.tenantId(), now, RunEvent.TRANSITION, run.status(), to, message);
        return true;
    }

    /** A fault-tolerant restart: the next attempt of the gang. */
    void beginAttempt(String runId, int attempt, int restarts, Instant now)
    {
        jdbc.sql("UPDATE training_runs SET attempt = ?, restarts = ?, updated_at = ?, version = version + 1 WHERE id = ?")
                .params(attempt, restarts, Db.ts(now), runId).update();
    }

    List<RunRecord> ofTask(String tenantId, String taskId)
    {
        return jdbc.sql("SELECT * FROM training_runs WHERE tenant_id = ? AND task_id = ?").params(tenantId, taskId).query(RUN).list();
    }

    long countActiveInWorkspace(String tenantId, String workspaceId)
    {
        return jdbc.sql("SELECT COUNT(*) FROM training_runs WHERE tenant_id = ? AND workspace_id = ? AND status IN " + ACTIVE_STATUSES)
                .params(tenantId, workspaceId).query(Long.class).single();
    }

    void setWorkload(String runId, String workloadId)
    {
        jdbc.sql("UPDATE training_runs SET workload_id = ? WHERE id = ?").params(workloadId, runId).update();
    }

    void delete(String tenantId, String id)
    {
        jdbc.sql("DELETE FROM training_runs WHERE tenant_id = ? AND id = ?").params(tenantId, id).update();
    }

    void addEvent(String runId, String tenantId, Instant at, String kind, RunStatus from, RunStatus to, String message)
    {
        jdbc.sql("INSERT INTO training_run_events (run_id, tenant_id, at, kind, from_status, to_status, message) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(runId, tenantId, Db.ts(at), kind, from == null ? null : from.name(), to == null ? null : to.name(), truncate(message, 2000))
                .update();
    }

    List<RunEvent> events(String runId)
    {
        return jdbc.sql("SELECT * FROM training_run_events WHERE run_id = ? ORDER BY seq").param(runId).query(EVENT).list();
    }

    void insertInstances(String tenantId, List<InstanceRecord> instances)
    {
        for (InstanceRecord instance : instances) {
            jdbc.sql("""
                            INSERT INTO training_run_instances (id, run_id, tenant_id, attempt, replica_role, replica_index, node, devices, state,
                                exit_code, reason, fault_domain, notes_recorded, started_at, finished_at, launch_env)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(instance.id(), instance.runId(), tenantId, instance.attempt(), instance.role(), instance.index(), instance.node(),
                            instance.devices(), instance.state(), instance.exitCode(), instance.reason(), instance.faultDomain(), instance.notesRecorded(),
                            Db.ts(instance.startedAt()), Db.ts(instance.finishedAt()), instance.launchEnv())
                    .update();
        }
    }

    List<InstanceRecord> instances(String runId)
    {
        return jdbc.sql("SELECT * FROM training_run_instances WHERE run_id = ? ORDER BY attempt, replica_index").param(runId).query(INSTANCE).list();
    }

    /** Instances launched (or about to be) whose end the reconciler has not yet seen, of every tenant. */
    List<InstanceRecord> unsettledInstances()
    {
        return jdbc.sql("SELECT * FROM training_run_instances WHERE state IN ('WAITING', 'PENDING', 'RUNNING')").query(INSTANCE).list();
    }

    void updateInstance(InstanceRecord instance)
    {
        jdbc.sql("""
                        UPDATE training_run_instances SET state = ?, exit_code = ?, reason = ?, fault_domain = ?, notes_recorded = ?, started_at = ?,
                            finished_at = ?, launch_env = ?
                        WHERE id = ?""")
                .params(instance.state(), instance.exitCode(), truncate(instance.reason(), 1000), instance.faultDomain(), instance.notesRecorded(),
                        Db.ts(instance.startedAt()), Db.ts(instance.finishedAt()), instance.launchEnv(), instance.id())
                .update();
    }

    private static String truncate(String value, int max)
    {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
