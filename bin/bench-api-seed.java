import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Seeds the API benchmark's data set (bin/bench-api) into a stopped Meridian's database: clones of one training task,
 * one finished run and one audit event that the server itself created, so every column is one the server wrote and
 * columns added by later migrations come along. Deterministic: ids, names and times depend only on the row number.
 *
 * Usage: java -cp h2.jar:postgresql.jar bin/bench-api-seed.java URL USER PASSWORD TASK_ID RUN_ID TASKS RUNS AUDIT_EVENTS
 */
final class BenchApiSeed
{
    private static final Instant BASE = Instant.parse("2025-01-01T00:00:00Z");
    private static final int BATCH = 1000;
    private static final String[] RUN_STATUSES = {"SUCCEEDED", "FAILED", "STOPPED", "SUCCEEDED", "ABNORMAL"};
    private static final String[] ACTIONS = {"training-task.create", "training-task.start", "workspace.create", "queue.update", "auth.login", "node.bind"};

    private BenchApiSeed() {}

    public static void main(String[] args)
            throws SQLException
    {
        if (args.length != 8) {
            System.err.println("usage: bench-api-seed.java URL USER PASSWORD TASK_ID RUN_ID TASKS RUNS AUDIT_EVENTS");
            System.exit(2);
        }
        String taskId = args[3];
        String runId = args[4];
        int tasks = Integer.parseInt(args[5]);
        int runs = Integer.parseInt(args[6]);
        int auditEvents = Integer.parseInt(args[7]);
        long started = System.nanoTime();
        try (Connection connection = DriverManager.getConnection(args[0], args[1], args[2])) {
            connection.setAutoCommit(false);
            // the task and run the server created stay; clones fill up to the asked totals
            clone(connection, "training_tasks", taskId, tasks - 1, i -> Map.of(
                    "id", "tt-bench-" + i,
                    "name", "bench_task_" + i,
                    "created_at", ts(BASE.plus(i, ChronoUnit.MINUTES)),
                    "updated_at", ts(BASE.plus(i, ChronoUnit.MINUTES))));
            clone(connection, "training_runs", runId, runs - 1, i -> Map.of(
                    "id", "tr-bench-" + i,
                    "task_id", "tt-bench-" + i,
                    "task_name", "bench_task_" + i,
                    "status", RUN_STATUSES[i % RUN_STATUSES.length],
                    "created_at", ts(BASE.plus(i, ChronoUnit.HOURS)),
                    "started_at", ts(BASE.plus(i, ChronoUnit.HOURS).plusSeconds(30)),
                    "finished_at", ts(BASE.plus(i, ChronoUnit.HOURS).plusSeconds(600)),
                    "updated_at", ts(BASE.plus(i, ChronoUnit.HOURS).plusSeconds(600))));
            String auditId = firstId(connection, "SELECT id FROM audit_events WHERE tenant_id IS NOT NULL ORDER BY occurred_at, id");
            clone(connection, "audit_events", auditId, auditEvents - count(connection, "audit_events"), i -> Map.of(
                    "id", "ae-bench-" + i,
                    "occurred_at", ts(BASE.plus(i * 20L, ChronoUnit.SECONDS)),
                    "action", ACTIONS[i % ACTIONS.length],
                    "target_id", "bench-target-" + (i % 5000),
                    "target_name", "bench_target_" + (i % 5000)));
            connection.commit();
            System.out.printf("seeded: %d training tasks, %d runs, %d audit events in %.1f s%n",
                    count(connection, "training_tasks"), count(connection, "training_runs"), count(connection, "audit_events"),
                    (System.nanoTime() - started) / 1e9);
        }
    }

    /** Inserts {@code copies} copies of one row, each with its own overrides (the id among them). */
    private static void clone(Connection connection, String table, String sourceId, int copies, IntFunction<Map<String, Object>> overrides)
            throws SQLException
    {
        List<String> columns = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT * FROM " + table + " WHERE id = ?")) {
            select.setString(1, sourceId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("no row " + sourceId + " in " + table);
                }
                ResultSetMetaData meta = row.getMetaData();
                for (int c = 1; c <= meta.getColumnCount(); c++) {
                    columns.add(meta.getColumnLabel(c).toLowerCase(java.util.Locale.ROOT));
                    values.add(row.getObject(c));
                }
            }
        }
        String sql = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES (" + "?, ".repeat(columns.size() - 1) + "?)";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (int i = 1; i <= copies; i++) {
                Map<String, Object> changed = overrides.apply(i);
                for (int c = 0; c < columns.size(); c++) {
                    insert.setObject(c + 1, changed.getOrDefault(columns.get(c), values.get(c)));
                }
                insert.addBatch();
                if (i % BATCH == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
    }

    private static String firstId(Connection connection, String sql)
            throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("nothing found by " + sql);
            }
            return rs.getString(1);
        }
    }

    private static int count(Connection connection, String table)
            throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*) FROM " + table); ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static OffsetDateTime ts(Instant instant)
    {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
