package io.meridian.server.cleaning;

import io.meridian.server.dataset.DatasetApiTest;
import io.meridian.server.testing.ApiClient;
import io.meridian.server.training.TrainingTestSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 数据清洗 through the API: a real run on the local backend (two workers, each a shard, and the master's merge) turns a
 * published instruction-tuning dataset into a new dataset without the e-mail addresses, identity and mobile numbers;
 * the form refuses what it should, field by field; restart and terminate follow the spec's rules.
 */
class CleaningApiTest
        extends TrainingTestSupport
{
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration RUN_DEADLINE = Duration.ofSeconds(120);

    @Test
    void aRunOnTheLocalBackendProducesTheNewDatasetWithTheSensitiveDataGone()
    {
        String input = publishedDataset(admin);
        String inputName = admin.get("/api/v1/datasets/" + input).text("name");

        ApiClient.Response created = admin.post("/api/v1/cleaning-tasks", form(admin, "清洗_" + System.nanoTime() % 1_000_000, input, "workers", 2));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.text("outputDatasetName")).matches(inputName + "_\\d{13}");
        assertThat(created.json().path("fields").valueStream().map(JsonNode::asString)).containsExactly("instruction", "input", "output");
        // the operators run in the engine's order, whatever the form's
        assertThat(created.json().path("operators").valueStream().map(operator -> operator.path("name").asString()))
                .containsExactly("clean_html_mapper", "clean_email_mapper", "clean_id_card_mapper", "clean_phone_mapper", "document_deduplicator");
        // 8C 16G by default: the smallest CPU flavor that holds it
        assertThat(created.text("flavorName")).isEqualTo("CPU_8C-内存_16G");
        String id = created.text("id");
        JsonNode task = awaitTask(admin, id, "SUCCEEDED");

        String output = task.path("task").path("outputDatasetId").asString();
        JsonNode dataset = admin.get("/api/v1/datasets/" + output).json();
        assertThat(dataset.path("status").asString()).isEqualTo("IMPORT_SUCCEEDED");
        assertThat(dataset.path("template").asString()).isEqualTo("INSTRUCTION_TUNING");
        List<JsonNode> rows = admin.get("/api/v1/datasets/" + output + "/rows?size=50").json().path("items").valueStream()
                .map(row -> row.path("content")).toList();
        // the duplicate is gone, the order is the input's, and so are the e-mail, the identity number, the phone and the tags
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).path("instruction").asString()).isEqualTo("请联系  获取帮助");
        assertThat(rows.get(0).path("input").asString()).isEqualTo("身份证：");
        assertThat(rows.get(0).path("output").asString()).isEqualTo("电话：，谢谢");
        assertThat(rows.get(1).path("instruction").asString()).isEqualTo("Say hi");
        assertThat(rows.get(2).path("output").asString()).isEqualTo("错误的号码 123456199001011234 不是身份证号");
        assertThat(rows.toString()).doesNotContain("liming@163.com", "11010519491231002X", "13800138000", "<b>");

        // one run record, with a log per node: each worker its shard, the master the merge
        List<JsonNode> runs = task.path("runs").valueStream().toList();
        assertThat(runs).hasSize(1);
        String runId = runs.getFirst().path("id").asString();
        JsonNode run = admin.get("/api/v1/cleaning-tasks/" + id + "/runs/" + runId).json();
        assertThat(run.path("instances").valueStream().map(instance -> instance.path("name").asString())).contains("master-0", "worker-0", "worker-1");
        assertThat(logText(admin, id, runId, "worker-1")).contains("shard 1/2", "clean_email_mapper");
        assertThat(logText(admin, id, runId, "master-0")).contains("document_deduplicator");

        // a task that ended well is not restarted; a copy is a new task under <name>_<epoch-ms> writing to <output>_<epoch-ms>
        ApiClient.Response restart = admin.post("/api/v1/cleaning-tasks/" + id + "/restart", null);
        assertThat(restart.status()).as(restart.toString()).isEqualTo(409);
        assertThat(restart.text("code")).isEqualTo("cleaning.restart.status");
        ApiClient.Response copy = admin.post("/api/v1/cleaning-tasks/" + id + "/copy", null);
        assertThat(copy.status()).as(copy.toString()).isEqualTo(201);
        assertThat(copy.text("name")).matches(created.text("name") + "_\\d{13}");
        assertThat(copy.text("outputDatasetName")).matches(created.text("outputDatasetName") + "_\\d{13}");
        awaitTask(admin, copy.text("id"), "SUCCEEDED");

        // the list filters by status and name
        ApiClient.Response listed = admin.get("/api/v1/cleaning-tasks?status=SUCCEEDED&name=" + created.text("name").substring(3));
        assertThat(listed.json().path("items").valueStream().map(item -> item.path("id").asString())).contains(id, copy.text("id"));
        // another tenant sees nothing
        Tenant other = newTenant();
        assertThat(other.main().get("/api/v1/cleaning-tasks/" + id).status()).isEqualTo(404);
    }

    @Test
    void theFormIsCheckedFieldByFieldInTheCallersLanguageAndNothingIsCreated()
    {
        String input = publishedDataset(admin);
        String ranking = admin.post("/api/v1/datasets", body("workspaceId", defaultWorkspaceId(admin), "name", unique("排序_"), "version", "V1",
                "dataType", "LLM_TEXT", "template", "RESPONSE_RANKING")).text("id");
        long before = admin.get("/api/v1/cleaning-tasks").json().path("total").asLong();

        ApiClient.Response refused = admin.inLanguage("zh-CN").post("/api/v1/cleaning-tasks", form(admin, "_starts-with-underscore", input,
                "fields", List.of("instruction", "answer"),
                "operators", List.of(body("name", "rm -rf /"), body("name", "text_length_filter", "minLength", 20, "maxLength", 10),
                        body("name", "clean_email_mapper", "minLength", 3), body("name", "document_minhash_deduplicator", "jaccardThreshold", 7.0)),
                "masters", 2, "workers", 0));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.fieldErrors()).containsExactlyInAnyOrder(
                "name:validation.name.cleaning-task",
                "fields[1]:cleaning.fields.unknown",
                "operators[0].name:cleaning.operator.unknown",
                "operators[1].maxLength:cleaning.length.order",
                "operators[2].minLength:cleaning.operator.option",
                "operators[3].jaccardThreshold:cleaning.jaccard.range",
                "masters:validation.range",
                "workers:validation.range");
        assertThat(refused.json().path("errors").get(0).path("message").asString()).contains("只能以中英文、数字开头");

        assertThat(admin.post("/api/v1/cleaning-tasks", form(admin, "a".repeat(51), input)).fieldErrors()).containsExactly("name:validation.length");
        assertThat(admin.post("/api/v1/cleaning-tasks", form(admin, unique("t"), ranking)).fieldErrors()).containsExactly("inputDatasetId:cleaning.input.unpublished");
        assertThat(admin.post("/api/v1/cleaning-tasks", form(admin, unique("t"), input, "operators", List.of())).fieldErrors())
                .containsExactly("operators:cleaning.operators.none");
        // another tenant's published dataset is not found
        Tenant other = newTenant();
        assertThat(other.main().post("/api/v1/cleaning-tasks", form(other.main(), unique("t"), input)).fieldErrors())
                .containsExactly("inputDatasetId:cleaning.input.unpublished");
        assertThat(admin.get("/api/v1/cleaning-tasks").json().path("total").asLong()).isEqualTo(before);
    }

    @Test
    void thePreviewShowsEachOperatorsEffectOnTheSample()
    {
        ApiClient.Response preview = admin.post("/api/v1/cleaning-tasks/preview", body("text", "<p>联系 liming@163.com 或 13800138000</p>",
                "operators", List.of(body("name", "clean_phone_mapper"), body("name", "clean_email_mapper"), body("name", "clean_html_mapper"))));

        assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
        Map<String, String> after = new LinkedHashMap<>();
        preview.json().forEach(operator -> after.put(operator.path("name").asString(), operator.path("after").asString()));
        assertThat(after).containsExactly(
                Map.entry("clean_html_mapper", "联系 liming@163.com 或 13800138000"),
                Map.entry("clean_email_mapper", "<p>联系  或 13800138000</p>"),
                Map.entry("clean_phone_mapper", "<p>联系 liming@163.com 或 </p>"));
        assertThat(admin.post("/api/v1/cleaning-tasks/preview", body("text", "x", "operators", List.of(body("name", "eval")))).fieldErrors())
                .containsExactly("operators[0].name:cleaning.operator.unknown");
    }

    @Test
    void onlyATerminatedOrFailedTaskRestartsAndARunningTaskIsNotDeleted()
    {
        String input = publishedDataset(admin);
        ApiClient.Response created = admin.post("/api/v1/cleaning-tasks", form(admin, unique("终止"), input));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.text("id");

        ApiClient.Response deleteRunning = admin.delete("/api/v1/cleaning-tasks/" + id);
        assertThat(deleteRunning.status()).as(deleteRunning.toString()).isEqualTo(409);
        assertThat(deleteRunning.text("code")).isEqualTo("cleaning.delete.active");
        ApiClient.Response stopped = admin.post("/api/v1/cleaning-tasks/" + id + "/stop", null);
        assertThat(stopped.status()).as(stopped.toString()).isEqualTo(200);
        awaitTask(admin, id, "STOPPED");
        ApiClient.Response stopAgain = admin.post("/api/v1/cleaning-tasks/" + id + "/stop", null);
        assertThat(stopAgain.text("code")).isEqualTo("cleaning.stop.status");

        ApiClient.Response restarted = admin.post("/api/v1/cleaning-tasks/" + id + "/restart", null);
        assertThat(restarted.status()).as(restarted.toString()).isEqualTo(200);
        assertThat(restarted.text("latestRunId")).isNotEqualTo(created.text("latestRunId"));
        JsonNode done = awaitTask(admin, id, "SUCCEEDED");
        // a new run record for the restart; the output dataset is the same one
        assertThat(done.path("runs").valueStream().map(run -> run.path("status").asString())).containsExactly("SUCCEEDED", "STOPPED");
        assertThat(done.path("task").path("outputDatasetId").asString()).isEqualTo(created.text("outputDatasetId"));

        // the permission matrix's 数据集 row: a developer of the workspace neither sees nor touches another's task
        User developer = newUser(admin);
        ApiClient.Response member = admin.post("/api/v1/workspaces/" + defaultWorkspaceId(admin) + "/members",
                body("userId", developer.id(), "roles", List.of("ALGORITHM_DEVELOPER")));
        assertThat(member.status()).as(member.toString()).isLessThan(300);
        assertThat(developer.client().get("/api/v1/cleaning-tasks/" + id).status()).isEqualTo(404);
        assertThat(developer.client().post("/api/v1/cleaning-tasks/" + id + "/copy", null).status()).isEqualTo(404);
        assertThat(developer.client().delete("/api/v1/cleaning-tasks/" + id).status()).isEqualTo(404);
        assertThat(developer.client().get("/api/v1/cleaning-tasks").json().path("items").valueStream().map(item -> item.path("id").asString()))
                .doesNotContain(id);

        assertThat(admin.delete("/api/v1/cleaning-tasks/" + id).status()).isEqualTo(204);
        assertThat(admin.get("/api/v1/cleaning-tasks/" + id).status()).isEqualTo(404);
        // the output dataset is a dataset of its own and stays
        assertThat(admin.get("/api/v1/datasets/" + created.text("outputDatasetId")).status()).isEqualTo(200);
    }

    /** A published instruction-tuning dataset with an e-mail, a valid identity number, a mobile number, HTML and a duplicate row. */
    private String publishedDataset(ApiClient client)
    {
        ApiClient.Response created = client.post("/api/v1/datasets", body("workspaceId", defaultWorkspaceId(client), "name", unique("待清洗_"), "version", "V1",
                "dataType", "LLM_TEXT", "template", "INSTRUCTION_TUNING"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.text("id");
        String sensitive = row("请联系 liming@163.com 获取帮助", "身份证：11010519491231002X", "电话：<b>13800138000</b>，谢谢");
        String rows = sensitive + "\n" + row("Say hi", "", "hi") + "\n" + sensitive + "\n" + row("检查", "", "错误的号码 123456199001011234 不是身份证号") + "\n";
        ApiClient.Response imported = DatasetApiTest.uploadDirectory(client, id, Map.of("data.jsonl", rows));
        assertThat(imported.text("status")).as(imported.toString()).isEqualTo("IMPORT_SUCCEEDED");
        ApiClient.Response published = client.post("/api/v1/datasets/" + id + "/publish", null);
        assertThat(published.status()).as(published.toString()).isEqualTo(200);
        return id;
    }

    private Map<String, Object> form(ApiClient client, String name, String input, Object... overrides)
    {
        String workspaceId = defaultWorkspaceId(client);
        Map<String, Object> form = new LinkedHashMap<>(body(
                "workspaceId", workspaceId,
                "name", name,
                "inputDatasetId", input,
                "operators", List.of(body("name", "document_deduplicator"), body("name", "clean_email_mapper"), body("name", "clean_id_card_mapper"),
                        body("name", "clean_phone_mapper"), body("name", "clean_html_mapper")),
                "poolId", defaultQueueId(client, workspaceId)));
        form.putAll(body(overrides));
        return form;
    }

    private static JsonNode awaitTask(ApiClient client, String id, String status)
    {
        JsonNode[] last = new JsonNode[1];
        Awaitility.await("cleaning task " + id + " reaches " + status)
                .atMost(RUN_DEADLINE)
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    ApiClient.Response task = client.get("/api/v1/cleaning-tasks/" + id);
                    assertThat(task.status()).as(task.toString()).isEqualTo(200);
                    last[0] = task.json();
                    String now = task.json().path("task").path("status").asString();
                    if (!now.equals(status) && Set.of("SUCCEEDED", "FAILED", "STOPPED").contains(now)) {
                        throw new IllegalStateException("task ended " + now + " instead of " + status + ": " + task + " "
                                + client.get("/api/v1/cleaning-tasks/" + id + "/logs?instance=master-0"));
                    }
                    assertThat(now).isEqualTo(status);
                });
        return last[0];
    }

    private static String logText(ApiClient client, String id, String runId, String instance)
    {
        ApiClient.Response logs = client.get("/api/v1/cleaning-tasks/" + id + "/logs?runId=" + runId + "&instance=" + instance);
        assertThat(logs.status()).as(logs.toString()).isEqualTo(200);
        StringBuilder text = new StringBuilder();
        logs.json().path("lines").forEach(line -> text.append(line.path("text").asString()).append('\n'));
        return text.toString();
    }

    private static String row(String instruction, String input, String output)
    {
        return JSON.writeValueAsString(Map.of("instruction", instruction, "input", input, "output", output));
    }
}
