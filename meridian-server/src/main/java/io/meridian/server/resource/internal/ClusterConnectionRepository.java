package io.meridian.server.resource.internal;

import io.meridian.server.platform.crypto.SecretCipher;
import io.meridian.server.platform.persistence.Db;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Clusters' connections to their backends; tokens are encrypted here and decrypted only for the backend's client. */
@Repository
class ClusterConnectionRepository
{
    private final JdbcClient jdbc;
    private final SecretCipher cipher;

    ClusterConnectionRepository(JdbcClient jdbc, SecretCipher cipher)
    {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
        this.cipher = requireNonNull(cipher, "cipher is null");
    }

    /** Stores or replaces the cluster's connection. */
    void save(String clusterId, ClusterConnection connection, Instant now)
    {
        String token = cipher.encrypt(connection.token());
        int updated = jdbc.sql("UPDATE cluster_connections SET url = ?, username = ?, token_encrypted = ?, updated_at = ? WHERE cluster_id = ?")
                .params(connection.url(), connection.user(), token, Db.ts(now), clusterId)
                .update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO cluster_connections (cluster_id, url, username, token_encrypted, updated_at) VALUES (?, ?, ?, ?, ?)")
                    .params(clusterId, connection.url(), connection.user(), token, Db.ts(now))
                    .update();
        }
    }

    /** What the API shows of the cluster's connection, read without decrypting the token. */
    Optional<ClusterService.ConnectionView> view(String clusterId)
    {
        return jdbc.sql("SELECT url, username FROM cluster_connections WHERE cluster_id = ?")
                .param(clusterId)
                .query((rs, row) -> new ClusterService.ConnectionView(rs.getString("url"), rs.getString("username"), true))
                .optional();
    }

    Optional<ClusterConnection> find(String clusterId)
    {
        return jdbc.sql("SELECT url, username, token_encrypted FROM cluster_connections WHERE cluster_id = ?")
                .param(clusterId)
                .query((rs, row) -> new ClusterConnection(rs.getString("url"), rs.getString("username"), cipher.decrypt(rs.getString("token_encrypted"))))
                .optional();
    }
}
