package io.meridian.server.training;

import io.meridian.server.platform.config.MeridianProperties;
import io.meridian.server.testing.ApiClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

/** 容错训练 / 断点续训 (001-A §6.2, §6.8): a failed instance restarts the gang, which resumes from the newest complete checkpoint. */
class FaultToleranceApiTest
        extends TrainingTestSupport
{
    @Autowired
    MeridianProperties properties;

    @Test
    void aKilledWorkerRestartsTheGangFromItsCheckpointAndTheRunStillReachesTheLastStep()
            throws IOException
    {
        pytorch();
        String codePackageId = uploadCodePackage(admin, "ddp-ft", zip(Map.of("ddp_train.py", Files.readString(TrainingRunApiTest.DDP_EXAMPLE)))).text("id");
        String taskId = createTask(admin, taskForm(admin, unique("ft_"),
                "image", PYTORCH_IMAGE,
                "codePackageId", codePackageId,
                "command", "\"$MERIDIAN_PYTHON\" ddp_train.py --steps 40 --checkpoint-every 5 --step-delay 0.25",
                "env", List.of(body("name", "OMP_NUM_THREADS", "value", "1")),
                "faultTolerance", body("enabled", true, "maxRestarts", 2)));
        String runId = startRun(admin, taskId);
        awaitStatus(admin, runId, TrainingRunApiTest.TRAINING_DEADLINE, "RUNNING");
        String workerId = Awaitility.await("a checkpoint before the fault").atMost(TrainingRunApiTest.TRAINING_DEADLINE).until(
                () -> lastStep(runId, "master-0") >= 12 ? instanceId(runId, "worker-0") : null, id -> id != null);

        assertThat(TrainingProcesses.killTraining(properties.home(), workerId, "ddp_train.py")).as("killed the worker's training process").isPositive();

        JsonNode run = awaitStatus(admin, runId, TrainingRunApiTest.TRAINING_DEADLINE, "SUCCEEDED");
        assertThat(run.path("restarts").asInt()).isEqualTo(1);
        assertThat(run.path("attempt").asInt()).isEqualTo(2);
        assertThat(TrainingRunApiTest.transitions(run)).containsSubsequence("RUNNING", "RESTARTING", "RUNNING", "SUCCEEDED");
        assertThat(run.path("timeline").valueStream().filter(event -> event.path("kind").asString().equals("FAULT")).map(event -> event.path("message").asString()))
                .anyMatch(message -> message.startsWith("worker-0 (attempt 1) failed"));
        assertThat(run.path("instances").valueStream().filter(instance -> instance.path("attempt").asInt() == 2)
                .map(instance -> instance.path("name").asString() + "=" + instance.path("state").asString() + "/" + instance.path("restartCount").asInt()))
                .containsExactlyInAnyOrder("master-0=SUCCEEDED/1", "worker-0=SUCCEEDED/1");
        ApiClient.Response logs = admin.get("/api/v1/training-runs/" + runId + "/logs?instance=master-0&q=resumed");
        assertThat(TrainingRunApiTest.logText(logs)).singleElement().asString().startsWith("resumed from checkpoint at step ");
        assertThat(lastStep(runId, "master-0")).as("the same final step as an uninterrupted run").isEqualTo(40);
    }

    @Test
    void aHungInstanceIsStoppedAndTheGangRestartedUntilNoRestartIsLeft()
            throws IOException
    {
        // meridian_runtime's heartbeat needs no torch: the form's non-preset image, the system's interpreter, will do
        String taskId = createTask(admin, taskForm(admin, unique("hang_"), "mode", "SINGLE", "nodes", 1,
                "command", "\"$MERIDIAN_PYTHON\" -c 'import meridian_runtime as m, time; m.heartbeat(1); print(\"working\", flush=True); time.sleep(600)'",
                "faultTolerance", body("enabled", true, "maxRestarts", 1, "hangTimeoutSeconds", 3)));

        String runId = startRun(admin, taskId);
        JsonNode run = awaitStatus(admin, runId, Duration.ofSeconds(90), "FAILED");

        assertThat(run.path("restarts").asInt()).isEqualTo(1);
        assertThat(run.path("timeline").valueStream().filter(event -> event.path("kind").asString().equals("FAULT")).map(event -> event.path("message").asString()))
                .filteredOn(message -> message.contains("hung: no heartbeat for"))
                .hasSize(2);
        assertThat(run.path("statusReason").asString()).contains("hung").contains("no restart left");
        for (JsonNode instance : run.path("instances")) {
            Path pidFile = properties.home().resolve("runtime/instances").resolve(instance.path("id").asString()).resolve("pid");
            long pid = Long.parseLong(Files.readString(pidFile).trim().split(" ")[0]);
            Awaitility.await("hung instance " + instance.path("id").asString() + " stopped").atMost(Duration.ofSeconds(30))
                    .until(() -> ProcessHandle.of(pid).map(process -> !process.isAlive()).orElse(true));
        }
    }

    private String instanceId(String runId, String name)
    {
        JsonNode run = admin.get("/api/v1/training-runs/" + runId).json();
        return run.path("instances").valueStream()
                .filter(instance -> instance.path("name").asString().equals(name) && instance.path("attempt").asInt() == run.path("attempt").asInt())
                .findFirst().orElseThrow().path("id").asString();
    }

    private long lastStep(String runId, String name)
    {
        JsonNode series = admin.get("/api/v1/training-runs/" + runId + "/metrics?instance=" + name).json().path("series").get(0);
        List<JsonNode> points = series.path("points").valueStream().toList();
        return points.isEmpty() ? 0 : points.getLast().path("step").asLong();
    }
}
