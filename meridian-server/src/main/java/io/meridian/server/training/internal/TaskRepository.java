package io.meridian.server.training.internal;

import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.api.PageResult;
import io.meridian.server.platform.persistence.Db;
import io.meridian.server.platform.persistence.Json;
import io.meridian.server.runtime.EnvVar;
import io.meridian.server.runtime.FaultTolerance;
import io.meridian.server.runtime.FaultTolerance.RestartPolicy;
import io.meridian.server.runtime.FaultTolerance.RestartScope;
import io.meridian.server.training.internal.TaskDefinition.TensorBoard;
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

/** Training task definitions. Every query names the tenant. */
@Repository
class TaskRepository
{
    private static final Map<String, String> SORTABLE = Map.of("name", "name", "createdAt", "created_at", "updatedAt", "updated_at");

    private static final TypeReference<List<EnvVar>> ENV = new TypeReference<>() {};
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    // most tasks mount no models: a list page need not parse what it can recognise
    private static final Models NO_MODELS = new Models(List.of(), List.of());
    private static final String NO_MODELS_JSON = Json.write(NO_MODELS);

    private static final RowMapper<TaskRecord> MAPPER = (rs, row) -> {
        String modelsJson = rs.getString("models_json");
        Models models = NO_MODELS_JSON.equals(modelsJson) ? NO_MODELS : Json.read(modelsJson, Models.class);
        TaskDefinition definition = new TaskDefinition(
                rs.getString("workspace_id"),
                rs.getString("name"),
                rs.getString("description"),
                TrainingFramework.valueOf(rs.getString("framework")),
                TrainingMode.valueOf(rs.getString("mode")),
                rs.getString("image"),
                rs.getString("command"),
                Json.readList(rs.getString("env_json"), ENV),
                Json.readList(rs.getString("datasets_json"), STRINGS),
                models.mine(),
                models.preset(),
                rs.getString("code_package_id"),
                rs.getString("cluster_id"),
                rs.getString("pool_id"),
                rs.getString("flavor_name"),
                rs.getString("ps_flavor_name"),
                rs.getString("chief_flavor_name"),
                rs.getString("evaluator_flavor_name"),
                rs.getInt("nodes"),
                rs.getInt("nproc_per_node"),
                rs.getInt("parameter_servers"),
                rs.getInt("evaluators"),
                new FaultTolerance(rs.getBoolean("fault_tolerance"), rs.getInt("max_restarts"), rs.getInt("hang_timeout_seconds"),
                        RestartPolicy.valueOf(rs.getString("restart_policy")), RestartScope.valueOf(rs.getString("restart_scope"))),
                rs.getBoolean("tensorboard") ? new TensorBoard(true, rs.getString("tensorboard_path")) : TensorBoard.OFF);
        return new TaskRecord(rs.getString("id"), rs.getString("tenant_id"), rs.getString("owner_id"), definition,
                Db.instant(rs, "created_at"), Db.instant(rs, "updated_at"), rs.getLong("version"));
    };

    /**
     * Newest first. The leading tenant and workspace columns change nothing (the list fixes both) but let H2 read a page
     * straight from the index training_tasks_list instead of sorting the whole workspace; PostgreSQL does so either way.
     */
    private static final String LIST_ORDER = "tenant_id, workspace_id, created_at DESC, id";

    private final JdbcClient jdbc;

    TaskRepository(JdbcClient jdbc)
    {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    record Models(List<String> mine, List<String> preset)
    {
        Models
        {
            mine = mine == null ? List.of() : List.copyOf(mine);
            preset = preset == null ? List.of() : List.copyOf(preset);
        }
    }

    /** A list query: the tenant and workspace, and, for callers who may only see their own tasks, the owner. */
    record TaskQuery(String tenantId, String workspaceId, String ownerId, String text) {}

    Optional<TaskRecord> find(String tenantId, String id)
    {
        return jdbc.sql("SELECT * FROM training_tasks WHERE tenant_id = ? AND id = ?").params(tenantId, id).query(MAPPER).optional();
    }

    boolean nameTaken(String workspaceId, String name, String exceptId)
    {
        return jdbc.sql("SELECT COUNT(*) FROM training_tasks WHERE workspace_id = ? AND name = ? AND id <> ?")
                .params(workspaceId, name, exceptId == null ? "" : exceptId)
                .query(Long.class).single() > 0;
    }

    PageResult<TaskRecord> list(TaskQuery query, PageRequest page)
    {
        StringBuilder where = new StringBuilder(" WHERE tenant_id = ? AND workspace_id = ?");
        List<Object> params = new ArrayList<>(List.of(query.tenantId(), query.workspaceId()));
        if (query.ownerId() != null) {
            where.append(" AND owner_id = ?");
            params.add(query.ownerId());
        }
        if (query.text() != null) {
            where.append(" AND name LIKE ? ESCAPE '\\'");
            params.add(Db.contains(query.text()));
        }
        long total = jdbc.sql("SELECT COUNT(*) FROM training_tasks" + where).params(params).query(Long.class).single();
        List<TaskRecord> items = jdbc.sql("SELECT * FROM training_tasks" + where + page.orderBy(SORTABLE, LIST_ORDER)
                        + " LIMIT " + page.size() + " OFFSET " + page.offset())
                .params(params)
                .query(MAPPER)
                .list();
        return PageResult.of(items, total, page);
    }

    void insert(TaskRecord task)
    {
        TaskDefinition d = task.definition();
        jdbc.sql("""
                        INSERT INTO training_tasks (id, tenant_id, workspace_id, owner_id, name, description, framework, mode, image, command,
                            env_json, datasets_json, models_json, code_package_id, cluster_id, pool_id, flavor_name, ps_flavor_name, chief_flavor_name,
                            evaluator_flavor_name, nodes, nproc_per_node, parameter_servers, evaluators, fault_tolerance, max_restarts, hang_timeout_seconds,
                            restart_policy, restart_scope, tensorboard, tensorboard_path, created_at, updated_at, version)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)""")
                .params(task.id(), task.tenantId(), d.workspaceId(), task.ownerId(), d.name(), d.description(), d.framework().name(), d.mode().name(),
                        d.image(), d.command(), Json.write(d.env()), Json.write(d.datasets()), Json.write(new Models(d.myModels(), d.presetModels())),
                        d.codePackageId(), d.clusterId(), d.poolId(), d.flavorName(), d.psFlavorName(), d.chiefFlavorName(), d.evaluatorFlavorName(),
                        d.nodes(), d.nprocPerNode(), d.parameterServers(), d.evaluators(),
                        d.faultTolerance().enabled(), d.faultTolerance().maxRestarts(), d.faultTolerance().hangTimeoutSeconds(),
                        d.faultTolerance().restartPolicy().name(), d.faultTolerance().restartScope().name(), d.tensorboard().enabled(), d.tensorboard().path(),
                        Db.ts(task.createdAt()),
                        Db.ts(task.updatedAt()))
                .update();
    }

    /** Overwrites everything but the name and framework (002 §4.6.4.2); the number of rows matched (0 if the version moved on). */
    int update(String tenantId, String id, TaskDefinition d, long version, Instant now)
    {
        return jdbc.sql("""
                        UPDATE training_tasks SET description = ?, mode = ?, image = ?, command = ?, env_json = ?, datasets_json = ?, models_json = ?,
                            code_package_id = ?, cluster_id = ?, pool_id = ?, flavor_name = ?, ps_flavor_name = ?, chief_flavor_name = ?,
                            evaluator_flavor_name = ?, nodes = ?, nproc_per_node = ?, parameter_servers = ?, evaluators = ?,
                            fault_tolerance = ?, max_restarts = ?, hang_timeout_seconds = ?, restart_policy = ?, restart_scope = ?, tensorboard = ?, tensorboard_path = ?,
                            updated_at = ?,
                            version = version + 1
                        WHERE tenant_id = ? AND id = ? AND version = ?""")
                .params(d.description(), d.mode().name(), d.image(), d.command(), Json.write(d.env()), Json.write(d.datasets()),
                        Json.write(new Models(d.myModels(), d.presetModels())), d.codePackageId(), d.clusterId(), d.poolId(), d.flavorName(), d.psFlavorName(),
                        d.chiefFlavorName(), d.evaluatorFlavorName(), d.nodes(),

                        d.nprocPerNode(), d.parameterServers(), d.evaluators(), d.faultTolerance().enabled(), d.faultTolerance().maxRestarts(),
                        d.faultTolerance().hangTimeoutSeconds(), d.faultTolerance().restartPolicy().name(), d.faultTolerance().restartScope().name(),
                        d.tensorboard().enabled(), d.tensorboard().path(), Db.ts(now),
                        tenantId, id, version)
                .update();
    }

    List<String> idsOfWorkspace(String tenantId, String workspaceId)
    {
        return jdbc.sql("SELECT id FROM training_tasks WHERE tenant_id = ? AND workspace_id = ?").params(tenantId, workspaceId).query(String.class).list();
    }

    void delete(String tenantId, String id)
    {
        jdbc.sql("DELETE FROM training_tasks WHERE tenant_id = ? AND id = ?").params(tenantId, id).update();
    }
}
