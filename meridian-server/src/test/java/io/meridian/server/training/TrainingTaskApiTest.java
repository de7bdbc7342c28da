package io.meridian.server.training;

import io.meridian.server.testing.ApiClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

/** Training task definitions (训练任务): 001-A §6.2, 002 §4.6.4.1–4.6.4.2. */
class TrainingTaskApiTest
        extends TrainingTestSupport
{
    @Test
    void aSavedTaskKeepsItsWholeDefinitionAndDoesNotRun()
    {
        String name = unique("ddp_");
        Map<String, Object> form = taskForm(admin, name, "faultTolerance", body("enabled", true, "maxRestarts", 2), "myModels", List.of("llama-7b/v1"));

        ApiClient.Response created = admin.post("/api/v1/training-tasks", form);

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode task = admin.get("/api/v1/training-tasks/" + created.text("id")).json();
        assertThat(task.path("name").asString()).isEqualTo(name);
        assertThat(task.path("framework").asString()).isEqualTo("PYTORCH");
        assertThat(task.path("mode").asString()).isEqualTo("DDP");
        assertThat(task.path("image").asString()).isEqualTo(IMAGE);
        assertThat(task.path("env").get(0).path("name").asString()).isEqualTo("LOG_LEVEL");
        assertThat(task.path("datasets").get(0).asString()).isEqualTo("mnist");
        assertThat(task.path("myModels").get(0).asString()).isEqualTo("llama-7b/v1");
        assertThat(task.path("flavorName").asString()).isEqualTo(FLAVOR);
        assertThat(task.path("nodes").asInt()).isEqualTo(2);
        assertThat(task.path("clusterId").asString()).as("derived from the queue").isNotBlank();
        assertThat(task.path("faultTolerance").path("enabled").asBoolean()).isTrue();
        assertThat(task.path("faultTolerance").path("maxRestarts").asInt()).isEqualTo(2);
        assertThat(task.path("outputDir").asString()).isEqualTo("/work/home");
        assertThat(task.path("runCount").asLong()).as("saving does not run").isZero();
        assertThat(task.path("version").asLong()).isZero();
        assertThat(admin.get("/api/v1/training-runs?taskId=" + created.text("id")).json().path("total").asLong()).isZero();
        assertThat(admin.get("/api/v1/training-tasks?q=" + name).json().path("items").get(0).path("id").asString()).isEqualTo(created.text("id"));
    }

    @Test
    void everyBrokenRuleOfTheFormIsReportedAtOnce()
    {
        ApiClient.Response refused = admin.post("/api/v1/training-tasks", taskForm(admin, "_bad",
                "description", "x".repeat(129),
                "framework", "TENSORFLOW",
                "mode", "DDP",
                "image", "Not An Image!",
                "command", "",
                "env", List.of(body("name", "1BAD", "value", "x")),
                "datasets", Collections.nCopies(11, "d"),
                "flavorName", "no-such-flavor",
                "faultTolerance", body("enabled", true, "maxRestarts", 99)));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text("code")).isEqualTo("validation.failed");
        assertThat(refused.fieldErrors()).contains(
                "name:validation.name.cluster",
                "description:validation.max-length",
                "mode:training.mode.unsupported",
                "image:runtime.image.invalid",
                "command:validation.required",
                "env[0].name:runtime.env.name",
                "datasets:training.references.too-many",
                "flavorName:runtime.flavor.unknown",
                "faultTolerance.maxRestarts:validation.range");
    }

    @Test
    void theNameRuleAllowsChineseAndTwentyCharactersAndIsUniquePerWorkspace()
    {
        String name = "训练" + unique("t");
        createTask(admin, taskForm(admin, name));

        assertThat(admin.post("/api/v1/training-tasks", taskForm(admin, name)).fieldErrors()).containsExactly("name:training.task.name.taken");
        assertThat(admin.post("/api/v1/training-tasks", taskForm(admin, "a".repeat(21))).fieldErrors()).containsExactly("name:validation.length");
        assertThat(admin.post("/api/v1/training-tasks", taskForm(admin, unique("s_"), "mode", "SINGLE", "nodes", 2)).fieldErrors())
                .containsExactly("nodes:training.nodes.single");
        assertThat(admin.post("/api/v1/training-tasks", taskForm(admin, unique("e_"), "evaluators", 1)).fieldErrors())
                .as("an evaluator is TensorFlow PS's").containsExactly("evaluators:training.evaluators.ps-only");
        assertThat(admin.post("/api/v1/training-tasks", taskForm(admin, unique("e_"), "framework", "TENSORFLOW", "mode", "PS", "evaluators", 2)).fieldErrors())
                .containsExactly("evaluators:validation.range");
        assertThat(admin.post("/api/v1/training-tasks", taskForm(admin, unique("p_"), "poolId", "q-nosuchpool")).fieldErrors())
                .containsExactly("poolId:runtime.pool.unknown");
    }

    @Test
    void editingChangesEverythingButNameAndFrameworkAndChecksTheVersion()
    {
        String name = unique("edit_");
        String id = createTask(admin, taskForm(admin, name));

        ApiClient.Response edited = admin.put("/api/v1/training-tasks/" + id, taskForm(admin, "renamed", "framework", "TENSORFLOW", "mode", "SINGLE",
                "nodes", 1, "command", "python train.py --epochs 3", "version", 0));

        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
        assertThat(edited.text("name")).isEqualTo(name);
        assertThat(edited.text("framework")).isEqualTo("PYTORCH");
        assertThat(edited.text("mode")).isEqualTo("SINGLE");
        assertThat(edited.text("command")).isEqualTo("python train.py --epochs 3");
        assertThat(edited.json().path("version").asLong()).isEqualTo(1);

        ApiClient.Response stale = admin.put("/api/v1/training-tasks/" + id, taskForm(admin, name, "mode", "SINGLE", "nodes", 1, "version", 0));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.text("code")).isEqualTo("conflict.version");
    }

    @Test
    void aCopyNeedsANewNameAndKeepsTheConfiguration()
    {
        String name = unique("orig_");
        String id = createTask(admin, taskForm(admin, name, "command", "python train.py"));

        ApiClient.Response sameName = admin.post("/api/v1/training-tasks/" + id + "/copy", body("name", name));
        assertThat(sameName.status()).isEqualTo(400);
        assertThat(sameName.fieldErrors()).containsExactly("name:training.task.copy.same-name");

        String copyName = unique("copy_");
        ApiClient.Response copy = admin.post("/api/v1/training-tasks/" + id + "/copy", body("name", copyName));
        assertThat(copy.status()).as(copy.toString()).isEqualTo(201);
        assertThat(copy.text("id")).isNotEqualTo(id);
        assertThat(copy.text("name")).isEqualTo(copyName);
        assertThat(copy.text("command")).isEqualTo("python train.py");
        // the audit target of a create-like call is the record it returned: the copy
        assertThat(admin.get("/api/v1/audit-events?action=training-task.copy&result=SUCCESS&targetId=" + copy.text("id")).json().path("total").asLong()).isEqualTo(1);
    }

    @Test
    void aDeletedTaskIsGone()
    {
        String id = createTask(admin, taskForm(admin, unique("del_")));

        assertThat(admin.delete("/api/v1/training-tasks/" + id).status()).isEqualTo(204);

        assertThat(admin.get("/api/v1/training-tasks/" + id).status()).isEqualTo(404);
        assertThat(admin.get("/api/v1/audit-events?action=training-task.delete&targetId=" + id).json().path("total").asLong()).isEqualTo(1);
    }

    @Test
    void anotherTenantsTaskIsNotFound()
    {
        String id = createTask(admin, taskForm(admin, unique("mine_")));
        Tenant other = newTenant();

        ApiClient.Response answer = other.main().get("/api/v1/training-tasks/" + id);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(other.main().put("/api/v1/training-tasks/" + id, taskForm(other.main(), "x", "version", 0)).status()).isEqualTo(404);
        assertThat(other.main().post("/api/v1/training-tasks/" + id + "/runs", null).status()).isEqualTo(404);
        assertThat(other.main().get("/api/v1/training-tasks").json().path("items").valueStream().map(task -> task.path("id").asString())).doesNotContain(id);
    }

    @Test
    void developersWorkWithTheirOwnTasksWhileOperatorsSeeEveryone()
    {
        Tenant tenant = newTenant();
        String workspaceId = defaultWorkspaceId(tenant.main());
        User developer = newUser(tenant.main());
        User operator = newUser(tenant.main());
        addMember(tenant.main(), workspaceId, developer.id(), "ALGORITHM_DEVELOPER");
        addMember(tenant.main(), workspaceId, operator.id(), "ALGORITHM_OPS");
        String adminTask = createTask(tenant.main(), taskForm(tenant.main(), unique("adm_")));
        String developerTask = createTask(developer.client(), taskForm(developer.client(), unique("dev_")));

        assertThat(taskIds(developer.client())).contains(developerTask).doesNotContain(adminTask);
        assertThat(developer.client().get("/api/v1/training-tasks/" + adminTask).status()).isEqualTo(403);
        assertThat(developer.client().post("/api/v1/training-tasks/" + adminTask + "/copy", body("name", unique("c_"))).status()).isEqualTo(403);

        assertThat(taskIds(operator.client())).contains(developerTask, adminTask);
        assertThat(operator.client().get("/api/v1/training-tasks/" + developerTask).status()).isEqualTo(200);
        // 算法运维 may operate others' tasks but not copy (create assets from) them
        assertThat(operator.client().post("/api/v1/training-tasks/" + developerTask + "/copy", body("name", unique("c_"))).status()).isEqualTo(403);
        assertThat(taskIds(tenant.main())).contains(developerTask, adminTask);
    }

    private List<String> taskIds(ApiClient client)
    {
        ApiClient.Response list = client.get("/api/v1/training-tasks?size=200");
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        return list.json().path("items").valueStream().map(task -> task.path("id").asString()).toList();
    }

    private static void addMember(ApiClient workspaceAdmin, String workspaceId, String userId, String role)
    {
        ApiClient.Response added = workspaceAdmin.post("/api/v1/workspaces/" + workspaceId + "/members", body("userId", userId, "roles", List.of(role)));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
    }
}
