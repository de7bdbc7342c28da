package io.meridian.server.training.internal;

import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.api.PageResult;
import io.meridian.server.platform.persistence.Db;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

@Repository
class CodePackageRepository
{
    private static final Map<String, String> SORTABLE = Map.of("name", "name", "createdAt", "created_at", "sizeBytes", "size_bytes");

    private static final RowMapper<CodePackageRecord> MAPPER = (rs, row) -> new CodePackageRecord(
            rs.getString("id"),
            rs.getString("tenant_id"),
            rs.getString("owner_id"),
            rs.getString("name"),
            rs.getString("archive_format"),
            rs.getLong("size_bytes"),
            rs.getInt("file_count"),
            Db.instant(rs, "created_at"));

    private final JdbcClient jdbc;

    CodePackageRepository(JdbcClient jdbc)
    {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    Optional<CodePackageRecord> find(String tenantId, String id)
    {
        return jdbc.sql("SELECT * FROM code_packages WHERE tenant_id = ? AND id = ?").params(tenantId, id).query(MAPPER).optional();
    }

    PageResult<CodePackageRecord> list(String tenantId, String ownerId, PageRequest page)
    {
        StringBuilder where = new StringBuilder(" WHERE tenant_id = ?");
        List<Object> params = new ArrayList<>(List.of(tenantId));
        if (ownerId != null) {
            where.append(" AND owner_id = ?");
            params.add(ownerId);
        }
        long total = jdbc.sql("SELECT COUNT(*) FROM code_packages" + where).params(params).query(Long.class).single();
        List<CodePackageRecord> items = jdbc.sql("SELECT * FROM code_packages" + where + page.orderBy(SORTABLE, "created_at DESC, id")
                        + " LIMIT " + page.size() + " OFFSET " + page.offset())
                .params(params)
                .query(MAPPER)
                .list();
        return PageResult.of(items, total, page);
    }

    void insert(CodePackageRecord record)
    {
        jdbc.sql("INSERT INTO code_packages (id, tenant_id, owner_id, name, archive_format, size_bytes, file_count, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(record.id(), record.tenantId(), record.ownerId(), record.name(), record.archiveFormat(), record.sizeBytes(), record.fileCount(),
                        Db.ts(record.createdAt()))
                .update();
    }

    /** Every package's id, across tenants: what the runtime's {@code storage/code} may hold. */
    Set<String> allIds()
    {
        return Set.copyOf(jdbc.sql("SELECT id FROM code_packages").query(String.class).list());
    }

    void delete(String tenantId, String id)
    {
        jdbc.sql("DELETE FROM code_packages WHERE tenant_id = ? AND id = ?").params(tenantId, id).update();
    }

    boolean usedByTasks(String tenantId, String id)
    {
        return jdbc.sql("SELECT COUNT(*) FROM training_tasks WHERE tenant_id = ? AND code_package_id = ?").params(tenantId, id).query(Long.class).single() > 0;
    }
}
