package io.meridian.server.audit.internal;

import io.meridian.server.audit.AuditEntry;
import io.meridian.server.audit.AuditLog;
import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.api.PageResult;
import io.meridian.server.platform.persistence.Db;
import io.meridian.server.platform.persistence.Ids;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

@Repository
class AuditRepository
        implements AuditLog
{
    private static final Map<String, String> SORTABLE = Map.of("time", "occurred_at", "action", "action", "username", "username");

    private final JdbcClient jdbc;

    AuditRepository(JdbcClient jdbc)
    {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    @Override
    public void record(AuditEntry entry)
    {
        jdbc.sql("""
                INSERT INTO audit_events (id, occurred_at, tenant_id, user_id, username, action, target_type, target_id,
                    target_name, result, status, detail, source_ip)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
                .params(entry.id() == null ? Ids.newId("ae") : entry.id(), Db.ts(entry.time()), entry.tenantId(), entry.userId(),
                        entry.username(), entry.action(), entry.targetType(), entry.targetId(), truncate(entry.targetName(), 200),
                        entry.result().name(), entry.status(), truncate(entry.detail(), 1000), entry.sourceIp())
                .update();
    }

    PageResult<AuditEntry> search(AuditQuery query, PageRequest page)
    {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (query.tenantId() != null) {
            where.append(" AND tenant_id = ?");
            params.add(query.tenantId());
        }
        if (query.from() != null) {
            where.append(" AND occurred_at >= ?");
            params.add(Db.ts(query.from()));
        }
        if (query.to() != null) {
            where.append(" AND occurred_at <= ?");
            params.add(Db.ts(query.to()));
        }
        if (query.username() != null) {
            where.append(" AND LOWER(username) LIKE LOWER(?) ESCAPE '\\'");
            params.add(Db.contains(query.username()));
        }
        if (query.action() != null) {
            where.append(" AND action LIKE ? ESCAPE '\\'");
            params.add(Db.contains(query.action()));
        }
        if (query.targetType() != null) {
            where.append(" AND target_type = ?");
            params.add(query.targetType());
        }
        if (query.targetId() != null) {
            where.append(" AND (target_id = ? OR LOWER(target_name) LIKE LOWER(?) ESCAPE '\\')");
            params.add(query.targetId());
            params.add(Db.contains(query.targetId()));
        }
        if (query.result() != null) {
            where.append(" AND result = ?");
            params.add(query.result().name());
        }
        long total = jdbc.sql("SELECT COUNT(*) FROM audit_events" + where).params(params).query(Long.class).single();
        // newest first, in the order of the index audit_events_time or, in one tenant, audit_events_list (the fixed
        // leading tenant column lets H2 read a page from it instead of sorting the whole log)
        List<AuditEntry> items = jdbc.sql("SELECT * FROM audit_events" + where + page.orderBy(SORTABLE, query.tenantId() == null ? "occurred_at DESC, id DESC" : "tenant_id, occurred_at DESC, id DESC")
                        + " LIMIT " + page.size() + " OFFSET " + page.offset())
                .params(params)
                .query((rs, row) -> map(rs))
                .list();
        return PageResult.of(items, total, page);
    }

    private static AuditEntry map(ResultSet rs)
            throws SQLException
    {
        return new AuditEntry(rs.getString("id"), Db.instant(rs, "occurred_at"), rs.getString("tenant_id"), rs.getString("user_id"),
                rs.getString("username"), rs.getString("action"), rs.getString("target_type"), rs.getString("target_id"),
                rs.getString("target_name"), AuditEntry.Result.valueOf(rs.getString("result")), rs.getInt("status"),
                rs.getString("detail"), rs.getString("source_ip"));
    }

    private static String truncate(String value, int max)
    {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    record AuditQuery(String tenantId, Instant from, Instant to, String username, String action, String targetType, String targetId, AuditEntry.Result result) {}
}
