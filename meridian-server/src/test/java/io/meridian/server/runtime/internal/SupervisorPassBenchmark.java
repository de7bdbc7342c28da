package io.meridian.server.runtime.internal;

import io.meridian.server.testing.ApiClient;
import io.meridian.server.training.TrainingTestSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * How long one pass of the training reconciler takes with N unfinished runs: the embedded default cluster runs as many
 * one-card runs as it has cards (real processes), the rest wait in the queue. Not part of the test suite (it measures,
 * it asserts nothing about speed); run it with
 * {@code ./mvnw -pl meridian-server test -Dtest=SupervisorPassBenchmark -Dmeridian.benchmark=true -Dmeridian.benchmark.runs=300}.
 */
class SupervisorPassBenchmark
        extends TrainingTestSupport
{
    private static final Set<String> SETTLED = Set.of("QUEUED", "RUNNING");

    @Autowired
    RunSupervisor supervisor;

    @Test
    void measureOnePass()
    {
        assumeTrue(Boolean.getBoolean("meridian.benchmark"), "a benchmark: run with -Dmeridian.benchmark=true");
        int count = Integer.getInteger("meridian.benchmark.runs", 300);
        String taskId = createTask(admin, taskForm(admin, unique("bench_"), "mode", "SINGLE", "nodes", 1, "command", "exec sleep 600"));
        List<String> runIds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            runIds.add(startRun(admin, taskId));
        }
        try {
            Awaitility.await("every run queued or running").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> statuses(runIds).keySet().stream().allMatch(SETTLED::contains));
            Map<String, Integer> statuses = statuses(runIds);
            long[] passes = new long[20];
            for (int i = 0; i < passes.length; i++) {
                long start = System.nanoTime();
                supervisor.reconcile();
                passes[i] = System.nanoTime() - start;
            }
            Arrays.sort(passes);
            System.out.printf("reconciler pass with %d unfinished runs %s: median %.1f ms, max %.1f ms (%.0f µs per run); period %d ms%n",
                    count, statuses, passes[passes.length / 2] / 1e6, passes[passes.length - 1] / 1e6, passes[passes.length / 2] / 1e3 / count,
                    RunSupervisor.PERIOD_MILLIS);
        }
        finally {
            runIds.forEach(runId -> admin.post("/api/v1/training-runs/" + runId + "/stop", null));
            Awaitility.await("every run stopped").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> statuses(runIds).keySet().stream().noneMatch(status -> SETTLED.contains(status) || status.equals("STOPPING")));
        }
    }

    private Map<String, Integer> statuses(List<String> runIds)
    {
        Map<String, Integer> statuses = new TreeMap<>();
        for (int page = 1; ; page++) {
            ApiClient.Response response = admin.get("/api/v1/training-runs?size=200&page=" + page);
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            JsonNode items = response.json().path("items");
            items.valueStream()
                    .filter(run -> runIds.contains(run.path("id").asString()))
                    .forEach(run -> statuses.merge(run.path("status").asString(), 1, Integer::sum));
            if (items.size() < 200) {
                return statuses;
            }
        }
    }
}
