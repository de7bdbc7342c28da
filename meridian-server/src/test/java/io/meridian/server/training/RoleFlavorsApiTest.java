package io.meridian.server.training;

import io.meridian.server.testing.ApiClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.meridian.server.testing.ApiClient.body;
import static io.meridian.server.training.TrainingRunApiTest.logText;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * TensorFlow PS resources per role (002 §4.6.4.1 资源配置: Worker, PS, Chief and Evaluator resources): the parameter
 * servers and the evaluator on CPU flavors, the chief and the workers on cards, each placed by the scheduler as its flavor
 * says. {@code flavorName} is the workers' flavor and that of every role left empty.
 */
class RoleFlavorsApiTest
        extends TrainingTestSupport
{
    static final Duration DEADLINE = Duration.ofMinutes(2);
    static final String CHIEF_FLAVOR = "28C_200G_2*A800";
    static final String PS_FLAVOR = "CPU_4C-内存_16G";
    static final String EVALUATOR_FLAVOR = "CPU_2C-内存_8G";

    @Test
    void eachRoleIsPlacedOnItsOwnFlavorAndTheRunSucceedsWithItsChief()
    {
        // the chief finishes soon; the others would serve for a while and are stopped by TensorFlow's success policy
        String command = String.join("\n",
                "echo \"$MERIDIAN_ROLE devices=[$CUDA_VISIBLE_DEVICES]\"",
                "case \"$MERIDIAN_ROLE\" in",
                "  chief) sleep 2; echo chief done ;;",
                "  *) sleep 60 ;;",
                "esac");
        String taskId = createTask(admin, psForm(unique("roles_"), "command", command));

        String runId = startRun(admin, taskId);
        JsonNode run = awaitStatus(admin, runId, DEADLINE, "SUCCEEDED");

        assertThat(run.path("definition").path("psFlavorName").asString()).isEqualTo(PS_FLAVOR);
        Map<String, String> devices = run.path("instances").valueStream()
                .collect(Collectors.toMap(instance -> instance.path("name").asString(), instance -> instance.path("devices").asString()));
        assertThat(devices.keySet()).containsExactlyInAnyOrder("chief-0", "worker-0", "worker-1", "ps-0", "ps-1", "evaluator-0");
        assertThat(devices.get("ps-0")).as("a parameter server on a CPU flavor holds no card").isEmpty();
        assertThat(devices.get("ps-1")).isEmpty();
        assertThat(devices.get("evaluator-0")).isEmpty();
        assertThat(cards(devices.get("chief-0"))).as("the chief's flavor has two cards").hasSize(2);
        assertThat(cards(devices.get("worker-0"))).as("the workers' flavor has one card").hasSize(1);
        assertThat(cards(devices.get("worker-1"))).hasSize(1);

        // each process saw the cards its placement gave it, and no more
        for (Map.Entry<String, String> instance : devices.entrySet()) {
            String role = instance.getKey().substring(0, instance.getKey().indexOf('-'));
            assertThat(logText(admin.get("/api/v1/training-runs/" + runId + "/logs?instance=" + instance.getKey())))
                    .as("log of %s", instance.getKey())
                    .contains(role + " devices=[" + String.join(",", cards(instance.getValue())) + "]");
        }
        assertThat(run.path("instances").valueStream().filter(instance -> instance.path("name").asString().equals("chief-0")))
                .singleElement().satisfies(chief -> assertThat(chief.path("state").asString()).isEqualTo("SUCCEEDED"));
    }

    @Test
    void roleFlavorsAreFlavorsOfTheClusterAndTensorFlowPsOnly()
    {
        ApiClient.Response unknown = admin.post("/api/v1/training-tasks", psForm(unique("badflavor_"),
                "psFlavorName", "CPU_3C-内存_9G", "chiefFlavorName", "nothing", "evaluatorFlavorName", ""));
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(400);
        assertThat(unknown.fieldErrors()).containsExactlyInAnyOrder("psFlavorName:runtime.flavor.unknown", "chiefFlavorName:runtime.flavor.unknown");
        assertThat(unknown.toString()).contains("CPU_3C-内存_9G");
        assertThat(admin.inLanguage("zh-CN").post("/api/v1/training-tasks", psForm(unique("badflavor_"), "psFlavorName", "CPU_3C-内存_9G"))
                .json().path("errors").get(0).path("message").asString())
                .isEqualTo("该集群没有资源规格“CPU_3C-内存_9G”。");

        ApiClient.Response ddp = admin.post("/api/v1/training-tasks", taskForm(admin, unique("ddproles_"),
                "psFlavorName", PS_FLAVOR, "chiefFlavorName", CHIEF_FLAVOR, "evaluatorFlavorName", EVALUATOR_FLAVOR));
        assertThat(ddp.status()).as(ddp.toString()).isEqualTo(400);
        assertThat(ddp.fieldErrors()).containsExactlyInAnyOrder(
                "psFlavorName:training.role-flavor.ps-only",
                "chiefFlavorName:training.role-flavor.ps-only",
                "evaluatorFlavorName:training.role-flavor.ps-only");
        assertThat(ddp.json().path("errors").get(0).path("message").asString()).contains("Only TensorFlow PS training");
        assertThat(admin.inLanguage("zh-CN").post("/api/v1/training-tasks", taskForm(admin, unique("ddproles_"), "psFlavorName", PS_FLAVOR))
                .json().path("errors").get(0).path("message").asString())
                .startsWith("仅 TensorFlow PS 训练");
        // empty role flavors are no role flavors: a DDP form may send them blank
        assertThat(admin.post("/api/v1/training-tasks", taskForm(admin, unique("ddpblank_"), "psFlavorName", "", "chiefFlavorName", " ")).status())
                .isEqualTo(201);
    }

    @Test
    void editAndCopyKeepTheRoleFlavorsAndEmptyMeansTheWorkersFlavor()
    {
        String name = unique("keep_");
        ApiClient.Response created = admin.post("/api/v1/training-tasks", psForm(name, "chiefFlavorName", ""));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(roleFlavors(created.json())).containsExactly(FLAVOR, PS_FLAVOR, null, EVALUATOR_FLAVOR);
        String id = created.text("id");

        ApiClient.Response edited = admin.put("/api/v1/training-tasks/" + id, psForm(name, "chiefFlavorName", CHIEF_FLAVOR, "evaluatorFlavorName", null,
                "version", 0));
        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
        assertThat(roleFlavors(edited.json())).containsExactly(FLAVOR, PS_FLAVOR, CHIEF_FLAVOR, null);
        assertThat(roleFlavors(admin.get("/api/v1/training-tasks/" + id).json())).containsExactly(FLAVOR, PS_FLAVOR, CHIEF_FLAVOR, null);

        ApiClient.Response copy = admin.post("/api/v1/training-tasks/" + id + "/copy", body("name", unique("keepcopy_")));
        assertThat(copy.status()).as(copy.toString()).isEqualTo(201);
        assertThat(roleFlavors(copy.json())).containsExactly(FLAVOR, PS_FLAVOR, CHIEF_FLAVOR, null);

        // a role left empty runs on the workers' flavor: the chief's cards and the evaluator's none
        String runId = startRun(admin, copy.text("id"));
        assertThat(roleFlavors(admin.get("/api/v1/training-runs?taskId=" + copy.text("id")).json().path("items").get(0)))
                .containsExactly(FLAVOR, PS_FLAVOR, CHIEF_FLAVOR, null);
        JsonNode run = awaitStatus(admin, runId, DEADLINE, "SUCCEEDED");
        assertThat(roleFlavors(run.path("definition"))).containsExactly(FLAVOR, PS_FLAVOR, CHIEF_FLAVOR, null);
        Map<String, String> devices = run.path("instances").valueStream()
                .collect(Collectors.toMap(instance -> instance.path("name").asString(), instance -> instance.path("devices").asString()));
        assertThat(cards(devices.get("chief-0"))).hasSize(2);
        assertThat(cards(devices.get("evaluator-0"))).as("the evaluator runs on the workers' flavor").hasSize(1);
        assertThat(devices.get("ps-0")).isEmpty();
    }

    /** A TensorFlow PS task: a chief and two workers, two parameter servers and an evaluator, each role on its own flavor. */
    private Map<String, Object> psForm(String name, Object... overrides)
    {
        Map<String, Object> form = taskForm(admin, name,
                "framework", "TENSORFLOW",
                "mode", "PS",
                "image", TrainingFrameworksApiTest.TENSORFLOW_IMAGE,
                "nodes", 3,
                "parameterServers", 2,
                "evaluators", 1,
                "flavorName", FLAVOR,
                "psFlavorName", PS_FLAVOR,
                "chiefFlavorName", CHIEF_FLAVOR,
                "evaluatorFlavorName", EVALUATOR_FLAVOR,
                "command", "case \"$MERIDIAN_ROLE\" in chief) echo done ;; *) sleep 60 ;; esac",
                "env", List.of());
        form.putAll(body(overrides));
        return form;
    }

    /** The workers', parameter servers', chief's and evaluator's flavors of a task or run view, null where empty. */
    private static List<String> roleFlavors(JsonNode view)
    {
        return Stream.of("flavorName", "psFlavorName", "chiefFlavorName", "evaluatorFlavorName")
                .map(field -> view.path(field).isNull() || view.path(field).isMissingNode() ? null : view.path(field).asString())
                .toList();
    }

    /** The card indices of an instance's devices ({@code NVIDIA:0,1}); none for an empty text. */
    private static List<String> cards(String devices)
    {
        if (devices.isEmpty()) {
            return List.of();
        }
        return List.of(devices.substring(devices.indexOf(':') + 1).split(","));
    }
}
