package io.meridian.server.training;

import io.meridian.executor.PythonEnvironment;
import io.meridian.server.platform.config.MeridianProperties;
import io.meridian.server.testing.ApiClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs (运行记录) through the REST API on the embedded default: real processes on this host, CPU only; the training
 * run's image is the preset {@code pytorch}, so it runs in that pinned environment.
 */
class TrainingRunApiTest
        extends TrainingTestSupport
{
    static final Path DDP_EXAMPLE = Path.of("../meridian-runtime-py/examples/ddp_train.py");
    static final Duration TRAINING_DEADLINE = Duration.ofMinutes(4);

    @Autowired
    MeridianProperties properties;

    @Test
    void aTwoNodeDdpRunTrainsToSuccessWithFallingLossACheckpointAndLogs()
            throws IOException
    {
        PythonEnvironment pytorch = pytorch();
        String codePackageId = uploadCodePackage(admin, "ddp-example", zip(Map.of("ddp_train.py", Files.readString(DDP_EXAMPLE)))).text("id");
        String taskId = createTask(admin, taskForm(admin, unique("ddp_"),
                "image", PYTORCH_IMAGE,
                "codePackageId", codePackageId,
                "command", "\"$MERIDIAN_PYTHON\" ddp_train.py --steps 30 --checkpoint-every 10",
                // two processes share two cores: one thread each keeps them from fighting
                "env", List.of(body("name", "OMP_NUM_THREADS", "value", "1"))));

        String runId = startRun(admin, taskId);
        JsonNode run = awaitStatus(admin, runId, TRAINING_DEADLINE, "SUCCEEDED");

        assertThat(run.path("instances").valueStream().map(instance -> instance.path("name").asString() + "=" + instance.path("state").asString()))
                .containsExactlyInAnyOrder("master-0=SUCCEEDED", "worker-0=SUCCEEDED");
        assertThat(run.path("instances").valueStream().map(instance -> instance.path("node").asString())).allMatch(node -> node.startsWith("local-a800-"));
        assertThat(transitions(run)).containsSubsequence("CREATING", "QUEUED", "PREPARING", "RUNNING", "SUCCEEDED");
        assertThat(messages(run)).anyMatch(message -> message.contains("image " + PYTORCH_IMAGE + " runs in environment pytorch 2.15.0 (")
                && message.contains(" at " + pytorch.root() + ";"));
        assertThat(messages(run)).as("admitted and placed by the scheduler").noneMatch(message -> message.contains("without the scheduler"));
        assertThat(run.path("startedAt").isNull()).isFalse();
        assertThat(run.path("finishedAt").isNull()).isFalse();

        JsonNode master = series(runId, "master-0");
        List<JsonNode> points = master.path("points").valueStream().toList();
        assertThat(points).hasSize(30);
        assertThat(points.getLast().path("step").asLong()).isEqualTo(30);
        assertThat(points.getLast().path("loss").asDouble()).as("the loss fell").isLessThan(points.getFirst().path("loss").asDouble() / 2);

        String userId = admin.get("/api/v1/me").text("id");
        Path checkpoints = properties.home().resolve("storage/home").resolve(userId).resolve("checkpoints").resolve(runId);
        try (Stream<Path> files = Files.walk(checkpoints)) {
            assertThat(files.filter(Files::isRegularFile).map(path -> path.getFileName().toString())).as("checkpoints in %s", checkpoints).isNotEmpty();
        }

        ApiClient.Response tail = admin.get("/api/v1/training-runs/" + runId + "/logs?instance=master-0");
        assertThat(tail.status()).as(tail.toString()).isEqualTo(200);
        assertThat(logText(tail)).anyMatch(line -> line.contains("rank 0 of 2 started")).anyMatch(line -> line.contains("final step 30"));
        long nextOffset = tail.json().path("nextOffset").asLong();
        assertThat(admin.get("/api/v1/training-runs/" + runId + "/logs?instance=master-0&offset=" + nextOffset).json().path("lines").size())
                .as("nothing new after the end").isZero();
        ApiClient.Response search = admin.get("/api/v1/training-runs/" + runId + "/logs?instance=worker-0&q=final%20step");
        assertThat(logText(search)).containsExactly("final step 30");
        HttpResponse<String> download = getText(admin, "/api/v1/training-runs/" + runId + "/logs/download?instance=worker-0");
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Disposition").orElseThrow()).contains(".log");
        assertThat(download.body()).contains("rank 1 of 2 started").contains("final step 30");

        assertThat(admin.get("/api/v1/training-tasks/" + taskId).json().path("runCount").asLong()).isEqualTo(1);
        assertThat(admin.post("/api/v1/training-runs/" + runId + "/stop", null).text("code")).isEqualTo("runtime.run.finished");
    }

    @Test
    void aStoppedRunEndsStoppedKeepsItsRecordAndCanThenBeDeleted()
    {
        String taskId = createTask(admin, taskForm(admin, unique("stop_"), "mode", "SINGLE", "nodes", 1,
                "command", "echo started; exec sleep 600"));
        String runId = startRun(admin, taskId);
        awaitStatus(admin, runId, Duration.ofSeconds(60), "RUNNING");

        assertThat(admin.delete("/api/v1/training-runs/" + runId).text("code")).as("a running run is not deleted").isEqualTo("runtime.run.active");
        ApiClient.Response stopping = admin.post("/api/v1/training-runs/" + runId + "/stop", null);
        assertThat(stopping.status()).as(stopping.toString()).isEqualTo(200);
        assertThat(stopping.text("status")).isIn("STOPPING", "STOPPED");

        JsonNode run = awaitStatus(admin, runId, Duration.ofSeconds(60), "STOPPED");
        assertThat(run.path("instances").get(0).path("state").asString()).isEqualTo("STOPPED");
        assertThat(transitions(run)).containsSubsequence("RUNNING", "STOPPING", "STOPPED");
        assertThat(logText(admin.get("/api/v1/training-runs/" + runId + "/logs"))).as("logs outlive the run").contains("started");
        assertThat(admin.get("/api/v1/training-runs?taskId=" + taskId + "&status=STOPPED").json().path("total").asLong()).isEqualTo(1);

        assertThat(admin.delete("/api/v1/training-runs/" + runId).status()).isEqualTo(204);
        assertThat(admin.get("/api/v1/training-runs/" + runId).status()).isEqualTo(404);
    }

    @Test
    void aFailingCommandFailsTheRunWithTheExitCode()
    {
        String taskId = createTask(admin, taskForm(admin, unique("fail_"), "mode", "SINGLE", "nodes", 1, "command", "echo about to fail; exit 3"));

        JsonNode run = awaitStatus(admin, startRun(admin, taskId), Duration.ofSeconds(60), "FAILED");

        assertThat(run.path("instances").get(0).path("exitCode").asInt()).isEqualTo(3);
        assertThat(run.path("statusReason").asString()).contains("master-0 failed").contains("exit code 3");
    }

    @Test
    void anotherTenantCannotSeeOrStopARun()
    {
        String taskId = createTask(admin, taskForm(admin, unique("iso_"), "mode", "SINGLE", "nodes", 1, "command", "true"));
        String runId = startRun(admin, taskId);
        ApiClient other = newTenant().main();

        assertThat(other.get("/api/v1/training-runs/" + runId).status()).isEqualTo(404);
        assertThat(other.post("/api/v1/training-runs/" + runId + "/stop", null).status()).isEqualTo(404);
        assertThat(other.get("/api/v1/training-runs/" + runId + "/logs").status()).isEqualTo(404);
        awaitStatus(admin, runId, Duration.ofSeconds(60), "SUCCEEDED");
    }

    private JsonNode series(String runId, String instanceName)
    {
        ApiClient.Response metrics = admin.get("/api/v1/training-runs/" + runId + "/metrics?instance=" + instanceName);
        assertThat(metrics.status()).as(metrics.toString()).isEqualTo(200);
        return metrics.json().path("series").get(0);
    }

    static List<String> transitions(JsonNode run)
    {
        return run.path("timeline").valueStream()
                .filter(event -> event.path("kind").asString().equals("TRANSITION"))
                .map(event -> event.path("toStatus").asString())
                .toList();
    }

    static List<String> messages(JsonNode run)
    {
        return run.path("timeline").valueStream().map(event -> event.path("message").asString()).toList();
    }

    static List<String> logText(ApiClient.Response logs)
    {
        assertThat(logs.status()).as(logs.toString()).isEqualTo(200);
        return logs.json().path("lines").valueStream().map(line -> line.path("text").asString()).toList();
    }
}
