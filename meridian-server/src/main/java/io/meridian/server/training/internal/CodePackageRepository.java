package io.meridian.server.training.internal;

import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.api.PageResult;
import io.meridian.server.platform.persistence.Db;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

@Repository
class CodePackageRepository
{
    private static final Map<String, String> SORTABLE = Map.of("name", "name", "createdAt", "created_at", "updatedAt", "updated_at", "sizeBytes", "size_bytes");

    private static final RowMapper<CodePackageRecord> MAPPER = (rs, row) -> new CodePackageRecord(
            rs.getString("id"),
            rs.getString("tenant_id"),
            rs.getString("owner_id"),
            rs.getString("name"),
            rs.getString("archive_format"),
            rs.getLong("size_bytes"),
            rs.getInt("file_count"),
            Optional.ofNullable(rs.getString("entry_file")),
            Db.instant(rs, "created_at"),
            Db.instant(rs, "updated_at"));

    private final JdbcClient jdbc;

    CodePackageRepository(JdbcClient jdbc)
    {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    Optional<CodePackageRecord> find(String tenantId, String id)
    {
        return jdbc.sql("SELECT * FROM code_packages WHERE tenant_id = ? AND id = ?").params(tenantId, id).query(MAPPER).optional();
    }

    /** The list's filters: a name or id ({@code search}) and a creation time range, each optional. */
    record Filter(String search, Instant createdFrom, Instant createdTo) {}

    PageResult<CodePackageRecord> list(String tenantId, String ownerId, Filter filter, PageRequest page)
    {
        StringBuilder where = new StringBuilder(" WHERE tenant_id = ?");
        List<Object> params = new ArrayList<>(List.of(tenantId));
        if (ownerId != null) {
            where.append(" AND owner_id = ?");
            params.add(ownerId);
        }
        if (filter.search() != null && !filter.search().isBlank()) {
            where.append(" AND (name LIKE ? ESCAPE '\\' OR id = ?)");
            params.add(Db.contains(filter.search().strip()));
            params.add(filter.search().strip());
        }
        if (filter.createdFrom() != null) {
            where.append(" AND created_at >= ?");
            params.add(Db.ts(filter.createdFrom()));
        }
        if (filter.createdTo() != null) {
            where.append(" AND created_at < ?");
            params.add(Db.ts(filter.createdTo()));
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
        jdbc.sql("INSERT INTO code_packages (id, tenant_id, owner_id, name, archive_format, size_bytes, file_count, entry_file, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(record.id(), record.tenantId(), record.ownerId(), record.name(), record.archiveFormat(), record.sizeBytes(), record.fileCount(),
                        record.entryFile().orElse(null), Db.ts(record.createdAt()), Db.ts(record.updatedAt()))
                .update();
    }

    /** Re-upload (重新上传): the package keeps its id, name and owner; its content and what describes it change. */
    void updateContent(CodePackageRecord record)
    {
        jdbc.sql("UPDATE code_packages SET archive_format = ?, size_bytes = ?, file_count = ?, entry_file = ?, updated_at = ? WHERE tenant_id = ? AND id = ?")
                .params(record.archiveFormat(), record.sizeBytes(), record.fileCount(), record.entryFile().orElse(null), Db.ts(record.updatedAt()),
                        record.tenantId(), record.id())
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
