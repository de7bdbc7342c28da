package io.meridian.server.runtime.internal;

import io.meridian.executor.Tenancy;
import io.meridian.server.platform.persistence.Db;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Clock;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Each tenant's unprivileged uid on the local backend ({@link Tenancy#BASE_UID} + n), given out on the tenant's first
 * launch and kept: numbers derived from ids could collide, a stored one cannot ({@code UNIQUE}).
 */
@Repository
class SandboxUids
{
    private static final int ATTEMPTS = 5;

    private final JdbcClient jdbc;
    private final Clock clock;

    SandboxUids(JdbcClient jdbc, Clock clock)
    {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    Tenancy tenancy(String tenantId)
    {
        requireNonNull(tenantId, "tenantId is null");
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<Integer> existing = find(tenantId);
            if (existing.isPresent()) {
                return new Tenancy(tenantId, existing.get());
            }
            try {
                jdbc.sql("INSERT INTO sandbox_uids (tenant_id, uid, created_at) SELECT ?, COALESCE(MAX(uid), ?) + 1, ? FROM sandbox_uids")
                        .params(tenantId, Tenancy.BASE_UID, Db.ts(clock.instant()))
                        .update();
            }
            catch (DuplicateKeyException e) {
                // another launch took the same number (or the same tenant) at once: read again
            }
        }
        throw new IllegalStateException("cannot give tenant " + tenantId + " a uid");
    }

    private Optional<Integer> find(String tenantId)
    {
        return jdbc.sql("SELECT uid FROM sandbox_uids WHERE tenant_id = ?").params(tenantId).query(Integer.class).optional();
    }
}
