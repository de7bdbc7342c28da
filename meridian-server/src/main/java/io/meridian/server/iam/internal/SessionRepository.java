package io.meridian.server.iam.internal;

import io.meridian.server.platform.persistence.Db;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

@Repository
class SessionRepository
{
    /** How stale a session's {@code last_seen_at} may get before a request writes it: reads stay reads. */
    static final Duration TOUCH_INTERVAL = Duration.ofSeconds(60);

    private final JdbcClient jdbc;

    SessionRepository(JdbcClient jdbc)
    {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    void insert(String tokenHash, String userId, Instant now, Instant expiresAt)
    {
        jdbc.sql("INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)")
                .params(tokenHash, userId, Db.ts(now), Db.ts(now), Db.ts(expiresAt))
                .update();
    }

    /** A live session with its user, read in one query because every authenticated request needs both. */
    record LiveSession(UserRecord user, Instant lastSeenAt)
    {
        boolean dueForTouch(Instant now)
        {
            return lastSeenAt.isBefore(now.minus(TOUCH_INTERVAL));
        }
    }

    Optional<LiveSession> findLive(String tokenHash, Instant now)
    {
        return jdbc.sql("SELECT u.*, s.last_seen_at AS session_last_seen_at FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ?")
                .params(tokenHash, Db.ts(now))
                .query((rs, row) -> new LiveSession(UserRepository.MAPPER.mapRow(rs, row), Db.instant(rs, "session_last_seen_at")))
                .optional();
    }

    /**
     * Slides the idle timeout forward. Callers skip it while {@link LiveSession#dueForTouch} is false, so that a list
     * request is not also a write (a durable commit per GET); the condition keeps concurrent touches to one write.
     */
    void touch(String tokenHash, Instant now, Instant expiresAt)
    {
        jdbc.sql("UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE token_hash = ? AND last_seen_at < ?")
                .params(Db.ts(now), Db.ts(expiresAt), tokenHash, Db.ts(now.minus(TOUCH_INTERVAL)))
                .update();
    }

    void delete(String tokenHash)
    {
        jdbc.sql("DELETE FROM sessions WHERE token_hash = ?").param(tokenHash).update();
    }

    void deleteForUser(String userId)
    {
        jdbc.sql("DELETE FROM sessions WHERE user_id = ?").param(userId).update();
    }

    void deleteExpired(Instant now)
    {
        jdbc.sql("DELETE FROM sessions WHERE expires_at <= ?").param(Db.ts(now)).update();
    }
}
