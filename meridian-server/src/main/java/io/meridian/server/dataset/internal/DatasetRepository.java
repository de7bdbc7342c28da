package io.meridian.server.dataset.internal;

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

@Repository
class DatasetRepository
{
    private static final Map<String, String> SORTABLE = Map.of("name", "name", "createdAt", "created_at", "status", "status");

    private static final RowMapper<DatasetRecord> DATASET = (rs, row) -> new DatasetRecord(
            rs.getString("id"),
            rs.getString("tenant_id"),
            rs.getString("workspace_id"),
            rs.getString("owner_id"),
            DatasetKind.valueOf(rs.getString("kind")),
            rs.getString("name"),
            rs.getString("dataset_version"),
            rs.getString("description"),
            rs.getString("data_type") == null ? null : DataType.valueOf(rs.getString("data_type")),
            rs.getString("template") == null ? null : AnnotationTemplate.valueOf(rs.getString("template")),
            rs.getString("storage_type"),
            rs.getString("storage_path"),
            rs.getString("visibility"),
            rs.getBoolean("confidential"),
            DatasetStatus.valueOf(rs.getString("status")),
            rs.getBoolean("published"),
            rs.getLong("row_count"),
            rs.getInt("file_count"),
            rs.getLong("size_bytes"),
            rs.getInt("row_files"),
            rs.getString("source_dataset_id"),
            Db.instant(rs, "created_at"),
            Db.instant(rs, "updated_at"),
            rs.getLong("version"));

    private static final RowMapper<ImportRecord> IMPORT = (rs, row) -> new ImportRecord(
            rs.getString("id"),
            rs.getString("tenant_id"),
            rs.getString("dataset_id"),
            rs.getString("source"),
            rs.getString("source_url"),
            DatasetStatus.valueOf(rs.getString("status")),
            rs.getInt("file_count"),
            rs.getInt("duplicate_count"),
            rs.getLong("row_count"),
            rs.getLong("error_count"),
            rs.getString("error_code"),
            rs.getString("error_args"),
            Db.instant(rs, "created_at"),
            rs.getTimestamp("finished_at") == null ? null : Db.instant(rs, "finished_at"));

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private final JdbcClient jdbc;

    DatasetRepository(JdbcClient jdbc)
    {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    Optional<DatasetRecord> find(String tenantId, String id)
    {
        return jdbc.sql("SELECT * FROM datasets WHERE tenant_id = ? AND id = ?").params(tenantId, id).query(DATASET).optional();
    }

    Optional<DatasetRecord> findById(String id)
    {
        return jdbc.sql("SELECT * FROM datasets WHERE id = ?").params(id).query(DATASET).optional();
    }

    boolean nameTaken(String tenantId, DatasetKind kind, String name, String version)
    {
        return jdbc.sql("SELECT COUNT(*) FROM datasets WHERE tenant_id = ? AND kind = ? AND name = ? AND dataset_version = ?")
                .params(tenantId, kind.name(), name, version).query(Long.class).single() > 0;
    }

    /** A workspace's datasets of one kind: everyone's ({@code ownerId} null) or one owner's plus those shared with the workspace. */
    PageResult<DatasetRecord> list(String tenantId, String workspaceId, DatasetKind kind, String ownerId, String search, PageRequest page)
    {
        StringBuilder where = new StringBuilder(" WHERE tenant_id = ? AND workspace_id = ? AND kind = ?");
        List<Object> params = new ArrayList<>(List.of(tenantId, workspaceId, kind.name()));
        if (ownerId != null) {
            where.append(" AND (owner_id = ? OR visibility = ?)");
            params.add(ownerId);
            params.add(DatasetRecord.VISIBILITY_WORKSPACE);
        }
        if (search != null && !search.isBlank()) {
            where.append(" AND (name LIKE ? ESCAPE '\\' OR id = ?)");
            params.add(Db.contains(search));
            params.add(search);
        }
        long total = jdbc.sql("SELECT COUNT(*) FROM datasets" + where).params(params).query(Long.class).single();
        List<DatasetRecord> items = jdbc.sql("SELECT * FROM datasets" + where + page.orderBy(SORTABLE, "created_at DESC, id")
                        + " LIMIT " + page.size() + " OFFSET " + page.offset())
                .params(params)
                .query(DATASET)
                .list();
        return PageResult.of(items, total, page);
    }

    void insert(DatasetRecord d)
    {
        jdbc.sql("""
                        INSERT INTO datasets (id, tenant_id, workspace_id, owner_id, kind, name, dataset_version, description, data_type, template,
                            storage_type, storage_path, visibility, confidential, status, published, row_count, file_count, size_bytes, row_files,
                            source_dataset_id, created_at, updated_at, version)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)""")
                .params(d.id(), d.tenantId(), d.workspaceId(), d.ownerId(), d.kind().name(), d.name(), d.datasetVersion(), d.description(),
                        d.dataType() == null ? null : d.dataType().name(), d.template() == null ? null : d.template().name(),
                        d.storageType(), d.storagePath(), d.visibility(), d.confidential(), d.status().name(), d.published(), d.rowCount(),
                        d.fileCount(), d.sizeBytes(), d.rowFiles(), d.sourceDatasetId(), Db.ts(d.createdAt()), Db.ts(d.updatedAt()))
                .update();
    }

    /** Moves the dataset to {@code to} only from {@code from}: false when another call got there first. */
    boolean transition(String id, DatasetStatus from, DatasetStatus to, Instant now)
    {
        return jdbc.sql("UPDATE datasets SET status = ?, updated_at = ?, version = version + 1 WHERE id = ? AND status = ?")
                .params(to.name(), Db.ts(now), id, from.name()).update() == 1;
    }

    /** Records what a successful import added. */
    void imported(String id, long rows, int files, long bytes, boolean newRowFile, Instant now)
    {
        jdbc.sql("""
                        UPDATE datasets SET status = ?, row_count = row_count + ?, file_count = file_count + ?, size_bytes = size_bytes + ?,
                            row_files = row_files + ?, published = FALSE, updated_at = ?, version = version + 1 WHERE id = ?""")
                .params(DatasetStatus.IMPORT_SUCCEEDED.name(), rows, files, bytes, newRowFile ? 1 : 0, Db.ts(now), id)
                .update();
    }

    void setStatus(String id, DatasetStatus status, Instant now)
    {
        jdbc.sql("UPDATE datasets SET status = ?, updated_at = ?, version = version + 1 WHERE id = ?").params(status.name(), Db.ts(now), id).update();
    }

    void setPublished(String id, boolean published, Instant now)
    {
        jdbc.sql("UPDATE datasets SET published = ?, updated_at = ?, version = version + 1 WHERE id = ?").params(published, Db.ts(now), id).update();
    }

    void delete(String id)
    {
        jdbc.sql("DELETE FROM dataset_annotations WHERE dataset_id = ?").params(id).update();
        jdbc.sql("DELETE FROM dataset_shares WHERE dataset_id = ?").params(id).update();
        jdbc.sql("DELETE FROM dataset_import_errors WHERE import_id IN (SELECT id FROM dataset_imports WHERE dataset_id = ?)").params(id).update();
        jdbc.sql("DELETE FROM dataset_imports WHERE dataset_id = ?").params(id).update();
        jdbc.sql("DELETE FROM datasets WHERE id = ?").params(id).update();
    }

    // imports

    void insertImport(ImportRecord record)
    {
        jdbc.sql("""
                        INSERT INTO dataset_imports (id, tenant_id, dataset_id, source, source_url, status, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(record.id(), record.tenantId(), record.datasetId(), record.source(), record.sourceUrl(), record.status().name(),
                        Db.ts(record.createdAt()))
                .update();
    }

    void finishImport(String id, DatasetStatus status, int files, int duplicates, long rows, long errors, String errorCode, List<String> errorArgs, Instant now)
    {
        jdbc.sql("""
                        UPDATE dataset_imports SET status = ?, file_count = ?, duplicate_count = ?, row_count = ?, error_count = ?, error_code = ?,
                            error_args = ?, finished_at = ? WHERE id = ?""")
                .params(status.name(), files, duplicates, rows, errors, errorCode, errorArgs == null ? null : Json.write(errorArgs), Db.ts(now), id)
                .update();
    }

    void insertErrors(String importId, List<RowError> errors)
    {
        int seq = 0;
        for (RowError error : errors) {
            jdbc.sql("INSERT INTO dataset_import_errors (import_id, seq, file_name, line_no, field, rule, args) VALUES (?, ?, ?, ?, ?, ?, ?)")
                    .params(importId, seq++, error.file(), error.line(), error.field(), error.rule(), Json.write(error.args()))
                    .update();
        }
    }

    Optional<ImportRecord> findImport(String datasetId, String importId)
    {
        return jdbc.sql("SELECT * FROM dataset_imports WHERE dataset_id = ? AND id = ?").params(datasetId, importId).query(IMPORT).optional();
    }

    /** Imports a stopped server left running: (import id, dataset id). */
    List<String[]> runningImports()
    {
        return jdbc.sql("SELECT id, dataset_id FROM dataset_imports WHERE status = ?").params(DatasetStatus.IMPORTING.name())
                .query((rs, row) -> new String[] {rs.getString("id"), rs.getString("dataset_id")})
                .list();
    }

    List<ImportRecord> imports(String datasetId)
    {
        return jdbc.sql("SELECT * FROM dataset_imports WHERE dataset_id = ? ORDER BY created_at DESC, id").params(datasetId).query(IMPORT).list();
    }

    List<RowError> errors(String importId)
    {
        return jdbc.sql("SELECT * FROM dataset_import_errors WHERE import_id = ? ORDER BY seq").params(importId)
                .query((rs, row) -> new RowError(rs.getString("file_name"), rs.getLong("line_no"), rs.getString("field"), rs.getString("rule"),
                        Json.read(rs.getString("args"), STRINGS)))
                .list();
    }

    static List<String> args(String json)
    {
        return json == null ? List.of() : Json.read(json, STRINGS);
    }

    // annotations

    record Annotation(long rowIndex, String content, String label, String relevanceOrder, String safetyOrder) {}

    Map<Long, Annotation> annotations(String datasetId, long fromRow, long toRow)
    {
        Map<Long, Annotation> result = new java.util.HashMap<>();
        jdbc.sql("SELECT * FROM dataset_annotations WHERE dataset_id = ? AND row_index >= ? AND row_index < ?")
                .params(datasetId, fromRow, toRow)
                .query((rs, row) -> new Annotation(rs.getLong("row_index"), rs.getString("content"), rs.getString("label"),
                        rs.getString("relevance_order"), rs.getString("safety_order")))
                .list()
                .forEach(annotation -> result.put(annotation.rowIndex(), annotation));
        return result;
    }

    Optional<Annotation> annotation(String datasetId, long rowIndex)
    {
        return Optional.ofNullable(annotations(datasetId, rowIndex, rowIndex + 1).get(rowIndex));
    }

    void saveAnnotation(String datasetId, Annotation annotation, Instant now)
    {
        int updated = jdbc.sql("UPDATE dataset_annotations SET content = ?, label = ?, relevance_order = ?, safety_order = ?, updated_at = ? WHERE dataset_id = ? AND row_index = ?")
                .params(annotation.content(), annotation.label(), annotation.relevanceOrder(), annotation.safetyOrder(), Db.ts(now), datasetId,
                        annotation.rowIndex())
                .update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO dataset_annotations (dataset_id, row_index, content, label, relevance_order, safety_order, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                    .params(datasetId, annotation.rowIndex(), annotation.content(), annotation.label(), annotation.relevanceOrder(),
                            annotation.safetyOrder(), Db.ts(now))
                    .update();
        }
    }

    void copyAnnotations(String fromDatasetId, String toDatasetId)
    {
        jdbc.sql("""
                        INSERT INTO dataset_annotations (dataset_id, row_index, content, label, relevance_order, safety_order, updated_at)
                        SELECT ?, row_index, content, label, relevance_order, safety_order, updated_at FROM dataset_annotations WHERE dataset_id = ?""")
                .params(toDatasetId, fromDatasetId)
                .update();
    }

    // shares

    void insertShare(String tokenHash, String tenantId, String datasetId, String userId, Instant expiresAt, Instant now)
    {
        jdbc.sql("INSERT INTO dataset_shares (token_hash, tenant_id, dataset_id, created_by, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(tokenHash, tenantId, datasetId, userId, expiresAt == null ? null : Db.ts(expiresAt), Db.ts(now))
                .update();
    }

    /** The dataset a live token shares, across tenants: the token is the proof. */
    Optional<String> sharedDataset(String tokenHash, Instant now)
    {
        return jdbc.sql("SELECT dataset_id FROM dataset_shares WHERE token_hash = ? AND (expires_at IS NULL OR expires_at > ?)")
                .params(tokenHash, Db.ts(now)).query(String.class).optional();
    }

    void deleteShares(String datasetId)
    {
        jdbc.sql("DELETE FROM dataset_shares WHERE dataset_id = ?").params(datasetId).update();
    }
}
