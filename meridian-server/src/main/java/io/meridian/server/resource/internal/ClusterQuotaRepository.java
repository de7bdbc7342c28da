package io.meridian.server.resource.internal;

import io.meridian.server.platform.persistence.Db;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The operator's overrides of the resource-group quota; a tenant and region without a row have the default. */
@Repository
class ClusterQuotaRepository
{
    record QuotaRecord(String tenantId, String regionId, int standardLimit, int extendedLimit, Instant updatedAt, long version) {}

    private static final RowMapper<QuotaRecord> ROW = (rs, row) -> new QuotaRecord(
            rs.getString("tenant_id"),
            rs.getString("region_id"),
            rs.getInt("standard_limit"),
            rs.getInt("extended_limit"),
            Db.instant(rs, "updated_at"),
            rs.getLong("version"));

    private final JdbcClient jdbc;

    ClusterQuotaRepository(JdbcClient jdbc)
    {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    Optional<QuotaRecord> find(String tenantId, String regionId)
    {
        return jdbc.sql("SELECT * FROM cluster_quotas WHERE tenant_id = ? AND region_id = ?").params(tenantId, regionId).query(ROW).optional();
    }

    void insert(String tenantId, String regionId, int standardLimit, int extendedLimit, Instant now)
    {
        jdbc.sql("""
                INSERT INTO cluster_quotas (tenant_id, region_id, standard_limit, extended_limit, updated_at, version)
                VALUES (?, ?, ?, ?, ?, 0)
                """)
                .params(tenantId, regionId, standardLimit, extendedLimit, Db.ts(now))
                .update();
    }

    /** Changes the limits if the version still matches; answers the number of rows changed. */
    int update(String tenantId, String regionId, int standardLimit, int extendedLimit, long expectedVersion, Instant now)
    {
        return jdbc.sql("""
                UPDATE cluster_quotas SET standard_limit = ?, extended_limit = ?, updated_at = ?, version = version + 1
                WHERE tenant_id = ? AND region_id = ? AND version = ?
                """)
                .params(standardLimit, extendedLimit, Db.ts(now), tenantId, regionId, expectedVersion)
                .update();
    }
}
