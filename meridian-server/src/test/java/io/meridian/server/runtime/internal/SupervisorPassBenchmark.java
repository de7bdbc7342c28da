package io.meridian.server.runtime.internal;

import io.meridian.server.testing.StatementCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one pass of the run supervisor costs with many running instances (docs/benchmarks/runtime.md). The load is made
 * as users make it: plain jobs of {@value #NODES_PER_JOB} instances each through {@code POST /api/v1/jobs}, admitted and
 * placed by the real scheduler on the embedded default cluster (given enough virtual nodes), launched by the real
 * supervisor; every record is in the database. Only the backend is a stand-in: {@link RecordedExecutor} starts no
 * process and answers {@code observe()} with the instances it was asked to launch, Running, since this host cannot run
 * 10,000 processes. Each pass runs on this thread with the supervisor's own loop stopped, and {@link StatementCounter}
 * counts the statements it sends to the database, to show that they do not grow with the number of runs.
 * <p>
 * Not part of the test suite (it measures; it asserts only that the load is what it claims); run it with
 * {@code ./mvnw -B -o -Dconsole.skip=true -pl meridian-server -am verify -Dtest=SupervisorPassBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmeridian.benchmark=true} ({@code -Dmeridian.benchmark.workloads=100,1000}: the steps, in workloads), or {@code bin/bench-runtime pass}.
 */
@EnabledIfSystemProperty(named = "meridian.benchmark", matches = "true")
class SupervisorPassBenchmark
        extends RecordedBackendSupport
{
    private static final int NODES_PER_JOB = 10;
    private static final int WARM_UP_PASSES = 5;
    private static final int PASSES = 20;

    @Test
    void measurePasses()
    {
        List<Integer> steps = Arrays.stream(System.getProperty("meridian.benchmark.workloads", "100,1000").split(",")).map(String::trim).map(Integer::valueOf).toList();
        raiseUserLimits();
        int submitted = 0;
        for (int workloads : steps) {
            long start = System.nanoTime();
            submitJobs(submitted, workloads, NODES_PER_JOB, Duration.ofMinutes(30));
            submitted = workloads;
            System.out.printf("%n%,d jobs submitted and running after %.1f s%n", workloads, (System.nanoTime() - start) / 1e9);
            // this thread alone runs passes now: timings and statements are the pass's, not a concurrent loop's
            withLoopStopped(() -> measure(workloads));
        }
    }

    private Void measure(int workloads)
    {
        Map<String, Long> runs = counts("SELECT status, COUNT(*) FROM runs GROUP BY status");
        Map<String, Long> instances = counts("SELECT state, COUNT(*) FROM run_instances GROUP BY state");
        Map<String, Long> scheduled = counts("SELECT status, COUNT(*) FROM workloads GROUP BY status");
        long reservations = count("SELECT COUNT(*) FROM reservations");
        long nodes = count("SELECT COUNT(*) FROM nodes WHERE status = 'READY'");
        long instanceCount = instances.getOrDefault("RUNNING", 0L);
        assertThat(runs.get("RUNNING")).isEqualTo(workloads);
        assertThat(scheduled.get("ADMITTED")).isEqualTo(workloads);
        assertThat(reservations).isEqualTo((long) workloads * NODES_PER_JOB);

        for (int i = 0; i < WARM_UP_PASSES; i++) {
            supervisor.reconcile();
        }
        long[] nanos = new long[PASSES];
        int[] statements = new int[PASSES];
        List<String> first = null;
        int observationsBefore = backends.recorded.observations();
        for (int i = 0; i < PASSES; i++) {
            long start = System.nanoTime();
            StatementCounter.Recorded<Integer> pass = StatementCounter.record(supervisor::reconcile);
            nanos[i] = System.nanoTime() - start;
            statements[i] = pass.statements().size();
            assertThat(pass.result()).isEqualTo(workloads);
            if (first == null) {
                first = pass.statements();
            }
        }
        assertThat(backends.recorded.observations() - observationsBefore).as("one observe() per pass").isEqualTo(PASSES);
        // the passes changed nothing: the load is still what it was
        assertThat(count("SELECT COUNT(*) FROM run_instances WHERE state = 'RUNNING'")).isEqualTo(instanceCount);

        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double median = (sorted[PASSES / 2 - 1] + sorted[PASSES / 2]) / 2e6;
        System.out.printf("""
                        supervisor pass: %,d workloads, %,d instances RUNNING on %,d READY nodes
                          runs %s; run_instances %s; workloads %s; reservations %,d
                          backend: RecordedExecutor (no processes; observe() answers the %,d instances it was asked to launch, Running)
                          load average: %s
                          %d passes after %d warm-up: median %.1f ms, min %.1f ms, max %.1f ms; %.1f µs per instance (median); period %d ms
                          statements per pass: min %d, max %d (every pass: %s)
                          statements of the first measured pass:
                        %s%n""",
                workloads, instanceCount, nodes, runs, instances, scheduled, reservations, backends.recorded.running(), loadAverage(), PASSES, WARM_UP_PASSES,
                median, sorted[0] / 1e6, sorted[PASSES - 1] / 1e6, median * 1e3 / instanceCount, RunSupervisor.PERIOD_MILLIS,
                Arrays.stream(statements).min().orElseThrow(), Arrays.stream(statements).max().orElseThrow(), Arrays.toString(statements), describe(first));
        return null;
    }

    /** The statements, grouped by their text (shortened), with how many times each ran. */
    private static String describe(List<String> statements)
    {
        Map<String, Long> bySql = statements.stream()
                .map(RecordedBackendSupport::normalized)
                .map(sql -> sql.length() > 150 ? sql.substring(0, 150) + "…" : sql)
                .collect(Collectors.groupingBy(Function.identity(), LinkedHashMap::new, Collectors.counting()));
        return bySql.entrySet().stream().map(entry -> "    %4d × %s".formatted(entry.getValue(), entry.getKey())).collect(Collectors.joining("\n"));
    }

    private Map<String, Long> counts(String sql)
    {
        Map<String, Long> counts = new TreeMap<>();
        jdbc.sql(sql).query((rs, row) -> counts.put(rs.getString(1), rs.getLong(2))).list();
        return counts;
    }

    private static String loadAverage()
    {
        try (Stream<String> lines = Files.lines(Path.of("/proc/loadavg"))) {
            return lines.findFirst().orElse("") + " (" + Runtime.getRuntime().availableProcessors() + " cores)";
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
