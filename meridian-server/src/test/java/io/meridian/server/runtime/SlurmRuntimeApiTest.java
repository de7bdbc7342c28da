package io.meridian.server.runtime;

import io.meridian.executor.PythonEnvironment;
import io.meridian.executor.slurm.SlurmLocal;
import io.meridian.executor.testing.Environments;
import io.meridian.server.testing.ApiClient;
import io.meridian.server.testing.CliRunner;
import io.meridian.server.testing.Installation;
import io.meridian.server.training.TrainingTestSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code eval "$(bin/slurm-local up)"; bin/meridian-server}, then work on the {@code slurm} cluster through the same
 * API as on the local one: the runtime runs it as Slurm jobs. A two-node DDP training run trains with world size 2 and
 * falling loss, in the preset environment {@code pytorch} its image selects; a plain job runs on both nodes; a running job survives a restart of Meridian (reattached by its job
 * id) and is stopped through Slurm.
 */
@ExtendWith(SlurmLocal.class)
class SlurmRuntimeApiTest
{
    static final Path DDP_EXAMPLE = Path.of("../meridian-runtime-py/examples/ddp_train.py");
    private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "STOPPED", "ABNORMAL");
    private static final Duration DEADLINE = Duration.ofMinutes(3);

    @TempDir
    Path temporary;

    @Test
    void workOnTheSlurmClusterRunsAsSlurmJobsThroughTheSameApi(SlurmLocal.Cluster slurm)
            throws IOException
    {
        PythonEnvironment pytorch = Environments.preset("pytorch");
        Path cliConfig = temporary.resolve("meridian");
        Installation installation = Installation.fresh("slurm-runtime")
                .with("meridian.environments.root", pytorch.root().getParent().toString())
                .with("meridian.slurm.url", slurm.exports().get("MERIDIAN_SLURM_URL"))
                .with("meridian.slurm.user", slurm.exports().get("MERIDIAN_SLURM_USER"))
                .with("meridian.slurm.token", slurm.exports().get("MERIDIAN_SLURM_TOKEN"))
                .with("meridian.slurm.sync-interval", "500ms");
        String sleeper;
        try (ConfigurableApplicationContext server = installation.start()) {
            ApiClient admin = Installation.loginAdmin(server);
            Target slurmTarget = target(admin);

            // a two-node DDP run: world size 2, every step's loss reported, falling
            String codePackageId = TrainingTestSupport.uploadCodePackage(admin, "ddp-example", TrainingTestSupport.zip(Map.of("ddp_train.py",
                    Files.readString(DDP_EXAMPLE)))).text("id");
            ApiClient.Response task = admin.post("/api/v1/training-tasks", body("workspaceId", slurmTarget.workspaceId(), "name", "slurm_ddp",
                    "framework", "PYTORCH", "mode", "DDP", "image", "pytorch:2.15",
                    "command", "\"$MERIDIAN_PYTHON\" ddp_train.py --steps 20 --checkpoint-every 5 --print-every 1",
                    "env", List.of(Map.of("name", "OMP_NUM_THREADS", "value", "1")), "codePackageId", codePackageId,
                    "poolId", slurmTarget.queueId(), "flavorName", slurmTarget.flavor(), "nodes", 2));
            assertThat(task.status()).as(task.toString()).isEqualTo(201);
            ApiClient.Response started = admin.post("/api/v1/training-tasks/" + task.text("id") + "/runs", null);
            assertThat(started.status()).as(started.toString()).isEqualTo(201);
            String runId = started.text("id");
            JsonNode run = await(admin, "/api/v1/training-runs/" + runId, "SUCCEEDED");
            assertThat(texts(run.path("timeline"), "message")).anyMatch(message -> message.startsWith("backend slurm"));
            String master = log(admin, "/api/v1/training-runs/" + runId + "/logs?instance=master-0");
            assertThat(master).contains("rank 0 of 2 started").contains("final step 20");
            JsonNode metrics = admin.get("/api/v1/training-runs/" + runId + "/metrics?instance=master-0").json().path("series").get(0).path("points");
            assertThat(metrics.size()).isEqualTo(20);
            assertThat(metrics.get(19).path("loss").asDouble()).isLessThan(metrics.get(0).path("loss").asDouble());

            // the same DDP job from the CLI, on the slurm cluster by name; its default image selects the preset pytorch,
            // whose bin/ comes first on PATH
            CliRunner cli = new CliRunner(cliConfig, Map.of());
            CliRunner.Result login = cli.runWithInput(Installation.ADMIN_PASSWORD + "\n", "login", "--server", admin.baseUrl(), "--username", "admin",
                    "--password-stdin");
            assertThat(login.exitCode()).as("%s", login).isZero();
            Path code = Files.createDirectories(cliConfig.resolveSibling("code"));
            Files.copy(DDP_EXAMPLE, code.resolve("ddp_train.py"));
            CliRunner.Result submit = cli.run("submit", "pytorch", "--name", "cli_slurm_ddp", "--cluster", "slurm", "--nodes", "2", "--flavor", slurmTarget.flavor(),
                    "--code-dir", code.toString(), "--env", "OMP_NUM_THREADS=1", "--", "python", "ddp_train.py", "--steps", "10", "--print-every", "1");
            assertThat(submit.exitCode()).as("%s", submit).isZero();
            String cliRun = submit.out().strip();
            await(admin, "/api/v1/training-runs/" + cliRun, "SUCCEEDED");
            assertThat(log(admin, "/api/v1/training-runs/" + cliRun + "/logs?instance=master-0")).contains("rank 0 of 2 started").contains("final step 10");

            // a plain job on both nodes of the cluster
            String jobId = job(admin, slurmTarget, "slurm_job", 2, "echo \"instance $MERIDIAN_REPLICA_INDEX of $MERIDIAN_REPLICA_COUNT on $(hostname)\"");
            JsonNode job = await(admin, "/api/v1/jobs/" + jobId, "SUCCEEDED");
            assertThat(job.path("instances").size()).isEqualTo(2);
            assertThat(log(admin, "/api/v1/jobs/" + jobId + "/logs?instance=worker-1")).contains("instance 1 of 2");

            // one that runs until stopped, across a restart of Meridian
            sleeper = job(admin, slurmTarget, "slurm_sleeper", 1, "echo sleeping; exec sleep 600");
            await(admin, "/api/v1/jobs/" + sleeper, "RUNNING");
        }
        assertThat(slurm.slurm("squeue", "--noheader", "--format=%j")).as("the job runs on while Meridian is down").contains("meridian-" + sleeper);

        try (ConfigurableApplicationContext server = installation.start()) {
            ApiClient admin = Installation.loginAdmin(server);
            Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> admin.get("/api/v1/jobs/" + sleeper).text("status").equals("RUNNING"));

            ApiClient.Response stop = admin.post("/api/v1/jobs/" + sleeper + "/stop", null);
            assertThat(stop.status()).as(stop.toString()).isEqualTo(200);
            await(admin, "/api/v1/jobs/" + sleeper, "STOPPED");
            Awaitility.await("Slurm ends the job").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> !slurm.slurm("squeue", "--noheader", "--format=%j").contains("meridian-" + sleeper));
        }
    }

    record Target(String workspaceId, String queueId, String flavor) {}

    /** The default workspace, its default queue on the slurm cluster (made when the cluster was registered) and its smallest CPU flavor. */
    static Target target(ApiClient admin)
    {
        String clusterId = StreamSupport.stream(admin.get("/api/v1/clusters?size=200").json().path("items").spliterator(), false)
                .filter(cluster -> cluster.path("backend").asString().equals("slurm"))
                .map(cluster -> cluster.path("id").asString())
                .findFirst()
                .orElseThrow();
        String workspaceId = StreamSupport.stream(admin.get("/api/v1/workspaces?size=200").json().path("items").spliterator(), false)
                .filter(workspace -> workspace.path("isDefault").asBoolean())
                .map(workspace -> workspace.path("id").asString())
                .findFirst()
                .orElseThrow();
        JsonNode resources = admin.get("/api/v1/workspaces/" + workspaceId + "/resources").json();
        String queueId = StreamSupport.stream(resources.spliterator(), false)
                .filter(pool -> pool.path("clusterId").asString().equals(clusterId) && pool.path("isDefault").asBoolean())
                .map(pool -> pool.path("id").asString())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no default queue on the slurm cluster: " + resources));
        Awaitility.await("the slurm nodes are adopted").atMost(Duration.ofSeconds(30))
                .until(() -> admin.get("/api/v1/flavors?clusterId=" + clusterId).json().path("items").size() > 0);
        String flavor = StreamSupport.stream(admin.get("/api/v1/flavors?clusterId=" + clusterId).json().path("items").spliterator(), false)
                .filter(candidate -> candidate.path("cards").asInt() == 0)
                .min((a, b) -> Integer.compare(a.path("cpuCores").asInt(), b.path("cpuCores").asInt()))
                .map(candidate -> candidate.path("name").asString())
                .orElseThrow();
        return new Target(workspaceId, queueId, flavor);
    }

    private static String job(ApiClient admin, Target target, String name, int nodes, String command)
    {
        ApiClient.Response created = admin.post("/api/v1/jobs", body("workspaceId", target.workspaceId(), "name", name, "poolId", target.queueId(),
                "flavorName", target.flavor(), "nodes", nodes, "command", command));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.text("id");
    }

    static JsonNode await(ApiClient admin, String path, String status)
    {
        JsonNode[] last = new JsonNode[1];
        Awaitility.await(path + " reaches " + status).atMost(DEADLINE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            ApiClient.Response response = admin.get(path);
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            last[0] = response.json();
            String current = response.text("status");
            if (!current.equals(status) && TERMINAL.contains(current)) {
                throw new IllegalStateException(path + " ended " + current + " instead of " + status + ": " + response);
            }
            assertThat(current).isEqualTo(status);
        });
        return last[0];
    }

    static String log(ApiClient admin, String path)
    {
        ApiClient.Response log = admin.get(path);
        assertThat(log.status()).as(log.toString()).isEqualTo(200);
        return String.join("\n", texts(log.json().path("lines"), "text"));
    }

    private static List<String> texts(JsonNode items, String field)
    {
        return StreamSupport.stream(items.spliterator(), false).map(item -> item.path(field).asString()).toList();
    }
}
