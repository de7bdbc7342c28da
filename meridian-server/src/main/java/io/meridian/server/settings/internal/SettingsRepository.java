package io.meridian.server.settings.internal;

import io.meridian.server.platform.persistence.Db;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

@Repository
class SettingsRepository
{
    /** The product defaults (001-B §4.3, §6): what a tenant has until an admin changes it. */
    static final long DEFAULT_MAX_CONCURRENT_CARDS = 10_000;
    static final long DEFAULT_MAX_CPU_CORES = 10_000;
    static final long DEFAULT_INITIAL_PARALLEL_STORAGE_GIB = 512;

    private static final RowMapper<TenantSettings> SETTINGS = (rs, row) -> new TenantSettings(
            rs.getString("tenant_id"),
            rs.getLong("max_concurrent_cards"),
            rs.getLong("max_cpu_cores"),
            rs.getLong("initial_parallel_storage_gib"),
            rs.getBoolean("default_queue_for_all_workspaces"),
            Db.instant(rs, "updated_at"),
            rs.getLong("version"));

    private static final RowMapper<UserLimit> LIMIT = (rs, row) -> new UserLimit(
            rs.getString("user_id"),
            rs.getString("tenant_id"),
            rs.getLong("max_concurrent_cards"),
            rs.getLong("max_cpu_cores"),
            Db.instant(rs, "updated_at"),
            rs.getLong("version"));

    private final JdbcClient jdbc;

    SettingsRepository(JdbcClient jdbc)
    {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    record TenantSettings(String tenantId, long maxConcurrentCards, long maxCpuCores, long initialParallelStorageGiB, boolean defaultQueueForAllWorkspaces,
            Instant updatedAt, long version) {}

    record UserLimit(String userId, String tenantId, long maxConcurrentCards, long maxCpuCores, Instant updatedAt, long version) {}

    /** The tenant's settings; the defaults at version 0 while nobody has saved any. */
    TenantSettings settings(String tenantId)
    {
        return jdbc.sql("SELECT * FROM tenant_settings WHERE tenant_id = ?").param(tenantId).query(SETTINGS).optional()
                .orElse(new TenantSettings(tenantId, DEFAULT_MAX_CONCURRENT_CARDS, DEFAULT_MAX_CPU_CORES, DEFAULT_INITIAL_PARALLEL_STORAGE_GIB, false, null, 0));
    }

    /** Saves over {@code version}; the first save of a tenant inserts its row. Returns false if the version moved on. */
    boolean saveSettings(String tenantId, long maxConcurrentCards, long maxCpuCores, long initialParallelStorageGiB, boolean defaultQueueForAllWorkspaces,
            long version, Instant now)
    {
        int rows = jdbc.sql("""
                UPDATE tenant_settings SET max_concurrent_cards = ?, max_cpu_cores = ?, initial_parallel_storage_gib = ?,
                    default_queue_for_all_workspaces = ?, updated_at = ?, version = version + 1
                WHERE tenant_id = ? AND version = ?
                """)
                .params(maxConcurrentCards, maxCpuCores, initialParallelStorageGiB, defaultQueueForAllWorkspaces, Db.ts(now), tenantId, version)
                .update();
        if (rows > 0) {
            return true;
        }
        boolean exists = jdbc.sql("SELECT COUNT(*) FROM tenant_settings WHERE tenant_id = ?").param(tenantId).query(Long.class).single() > 0;
        if (exists || version != 0) {
            return false;
        }
        jdbc.sql("""
                INSERT INTO tenant_settings (tenant_id, max_concurrent_cards, max_cpu_cores, initial_parallel_storage_gib,
                    default_queue_for_all_workspaces, updated_at, version)
                VALUES (?, ?, ?, ?, ?, ?, 1)
                """)
                .params(tenantId, maxConcurrentCards, maxCpuCores, initialParallelStorageGiB, defaultQueueForAllWorkspaces, Db.ts(now))
                .update();
        return true;
    }

    Optional<UserLimit> limit(String tenantId, String userId)
    {
        return jdbc.sql("SELECT * FROM user_limits WHERE tenant_id = ? AND user_id = ?").params(tenantId, userId).query(LIMIT).optional();
    }

    List<UserLimit> limits(String tenantId)
    {
        return jdbc.sql("SELECT * FROM user_limits WHERE tenant_id = ? ORDER BY updated_at DESC, user_id").param(tenantId).query(LIMIT).list();
    }

    void insertLimit(String tenantId, String userId, long maxConcurrentCards, long maxCpuCores, String updatedBy, Instant now)
    {
        jdbc.sql("""
                INSERT INTO user_limits (user_id, tenant_id, max_concurrent_cards, max_cpu_cores, updated_by, updated_at, version)
                VALUES (?, ?, ?, ?, ?, ?, 0)
                """)
                .params(userId, tenantId, maxConcurrentCards, maxCpuCores, updatedBy, Db.ts(now))
                .update();
    }

    int updateLimit(String tenantId, String userId, long maxConcurrentCards, long maxCpuCores, String updatedBy, long version, Instant now)
    {
        return jdbc.sql("""
                UPDATE user_limits SET max_concurrent_cards = ?, max_cpu_cores = ?, updated_by = ?, updated_at = ?, version = version + 1
                WHERE tenant_id = ? AND user_id = ? AND version = ?
                """)
                .params(maxConcurrentCards, maxCpuCores, updatedBy, Db.ts(now), tenantId, userId, version)
                .update();
    }

    void deleteLimit(String tenantId, String userId)
    {
        jdbc.sql("DELETE FROM user_limits WHERE tenant_id = ? AND user_id = ?").params(tenantId, userId).update();
    }
}
