package io.meridian.server.runtime;

import io.meridian.executor.PythonEnvironment;
import io.meridian.executor.slurm.SlurmLocal;
import io.meridian.executor.testing.Environments;
import io.meridian.server.runtime.SlurmRuntimeApiTest.Target;
import io.meridian.server.testing.ApiClient;
import io.meridian.server.testing.Installation;
import io.meridian.server.training.TrainingTestSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.meridian.server.runtime.SlurmRuntimeApiTest.DDP_EXAMPLE;
import static io.meridian.server.runtime.SlurmRuntimeApiTest.await;
import static io.meridian.server.runtime.SlurmRuntimeApiTest.log;
import static io.meridian.server.runtime.SlurmRuntimeApiTest.target;
import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 节点故障 on the {@code slurm} cluster (001-A §6.8), as {@code NodeFaultApiTest} does on the local one, but the fault comes
 * from Slurm: an administrator drains the node under a running DDP run ({@code scontrol update state=drain}). Meridian's
 * node sync makes the node NOT_READY; a fault-tolerant run is stopped, placed again as its next attempt on the other
 * node and resumes from its checkpoint; any other run fails with the node as the reason. Every drained node is resumed.
 */
@ExtendWith(SlurmLocal.class)
class SlurmNodeFaultApiTest
{
    private static final Pattern RESUMED = Pattern.compile("resumed from checkpoint at step (\\d+)");
    private static final int STEPS = 40;

    @Test
    void aDrainedNodeMovesAFaultTolerantRunToTheOtherNodeAndFailsAnyOther(SlurmLocal.Cluster slurm)
            throws IOException
    {
        PythonEnvironment pytorch = Environments.preset("pytorch");
        Installation installation = Installation.fresh("slurm-nodefault")
                .with("meridian.environments.root", pytorch.root().getParent().toString())
                .with("meridian.slurm.url", slurm.exports().get("MERIDIAN_SLURM_URL"))
                .with("meridian.slurm.user", slurm.exports().get("MERIDIAN_SLURM_USER"))
                .with("meridian.slurm.token", slurm.exports().get("MERIDIAN_SLURM_TOKEN"))
                .with("meridian.slurm.sync-interval", "500ms");
        try (ConfigurableApplicationContext server = installation.start()) {
            ApiClient admin = Installation.loginAdmin(server);
            Target target = target(admin);
            String codePackageId = TrainingTestSupport.uploadCodePackage(admin, "ddp-nodefault",
                    TrainingTestSupport.zip(Map.of("ddp_train.py", Files.readString(DDP_EXAMPLE)))).text("id");

            // fault tolerant: drained once it has a checkpoint, it moves to the other node and resumes there
            String runId = run(admin, target, codePackageId, "slurm_ft", true);
            String drained = nodeOnceCheckpointed(admin, runId);
            drain(slurm, drained);
            try {
                JsonNode run = await(admin, "/api/v1/training-runs/" + runId, "SUCCEEDED");
                assertThat(run.path("attempt").asInt()).isEqualTo(2);
                assertThat(run.path("restarts").asInt()).as("a node fault uses up a fault-tolerance restart").isEqualTo(1);
                assertThat(faults(run)).contains("node %s is NOT_READY under attempt 1".formatted(drained));
                JsonNode second = instance(run, 2);
                assertThat(second.path("node").asString()).as("attempt 2 is placed away from the drained node").isNotEqualTo(drained);
                assertThat(slurmNodes(slurm, runId))
                        .as("Slurm ran attempt 1 on the drained node and attempt 2 on the other")
                        .containsExactly(drained, second.path("node").asString());

                String log = log(admin, "/api/v1/training-runs/" + runId + "/logs?instance=master-0");
                Matcher resumed = RESUMED.matcher(log);
                assertThat(resumed.find()).as("resumed from a checkpoint: %s", log).isTrue();
                assertThat(Integer.parseInt(resumed.group(1))).isPositive();
                assertThat(log).contains("final step " + STEPS);
            }
            finally {
                resume(slurm, drained);
            }

            // not fault tolerant: the drain fails the run, with the node as the reason
            String plainId = run(admin, target, codePackageId, "slurm_plain", false);
            await(admin, "/api/v1/training-runs/" + plainId, "RUNNING");
            String node = instance(admin.get("/api/v1/training-runs/" + plainId).json(), 1).path("node").asString();
            drain(slurm, node);
            try {
                JsonNode failed = await(admin, "/api/v1/training-runs/" + plainId, "FAILED");
                assertThat(failed.path("statusReason").asString()).isEqualTo("node %s is NOT_READY".formatted(node));
                assertThat(failed.path("attempt").asInt()).as("no second attempt").isEqualTo(1);
                Awaitility.await("Slurm ends the run's job").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> !slurm.slurm("squeue", "--noheader", "--format=%j").contains("meridian-" + plainId));
            }
            finally {
                resume(slurm, node);
            }
        }
    }

    /**
     * A 1-node DDP run of {@value #STEPS} steps, a checkpoint every 5 and a step delay, so that it runs about 30 s, in
     * the preset environment {@code pytorch}.
     */
    private static String run(ApiClient admin, Target target, String codePackageId, String name, boolean faultTolerant)
    {
        ApiClient.Response task = admin.post("/api/v1/training-tasks", body("workspaceId", target.workspaceId(), "name", name,
                "framework", "PYTORCH", "mode", "DDP", "image", "pytorch:2.15",
                "command", "\"$MERIDIAN_PYTHON\" ddp_train.py --steps %d --checkpoint-every 5 --step-delay 0.5 --print-every 1".formatted(STEPS),
                "env", List.of(Map.of("name", "OMP_NUM_THREADS", "value", "1")), "codePackageId", codePackageId,
                "poolId", target.queueId(), "flavorName", target.flavor(), "nodes", 1,
                "faultTolerance", body("enabled", faultTolerant, "maxRestarts", 2)));
        assertThat(task.status()).as(task.toString()).isEqualTo(201);
        ApiClient.Response started = admin.post("/api/v1/training-tasks/" + task.text("id") + "/runs", null);
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        return started.text("id");
    }

    /** Waits until the run has saved a checkpoint (step 5 done, step 7 reported) and returns its node. */
    private static String nodeOnceCheckpointed(ApiClient admin, String runId)
    {
        await(admin, "/api/v1/training-runs/" + runId, "RUNNING");
        Awaitility.await("a checkpoint before the drain").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> lastStep(admin, runId) >= 7);
        return instance(admin.get("/api/v1/training-runs/" + runId).json(), 1).path("node").asString();
    }

    private static long lastStep(ApiClient admin, String runId)
    {
        JsonNode points = admin.get("/api/v1/training-runs/" + runId + "/metrics?instance=master-0").json().path("series").path(0).path("points");
        return points.isEmpty() ? 0 : points.get(points.size() - 1).path("step").asLong();
    }

    private static JsonNode instance(JsonNode run, int attempt)
    {
        return run.path("instances").valueStream()
                .filter(instance -> instance.path("name").asString().equals("master-0") && instance.path("attempt").asInt() == attempt)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no master-0 of attempt %d in %s".formatted(attempt, run)));
    }

    private static List<String> faults(JsonNode run)
    {
        return run.path("timeline").valueStream()
                .filter(event -> event.path("kind").asString().equals("FAULT"))
                .map(event -> event.path("message").asString())
                .toList();
    }

    /** Where Slurm ran the run's jobs, oldest first, from slurmctld's own record ({@code scontrol show job}). */
    private static List<String> slurmNodes(SlurmLocal.Cluster slurm, String runId)
    {
        return Arrays.stream(slurm.slurm("scontrol", "show", "job", "--oneliner").split("\n"))
                .filter(line -> line.contains(" JobName=meridian-" + runId + " "))
                .sorted(Comparator.comparingLong(line -> Long.parseLong(field(line, "JobId"))))
                .map(line -> field(line, "NodeList"))
                .toList();
    }

    private static String field(String line, String name)
    {
        Matcher matcher = Pattern.compile("\\b" + name + "=(\\S+)").matcher(line);
        assertThat(matcher.find()).as("%s in %s", name, line).isTrue();
        return matcher.group(1);
    }

    private static void drain(SlurmLocal.Cluster slurm, String node)
    {
        slurm.slurm("scontrol", "update", "nodename=" + node, "state=drain", "reason=meridian node fault test");
    }

    private static void resume(SlurmLocal.Cluster slurm, String node)
    {
        slurm.slurm("scontrol", "update", "nodename=" + node, "state=resume");
    }
}
