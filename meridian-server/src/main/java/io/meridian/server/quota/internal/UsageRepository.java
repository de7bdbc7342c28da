package io.meridian.server.quota.internal;

import io.meridian.server.platform.persistence.Db;
import io.meridian.server.quota.PoolUsage;
import io.meridian.server.quota.QuotaUsage;
import io.meridian.server.quota.Resources;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;

import static java.util.Objects.requireNonNull;

/** The scheduler's reports of what runs and waits in each pool, kept one row per unfinished task. */
@Repository
class UsageRepository
        implements QuotaUsage
{
    private static final String QUEUED = "QUEUED";
    private static final String ADMITTED = "ADMITTED";

    private final JdbcClient jdbc;
    private final PoolRepository pools;
    private final Clock clock;

    UsageRepository(JdbcClient jdbc, PoolRepository pools, Clock clock)
    {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
        this.pools = requireNonNull(pools, "pools is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    @Transactional
    public void recordQueued(String poolId, String taskId, Resources demand)
    {
        record(poolId, taskId, QUEUED, demand);
    }

    @Override
    @Transactional
    public void recordAdmitted(String poolId, String taskId, Resources allocation)
    {
        record(poolId, taskId, ADMITTED, allocation);
    }

    @Override
    @Transactional
    public void recordReleased(String poolId, String taskId)
    {
        jdbc.sql("DELETE FROM pool_usage WHERE pool_id = ? AND task_id = ?").params(poolId, taskId).update();
    }

    @Override
    public PoolUsage usage(String poolId)
    {
        record Row(String state, int tasks, int cards, int cpuCores, long memoryGiB, int largestCards, int largestCpuCores) {}

        Resources allocated = Resources.NONE;
        int running = 0;
        int queued = 0;
        int largestCards = 0;
        int largestCpu = 0;
        for (Row row : jdbc.sql("""
                        SELECT state, COUNT(*) AS tasks, COALESCE(SUM(cards), 0) AS cards, COALESCE(SUM(cpu_cores), 0) AS cpu_cores,
                            COALESCE(SUM(memory_gib), 0) AS memory_gib, COALESCE(MAX(cards), 0) AS largest_cards,
                            COALESCE(MAX(cpu_cores), 0) AS largest_cpu
                        FROM pool_usage WHERE pool_id = ? GROUP BY state
                        """)
                .param(poolId)
                .query((rs, index) -> new Row(rs.getString("state"), rs.getInt("tasks"), rs.getInt("cards"), rs.getInt("cpu_cores"),
                        rs.getLong("memory_gib"), rs.getInt("largest_cards"), rs.getInt("largest_cpu")))
                .list()) {
            if (row.state().equals(ADMITTED)) {
                allocated = new Resources(row.cards(), row.cpuCores(), row.memoryGiB());
                running = row.tasks();
            }
            else {
                queued = row.tasks();
                largestCards = row.largestCards();
                largestCpu = row.largestCpuCores();
            }
        }
        return new PoolUsage(allocated, running, queued, largestCards, largestCpu);
    }

    private void record(String poolId, String taskId, String state, Resources resources)
    {
        requireNonNull(taskId, "taskId is null");
        requireNonNull(resources, "resources is null");
        PoolRecord pool = pools.findById(poolId).orElseThrow(() -> new IllegalArgumentException("No queue or quota " + poolId));
        jdbc.sql("DELETE FROM pool_usage WHERE pool_id = ? AND task_id = ?").params(poolId, taskId).update();
        jdbc.sql("""
                INSERT INTO pool_usage (pool_id, task_id, tenant_id, state, cards, cpu_cores, memory_gib, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
                .params(poolId, taskId, pool.tenantId(), state, resources.cards(), resources.cpuCores(), resources.memoryGiB(),
                        Db.ts(clock.instant()))
                .update();
    }
}
