package io.meridian.server.platform.persistence;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * Makes what has been committed durable before anyone is told it was done. PostgreSQL already is on commit (its default
 * {@code synchronous_commit}); H2 writes each commit to its file ({@code WRITE_DELAY=0}), which survives the server's
 * crash, but never fsyncs it, so on H2 {@link #sync()} forces the file to disk ({@code CHECKPOINT SYNC}) and an
 * acknowledged write also survives the machine's crash. Concurrent callers share one fsync: it covers every commit
 * made before it started.
 */
@Component
public class CommitSync
{
    private final JdbcClient jdbc;
    private final boolean h2;
    private final AtomicLong requested = new AtomicLong();
    private final Object lock = new Object();
    // guarded by lock: the highest request an fsync has covered
    private long synced;

    public CommitSync(JdbcClient jdbc, @Value("${spring.datasource.url}") String url)
    {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
        this.h2 = requireNonNull(url, "url is null").startsWith("jdbc:h2:");
    }

    /** Returns once every transaction committed before the call is on disk. Call it outside a transaction. */
    public void sync()
    {
        if (!h2) {
            return;
        }
        long ticket = requested.incrementAndGet();
        synchronized (lock) {
            if (synced >= ticket) {
                // an fsync that started after this caller's commit has finished meanwhile
                return;
            }
            long covered = requested.get();
            jdbc.sql("CHECKPOINT SYNC").update();
            synced = covered;
        }
    }
}
