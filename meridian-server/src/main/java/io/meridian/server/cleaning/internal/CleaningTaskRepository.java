package io.meridian.server.cleaning.internal;

import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.api.PageResult;
import io.meridian.server.platform.persistence.Db;
import io.meridian.server.platform.persistence.Json;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Cleaning tasks. Every query names the tenant, except the runtime's hook, which finds a task by its run. */
@Repository
class CleaningTaskRepository
{
    private static final Map<String, String> SORTABLE = Map.of("name", "name", "createdAt", "created_at");
    private static final String LIST_ORDER = "tenant_id, workspace_id, created_at DESC, id";
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<List<OperatorChoice>> OPERATORS = new TypeReference<>() {};

    private static final RowMapper<CleaningTaskRecord> MAPPER = (rs, row) -> new CleaningTaskRecord(
            rs.getString("id"),
            rs.getString("tenant_id"),
            rs.getString("owner_id"),
            new CleaningDefinition(rs.getString("workspace_id"), rs.getString("id"), rs.getString("name"), rs.getString("input_dataset_id"),
                    rs.getString("output_dataset_id"), Json.readList(rs.getString("fields_json"), STRINGS), Json.readList(rs.getString("operators_json"), OPERATORS),
                    rs.getString("cluster_id"), rs.getString("pool_id"), rs.getString("flavor_name"), rs.getInt("masters"), rs.getInt("workers")),
            rs.getString("input_dataset_name"),
            rs.getString("input_dataset_version"),
            rs.getString("output_dataset_name"),
            CleaningStatus.valueOf(rs.getString("status")),
            rs.getString("latest_run_id"),
            Db.instant(rs, "created_at"),
            Db.instant(rs, "updated_at"),
            rs.getLong("version"));

    private final JdbcClient jdbc;

    CleaningTaskRepository(JdbcClient jdbc)
    {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    /** A list query; {@code ownerId} limits it to one owner's tasks, {@code status} and {@code text} (a part of the name) are optional. */
    record TaskQuery(String tenantId, String workspaceId, String ownerId, CleaningStatus status, String text) {}

    Optional<CleaningTaskRecord> find(String tenantId, String id)
    {
        return jdbc.sql("SELECT * FROM cleaning_tasks WHERE tenant_id = ? AND id = ?").params(tenantId, id).query(MAPPER).optional();
    }

    Optional<CleaningTaskRecord> findByRun(String runId)
    {
        return jdbc.sql("SELECT * FROM cleaning_tasks WHERE latest_run_id = ?").params(runId).query(MAPPER).optional();
    }

    boolean nameTaken(String workspaceId, String name)
    {
        return jdbc.sql("SELECT COUNT(*) FROM cleaning_tasks WHERE workspace_id = ? AND name = ?").params(workspaceId, name).query(Long.class).single() > 0;
    }

    PageResult<CleaningTaskRecord> list(TaskQuery query, PageRequest page)
    {
        StringBuilder where = new StringBuilder(" WHERE tenant_id = ? AND workspace_id = ?");
        List<Object> params = new ArrayList<>(List.of(query.tenantId(), query.workspaceId()));
        if (query.ownerId() != null) {
            where.append(" AND owner_id = ?");
            params.add(query.ownerId());
        }
        if (query.status() != null) {
            where.append(" AND status = ?");
            params.add(query.status().name());
        }
        if (query.text() != null) {
            where.append(" AND name LIKE ? ESCAPE '\\'");
            params.add(Db.contains(query.text()));
        }
        long total = jdbc.sql("SELECT COUNT(*) FROM cleaning_tasks" + where).params(params).query(Long.class).single();
        List<CleaningTaskRecord> items = jdbc.sql("SELECT * FROM cleaning_tasks" + where + page.orderBy(SORTABLE, LIST_ORDER)
                        + " LIMIT " + page.size() + " OFFSET " + page.offset())
                .params(params)
                .query(MAPPER)
                .list();
        return PageResult.of(items, total, page);
    }

    void insert(CleaningTaskRecord task)
    {
        CleaningDefinition d = task.definition();
        jdbc.sql("""
                        INSERT INTO cleaning_tasks (id, tenant_id, workspace_id, owner_id, name, input_dataset_id, input_dataset_name, input_dataset_version,
                            output_dataset_id, output_dataset_name, fields_json, operators_json, cluster_id, pool_id, flavor_name, masters, workers, status,
                            latest_run_id, created_at, updated_at, version)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)""")
                .params(task.id(), task.tenantId(), d.workspaceId(), task.ownerId(), d.name(), d.inputDatasetId(), task.inputDatasetName(),
                        task.inputDatasetVersion(), d.outputDatasetId(), task.outputDatasetName(), Json.write(d.fields()), Json.write(d.operators()),
                        d.clusterId(), d.poolId(), d.flavorName(), d.masters(), d.workers(), task.status().name(), task.latestRunId(),
                        Db.ts(task.createdAt()), Db.ts(task.updatedAt()))
                .update();
    }

    /** A new run of the task (restart): its status starts over. */
    void started(String tenantId, String id, String runId, CleaningStatus status, Instant now)
    {
        jdbc.sql("UPDATE cleaning_tasks SET latest_run_id = ?, status = ?, updated_at = ?, version = version + 1 WHERE tenant_id = ? AND id = ?")
                .params(runId, status.name(), Db.ts(now), tenantId, id)
                .update();
    }

    /** The task whose newest run is {@code runId} follows it; a task restarted since then is left alone. */
    void setStatusOfRun(String runId, CleaningStatus status, Instant now)
    {
        jdbc.sql("UPDATE cleaning_tasks SET status = ?, updated_at = ?, version = version + 1 WHERE latest_run_id = ?")
                .params(status.name(), Db.ts(now), runId)
                .update();
    }

    void delete(String tenantId, String id)
    {
        jdbc.sql("DELETE FROM cleaning_tasks WHERE tenant_id = ? AND id = ?").params(tenantId, id).update();
    }
}
