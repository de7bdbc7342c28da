package io.meridian.server.iam.internal;

import io.meridian.server.platform.persistence.Db;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Duration;
import java.time.Instant;

import static java.util.Objects.requireNonNull;

/** Failed logins per attempted name, kept by the name's hash whether or not a user has that name. */
@Repository
class LoginFailureRepository
{
    record Failures(int count, Instant lockedUntil) {}

    private final JdbcClient jdbc;

    LoginFailureRepository(JdbcClient jdbc)
    {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    /**
     * The name's failures, its row created if need be and locked until the transaction ends, so that concurrent
     * attempts on one name count one by one.
     */
    Failures lock(String nameHash, Instant now)
    {
        jdbc.sql("INSERT INTO login_failures (name_hash, failures, locked_until, updated_at) VALUES (?, 0, NULL, ?) ON CONFLICT DO NOTHING")
                .params(nameHash, Db.ts(now))
                .update();
        return jdbc.sql("SELECT failures, locked_until FROM login_failures WHERE name_hash = ? FOR UPDATE")
                .param(nameHash)
                .query((rs, row) -> new Failures(rs.getInt("failures"), Db.instant(rs, "locked_until")))
                .single();
    }

    void record(String nameHash, int failures, Instant lockedUntil, Instant now)
    {
        jdbc.sql("UPDATE login_failures SET failures = ?, locked_until = ?, updated_at = ? WHERE name_hash = ?")
                .params(failures, Db.ts(lockedUntil), Db.ts(now), nameHash)
                .update();
        // names tried once and forgotten (a spray of guesses) do not pile up
        jdbc.sql("DELETE FROM login_failures WHERE updated_at < ? AND (locked_until IS NULL OR locked_until < ?)")
                .params(Db.ts(now.minus(Duration.ofDays(1))), Db.ts(now))
                .update();
    }

    void clear(String nameHash)
    {
        jdbc.sql("DELETE FROM login_failures WHERE name_hash = ?").param(nameHash).update();
    }
}
