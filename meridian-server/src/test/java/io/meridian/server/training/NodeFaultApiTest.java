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
import java.util.stream.Stream;

import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 节点故障 (001-A §6.8–6.10): a node under a running fault-tolerant run is cordoned; the platform treats it as a node fault,
 * stops the gang, submits it to the scheduler again so that its next attempt lands on nodes that take work, and the script
 * resumes from its newest complete checkpoint. Runs on the embedded default cluster (four A800 nodes); the cordoned node is
 * uncordoned at the end, as other tests place work on it.
 */
class NodeFaultApiTest
        extends TrainingTestSupport
{
    @Autowired
    MeridianProperties properties;

    @Test
    void aCordonedNodeRestartsTheRunElsewhereFromItsCheckpoint()
            throws IOException
    {
        String runId = checkpointedRun("nodefault_");
        String nodeName = instance(admin.get("/api/v1/training-runs/" + runId).json(), "worker-0", 1).path("node").asString();
        String nodeId = nodeId(nodeName);

        ApiClient.Response cordoned = admin.post("/api/v1/nodes/" + nodeId + "/cordon", null);
        assertThat(cordoned.status()).as(cordoned.toString()).isEqualTo(200);
        try {
            JsonNode rerun = Awaitility.await("attempt 2 running").atMost(TrainingRunApiTest.TRAINING_DEADLINE)
                    .until(() -> admin.get("/api/v1/training-runs/" + runId).json(),
                            run -> run.path("status").asString().equals("RUNNING") && run.path("attempt").asInt() == 2);
            assertThat(rerun.path("restarts").asInt()).as("a node fault uses up a fault-tolerance restart").isEqualTo(1);
            assertThat(rerun.path("timeline").valueStream().filter(event -> event.path("kind").asString().equals("FAULT")).map(event -> event.path("message").asString()))
                    .contains("node %s is CORDONED under attempt 1".formatted(nodeName));
            assertThat(rerun.path("instances").valueStream().filter(instance -> instance.path("attempt").asInt() == 2))
                    .as("attempt 2 is placed away from the cordoned node")
                    .hasSize(2)
                    .allSatisfy(instance -> assertThat(instance.path("node").asString()).isNotEqualTo(nodeName));

            JsonNode run = awaitStatus(admin, runId, TrainingRunApiTest.TRAINING_DEADLINE, "SUCCEEDED");
            assertThat(run.path("attempt").asInt()).isEqualTo(2);
            assertThat(TrainingRunApiTest.transitions(run)).containsSubsequence("RUNNING", "QUEUED", "PREPARING", "RUNNING", "SUCCEEDED");
            assertThat(run.path("instances").valueStream().filter(instance -> instance.path("attempt").asInt() == 1))
                    .allSatisfy(instance -> assertThat(instance.path("state").asString()).isIn("STOPPED", "FAILED"));
            ApiClient.Response logs = admin.get("/api/v1/training-runs/" + runId + "/logs?instance=master-0&q=resumed");
            assertThat(TrainingRunApiTest.logText(logs)).singleElement().asString().startsWith("resumed from checkpoint at step ");
            assertThat(lastStep(runId, "master-0")).as("the same final step as an uninterrupted run").isEqualTo(40);
        }
        finally {
            ApiClient.Response uncordoned = admin.post("/api/v1/nodes/" + nodeId + "/uncordon", null);
            assertThat(uncordoned.status()).as(uncordoned.toString()).isEqualTo(200);
        }
    }

    /**
     * A node that goes down takes its instances with it, supervisor and all, leaving no exit code: the executor reports
     * the failure as the node's, and the platform cordons the node (with the reason) and re-places the run elsewhere.
     */
    @Test
    void aWorkerThatVanishesWithItsNodeCordonsTheNodeAndTheRunResumesElsewhere()
            throws IOException
    {
        String runId = checkpointedRun("nodedown_");
        JsonNode worker = instance(admin.get("/api/v1/training-runs/" + runId).json(), "worker-0", 1);
        String nodeName = worker.path("node").asString();
        String nodeId = nodeId(nodeName);

        assertThat(killWithSupervisor(worker.path("id").asString())).as("processes of the worker killed").isGreaterThan(1);
        try {
            JsonNode node = Awaitility.await("the node cordoned").atMost(Duration.ofSeconds(30))
                    .until(() -> admin.get("/api/v1/nodes/" + nodeId).json(), found -> found.path("status").asString().equals("CORDONED"));
            assertThat(node.path("statusReason").asString()).contains(runId).contains("worker-0");

            JsonNode run = awaitStatus(admin, runId, TrainingRunApiTest.TRAINING_DEADLINE, "SUCCEEDED");
            assertThat(run.path("restarts").asInt()).isEqualTo(1);
            assertThat(instance(run, "worker-0", 1).path("faultDomain").asString()).isEqualTo("NODE");
            assertThat(run.path("timeline").valueStream().filter(event -> event.path("kind").asString().equals("FAULT")).map(event -> event.path("message").asString()))
                    .anyMatch(message -> message.startsWith("node %s cordoned".formatted(nodeName)));
            assertThat(TrainingRunApiTest.transitions(run)).containsSubsequence("RUNNING", "QUEUED", "PREPARING", "RUNNING", "SUCCEEDED");
            assertThat(run.path("instances").valueStream().filter(instance -> instance.path("attempt").asInt() == 2))
                    .as("attempt 2 is placed away from the cordoned node")
                    .hasSize(2)
                    .allSatisfy(instance -> assertThat(instance.path("node").asString()).isNotEqualTo(nodeName));
            assertThat(lastStep(runId, "master-0")).as("the same final step as an uninterrupted run").isEqualTo(40);
        }
        finally {
            ApiClient.Response uncordoned = admin.post("/api/v1/nodes/" + nodeId + "/uncordon", null);
            assertThat(uncordoned.status()).as(uncordoned.toString()).isEqualTo(200);
            assertThat(uncordoned.json().path("statusReason").isNull()).as("uncordoning clears the reason").isTrue();
        }
    }

    /** A node whose agent reported once and then fell silent (节点心跳故障) is NOT_READY after the grace period: the run moves. */
    @Test
    void aNodeThatStopsHeartbeatingMovesTheRunElsewhere()
            throws IOException
    {
        String runId = checkpointedRun("heartbeat_");
        String nodeName = instance(admin.get("/api/v1/training-runs/" + runId).json(), "worker-0", 1).path("node").asString();
        String nodeId = nodeId(nodeName);

        // the node's agent reports once, then nothing more (the tests' grace period is 3 s)
        assertThat(admin.post("/api/v1/nodes/" + nodeId + "/heartbeat", null).status()).isEqualTo(200);
        try {
            JsonNode run = awaitStatus(admin, runId, TrainingRunApiTest.TRAINING_DEADLINE, "SUCCEEDED");
            assertThat(run.path("timeline").valueStream().filter(event -> event.path("kind").asString().equals("FAULT")).map(event -> event.path("message").asString()))
                    .contains("node %s is NOT_READY under attempt 1".formatted(nodeName));
            assertThat(run.path("instances").valueStream().filter(instance -> instance.path("attempt").asInt() == 2))
                    .hasSize(2)
                    .allSatisfy(instance -> assertThat(instance.path("node").asString()).isNotEqualTo(nodeName));
            assertThat(lastStep(runId, "master-0")).as("the same final step as an uninterrupted run").isEqualTo(40);
        }
        finally {
            // the agent comes back (READY) and leaves agent management, as the embedded default's nodes are
            assertThat(admin.post("/api/v1/nodes/" + nodeId + "/heartbeat", null).json().path("status").asString()).isEqualTo("READY");
            assertThat(admin.delete("/api/v1/nodes/" + nodeId + "/heartbeat").status()).isEqualTo(200);
        }
    }

    /** SIGKILLs an instance's supervisor and every process under it at once, as a node shutting down does. */
    private long killWithSupervisor(String instanceId)
            throws IOException
    {
        Path pidFile = properties.home().resolve("runtime/instances").resolve(instanceId).resolve("pid");
        ProcessHandle supervisor = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim().split(" ")[0])).orElseThrow();
        List<ProcessHandle> all = Stream.concat(Stream.of(supervisor), supervisor.descendants()).toList();
        all.forEach(ProcessHandle::destroyForcibly);
        return all.size();
    }

    /**
     * Starts a fault-tolerant 2-node DDP run of 40 steps (a checkpoint every 5) in the preset environment {@code pytorch}
     * and returns its id once a checkpoint exists, so that a fault lands mid-training with something to resume from.
     */
    private String checkpointedRun(String namePrefix)
            throws IOException
    {
        pytorch();
        String codePackageId = uploadCodePackage(admin, namePrefix + "ddp", zip(Map.of("ddp_train.py", Files.readString(TrainingRunApiTest.DDP_EXAMPLE)))).text("id");
        String taskId = createTask(admin, taskForm(admin, unique(namePrefix),
                "image", PYTORCH_IMAGE,
                "codePackageId", codePackageId,
                "command", "\"$MERIDIAN_PYTHON\" ddp_train.py --steps 40 --checkpoint-every 5 --step-delay 0.25",
                "env", List.of(body("name", "OMP_NUM_THREADS", "value", "1")),
                "faultTolerance", body("enabled", true, "maxRestarts", 2)));
        String runId = startRun(admin, taskId);
        awaitStatus(admin, runId, TrainingRunApiTest.TRAINING_DEADLINE, "RUNNING");
        Awaitility.await("a checkpoint before the fault").atMost(TrainingRunApiTest.TRAINING_DEADLINE).until(() -> lastStep(runId, "master-0") >= 10);
        return runId;
    }

    private static JsonNode instance(JsonNode run, String name, int attempt)
    {
        return run.path("instances").valueStream()
                .filter(instance -> instance.path("name").asString().equals(name) && instance.path("attempt").asInt() == attempt)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no %s of attempt %d in %s".formatted(name, attempt, run)));
    }

    private String nodeId(String nodeName)
    {
        ApiClient.Response nodes = admin.get("/api/v1/nodes?size=200&name=" + nodeName);
        assertThat(nodes.status()).as(nodes.toString()).isEqualTo(200);
        return nodes.json().path("items").valueStream()
                .filter(node -> node.path("name").asString().equals(nodeName) || node.path("id").asString().equals(nodeName))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no node " + nodeName + " in " + nodes))
                .path("id").asString();
    }

    private long lastStep(String runId, String name)
    {
        JsonNode series = admin.get("/api/v1/training-runs/" + runId + "/metrics?instance=" + name).json().path("series").get(0);
        List<JsonNode> points = series.path("points").valueStream().toList();
        return points.isEmpty() ? 0 : points.getLast().path("step").asLong();
    }
}
