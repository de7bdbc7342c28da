package io.meridian.server.training;

import io.meridian.server.platform.config.MeridianProperties;
import io.meridian.server.testing.ApiClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.meridian.server.testing.ApiClient.body;
import static io.meridian.server.training.TrainingRunApiTest.logText;
import static io.meridian.server.training.TrainingRunApiTest.messages;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DeepSpeed and TensorFlow parameter-server modes, end to end on the embedded default (real processes on this host,
 * CPU), as the platform sees them: the scripts in {@code src/test/resources/training/} are real distributed programs
 * that read exactly what those frameworks read from the platform: the DeepSpeed hostfile and the rendezvous variables
 * (then torch.distributed over gloo, in the preset environment {@code pytorch}), and {@code TF_CONFIG} (then
 * parameter-server training over TCP at the cluster spec's addresses, standard library only, so with the system's
 * interpreter). The frameworks themselves, DeepSpeed's launcher and TensorFlow, run in the executor's
 * {@code DeepSpeedTest} and {@code TensorFlowPsTest}.
 */
class TrainingFrameworksApiTest
        extends TrainingTestSupport
{
    static final Duration TRAINING_DEADLINE = Duration.ofMinutes(3);
    static final String TENSORFLOW_IMAGE = "registry.example.com/meridian/tensorflow:2.15-cpu";

    @Autowired
    MeridianProperties properties;

    @Test
    void aDeepSpeedRunLaunchesTheRanksItsHostfileDescribesAndTrains()
    {
        pytorch();
        String codePackageId = uploadCodePackage(admin, "deepspeed-example", zip(Map.of("deepspeed_train.py", resource("deepspeed_train.py")))).text("id");
        String taskId = createTask(admin, taskForm(admin, unique("ds_"),
                "image", PYTORCH_IMAGE,
                "mode", "DEEPSPEED",
                "nodes", 2,
                "nprocPerNode", 2,
                "codePackageId", codePackageId,
                "command", "\"$MERIDIAN_PYTHON\" deepspeed_train.py --steps 20 --checkpoint-every 10",
                "env", List.of(body("name", "OMP_NUM_THREADS", "value", "1"))));

        String runId = startRun(admin, taskId);
        JsonNode run = awaitStatus(admin, runId, TRAINING_DEADLINE, "SUCCEEDED");

        Map<String, String> ids = new LinkedHashMap<>();
        run.path("instances").valueStream().forEach(instance -> ids.put(instance.path("name").asString(), instance.path("id").asString()));
        assertThat(run.path("instances").valueStream().map(instance -> instance.path("name").asString() + "=" + instance.path("state").asString()))
                .containsExactlyInAnyOrder("master-0=SUCCEEDED", "worker-0=SUCCEEDED");

        // the hostfile as each launcher read it: every node, in node-rank order, with slots = nprocPerNode
        List<String> hostfile = List.of("hostfile: " + ids.get("master-0") + " slots=2", "hostfile: " + ids.get("worker-0") + " slots=2");
        List<String> master = logText(admin.get("/api/v1/training-runs/" + runId + "/logs?instance=master-0"));
        List<String> worker = logText(admin.get("/api/v1/training-runs/" + runId + "/logs?instance=worker-0"));
        assertThat(master.stream().filter(line -> line.startsWith("hostfile: ")).toList()).isEqualTo(hostfile);
        assertThat(worker.stream().filter(line -> line.startsWith("hostfile: ")).toList()).isEqualTo(hostfile);
        assertThat(master).anyMatch(line -> line.startsWith("launcher: node 0 of 2, ranks 0..1 of 4, master 127.0.0.1:"))
                .contains("rank 0 of 4 started (local rank 0)", "rank 1 of 4 started (local rank 1)", "rank 0 final step 20", "launcher: every rank finished");
        assertThat(worker).anyMatch(line -> line.startsWith("launcher: node 1 of 2, ranks 2..3 of 4, master 127.0.0.1:"))
                .contains("rank 2 of 4 started (local rank 0)", "rank 3 of 4 started (local rank 1)", "rank 3 final step 20", "launcher: every rank finished");

        List<JsonNode> points = points(runId, "master-0");
        assertThat(points).hasSize(20);
        assertThat(points.getLast().path("loss").asDouble()).as("the loss fell").isLessThan(points.getFirst().path("loss").asDouble() / 10);
        assertThat(checkpoints(runId).resolve("ckpt-000000020.pt")).isRegularFile();
    }

    @Test
    void aParameterServerRunSucceedsWithItsChiefAndStopsTheServersStillServing()
            throws IOException
    {
        String codePackageId = uploadCodePackage(admin, "tf-ps-example", zip(Map.of("tf_ps_train.py", resource("tf_ps_train.py")))).text("id");
        String taskId = createTask(admin, taskForm(admin, unique("ps_"),
                "framework", "TENSORFLOW",
                "mode", "PS",
                "image", TENSORFLOW_IMAGE,
                "nodes", 3,
                "parameterServers", 2,
                "evaluators", 1,
                "codePackageId", codePackageId,
                "command", "\"$MERIDIAN_PYTHON\" tf_ps_train.py --steps 30 --checkpoint-every 10",
                "env", List.of()));

        String runId = startRun(admin, taskId);
        awaitStatus(admin, runId, TRAINING_DEADLINE, "SUCCEEDED");

        // parameter servers and workers never exit by themselves: the platform stops them once the chief succeeded
        JsonNode run = awaitInstanceStates(runId, Set.of("chief-0=SUCCEEDED", "worker-0=STOPPED", "worker-1=STOPPED", "ps-0=STOPPED", "ps-1=STOPPED",
                "evaluator-0=STOPPED"));
        assertThat(run.path("status").asString()).as("stopping the servers does not fail the run").isEqualTo("SUCCEEDED");
        assertThat(run.path("statusReason").isNull()).isTrue();
        assertThat(messages(run)).filteredOn(message -> message.startsWith("the chief succeeded, and with it the run (TensorFlow's success policy); stopping "))
                .singleElement().satisfies(message -> assertThat(message).contains("worker-0", "worker-1", "ps-0", "ps-1", "evaluator-0"));
        assertThat(TrainingRunApiTest.transitions(run)).endsWith("SUCCEEDED");
        assertThat(run.path("timeline").valueStream().map(event -> event.path("kind").asString())).as("no instance counts as failed").doesNotContain("FAULT");

        // every task saw the same cluster and its own, distinct task
        JsonMapper json = JsonMapper.builder().build();
        Set<JsonNode> clusters = new HashSet<>();
        for (String name : List.of("chief-0", "worker-0", "worker-1", "ps-0", "ps-1", "evaluator-0")) {
            List<String> log = logText(admin.get("/api/v1/training-runs/" + runId + "/logs?instance=" + name));
            String line = log.stream().filter(text -> text.startsWith("TF_CONFIG ")).findFirst().orElseThrow(() -> new AssertionError(name + " printed no TF_CONFIG: " + log));
            JsonNode tfConfig = json.readTree(line.substring("TF_CONFIG ".length()));
            clusters.add(tfConfig.path("cluster"));
            String[] roleAndIndex = name.split("-");
            assertThat(tfConfig.path("task").path("type").asString()).as("task of %s", name).isEqualTo(roleAndIndex[0]);
            assertThat(tfConfig.path("task").path("index").asInt()).as("task of %s", name).isEqualTo(Integer.parseInt(roleAndIndex[1]));
        }
        assertThat(clusters).hasSize(1);
        JsonNode cluster = clusters.iterator().next();
        assertThat(cluster.propertyNames()).containsExactly("chief", "worker", "ps");
        List<String> addresses = cluster.valueStream().flatMap(JsonNode::valueStream).map(JsonNode::asString).toList();
        assertThat(addresses).hasSize(5).doesNotHaveDuplicates().allMatch(address -> address.startsWith("127.0.0.1:"));

        // the parameter servers held the weights: every worker pushed to each of them at every step
        assertThat(logText(admin.get("/api/v1/training-runs/" + runId + "/logs?instance=ps-0"))).contains("ps 0 holds w0,w2,w4,w6,b, stopped after 60 updates");
        assertThat(logText(admin.get("/api/v1/training-runs/" + runId + "/logs?instance=ps-1"))).contains("ps 1 holds w1,w3,w5,w7, stopped after 60 updates");
        assertThat(logText(admin.get("/api/v1/training-runs/" + runId + "/logs?instance=worker-1"))).contains("worker 1 stopped after 30 steps");
        assertThat(logText(admin.get("/api/v1/training-runs/" + runId + "/logs?instance=chief-0"))).contains("final step 30");
        // the evaluator is not in the cluster spec (TensorFlow and TFJob leave it out) and evaluated the chief's checkpoints
        assertThat(logText(admin.get("/api/v1/training-runs/" + runId + "/logs?instance=evaluator-0")))
                .anyMatch(line -> line.startsWith("evaluator: ckpt-"))
                .anyMatch(line -> line.startsWith("evaluator stopped after evaluating ckpt-"));

        List<JsonNode> points = points(runId, "chief-0");
        assertThat(points).hasSize(30);
        assertThat(points.getLast().path("loss").asDouble()).as("the loss fell").isLessThan(points.getFirst().path("loss").asDouble() / 10);
        Path checkpoints = checkpoints(runId);
        assertThat(checkpoints.resolve("checkpoint")).hasContent("ckpt-30.json\n");
        assertThat(json.readTree(Files.readString(checkpoints.resolve("ckpt-30.json"))).path("values").size()).isEqualTo(9);
    }

    private JsonNode awaitInstanceStates(String runId, Set<String> states)
    {
        JsonNode[] last = new JsonNode[1];
        Awaitility.await("instances of " + runId + " reach " + states)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    last[0] = admin.get("/api/v1/training-runs/" + runId).json();
                    assertThat(last[0].path("instances").valueStream().map(instance -> instance.path("name").asString() + "=" + instance.path("state").asString()))
                            .containsExactlyInAnyOrderElementsOf(states);
                });
        return last[0];
    }

    private List<JsonNode> points(String runId, String instanceName)
    {
        ApiClient.Response metrics = admin.get("/api/v1/training-runs/" + runId + "/metrics?instance=" + instanceName);
        assertThat(metrics.status()).as(metrics.toString()).isEqualTo(200);
        return metrics.json().path("series").get(0).path("points").valueStream().toList();
    }

    private Path checkpoints(String runId)
    {
        String userId = admin.get("/api/v1/me").text("id");
        return properties.home().resolve("storage/home").resolve(userId).resolve("checkpoints").resolve(runId);
    }

    private static String resource(String name)
    {
        try (InputStream in = TrainingFrameworksApiTest.class.getResourceAsStream("/training/" + name)) {
            assertThat(in).as("test resource training/%s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
