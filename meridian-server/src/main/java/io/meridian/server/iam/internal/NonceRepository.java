package io.meridian.server.iam.internal;

import io.meridian.server.platform.persistence.Db;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * The nonces of access-key signatures seen, in the database so that a replay is refused across restarts and by every
 * server of an installation. A nonce is kept only while its signature's timestamp would still be accepted.
 */
@Repository
class NonceRepository
{
    private final JdbcClient jdbc;

    NonceRepository(JdbcClient jdbc)
    {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    /** True the first time a key uses a nonce, false on every later use until it expires. */
    boolean remember(String accessKeyId, String nonce, Instant expiresAt, Instant now)
    {
        jdbc.sql("DELETE FROM request_nonces WHERE access_key_id = ? AND expires_at <= ?")
                .params(accessKeyId, Db.ts(now))
                .update();
        try {
            // the primary key decides between two servers receiving the same request at once
            jdbc.sql("INSERT INTO request_nonces (access_key_id, nonce, expires_at) VALUES (?, ?, ?)")
                    .params(accessKeyId, nonce, Db.ts(expiresAt))
                    .update();
            return true;
        }
        catch (DuplicateKeyException e) {
            return false;
        }
    }
}
