package io.meridian.server.platform.idempotency;

import io.meridian.server.platform.persistence.Db;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Idempotency keys and the answers they got; status 0 marks a first call still running. */
@Repository
class IdempotencyRepository
{
    record Stored(String requestHash, int status, String contentType, byte[] body, Instant createdAt) {}

    private final JdbcClient jdbc;

    IdempotencyRepository(JdbcClient jdbc)
    {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    /** True when this call is the first with the key (or takes over an abandoned first call); the key's row decides between servers. */
    boolean claim(String principalId, String key, String requestHash, Instant now, Instant expiresAt, Instant abandonedBefore)
    {
        jdbc.sql("DELETE FROM idempotency_keys WHERE principal_id = ? AND expires_at <= ?")
                .params(principalId, Db.ts(now))
                .update();
        int inserted = jdbc.sql("INSERT INTO idempotency_keys (principal_id, idem_key, request_hash, status_code, created_at, expires_at)"
                        + " VALUES (?, ?, ?, 0, ?, ?) ON CONFLICT DO NOTHING")
                .params(principalId, key, requestHash, Db.ts(now), Db.ts(expiresAt))
                .update();
        if (inserted == 1) {
            return true;
        }
        // a first call whose server died before it answered: its retry runs it
        return jdbc.sql("UPDATE idempotency_keys SET created_at = ? WHERE principal_id = ? AND idem_key = ? AND request_hash = ? AND status_code = 0 AND created_at < ?")
                .params(Db.ts(now), principalId, key, requestHash, Db.ts(abandonedBefore))
                .update() == 1;
    }

    Optional<Stored> find(String principalId, String key)
    {
        return jdbc.sql("SELECT request_hash, status_code, content_type, response_body, created_at FROM idempotency_keys WHERE principal_id = ? AND idem_key = ?")
                .params(principalId, key)
                .query((rs, row) -> new Stored(rs.getString("request_hash"), rs.getInt("status_code"), rs.getString("content_type"), rs.getBytes("response_body"),
                        Db.instant(rs, "created_at")))
                .optional();
    }

    void complete(String principalId, String key, int status, String contentType, byte[] body)
    {
        jdbc.sql("UPDATE idempotency_keys SET status_code = ?, content_type = ?, response_body = ? WHERE principal_id = ? AND idem_key = ?")
                .params(status, contentType, body, principalId, key)
                .update();
    }

    /** The first call failed on the server's side: the key is free for a retry to run it again. */
    void release(String principalId, String key)
    {
        jdbc.sql("DELETE FROM idempotency_keys WHERE principal_id = ? AND idem_key = ? AND status_code = 0").params(principalId, key).update();
    }
}
