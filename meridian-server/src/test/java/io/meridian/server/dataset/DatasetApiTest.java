package io.meridian.server.dataset;

import io.meridian.server.platform.config.MeridianProperties;
import io.meridian.server.testing.ApiClient;
import io.meridian.server.training.TrainingTestSupport;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 我的数据集 through the API, trying to break each promise: a file with mistakes is reported row by row and imports
 * nothing; archives cannot write outside the dataset; a link into the platform's own network is refused; another
 * tenant sees nothing and redeems nothing without the token; an importing dataset is not deleted.
 */
public class DatasetApiTest
        extends TrainingTestSupport
{
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MeridianProperties properties;

    @Autowired
    Datasets published;

    @Test
    void rowsWithMistakesAreReportedByFileLineFieldAndRuleAndNothingIsImported()
    {
        String id = create(admin, "INSTRUCTION_TUNING", "LLM_TEXT");
        Map<String, String> files = new LinkedHashMap<>();
        files.put("good.jsonl", row("把这句话翻译成英文", "你好", "Hello") + "\n" + row("Say hi", "", "hi") + "\n");
        files.put("sub/bad.jsonl", row("ok", "", "fine") + "\n"
                + "{\"instruction\": \"no output\", \"input\": \"\"}\n"
                + "{\"instruction\": \"broken\", \n"
                + "{\"instruction\": 7, \"input\": \"\", \"output\": \"\"}\n");

        ApiClient.Response imported = uploadDirectory(admin.inLanguage("zh-CN"), id, files);

        assertThat(imported.status()).as(imported.toString()).isEqualTo(201);
        assertThat(imported.text("status")).isEqualTo("IMPORT_FAILED");
        assertThat(imported.json().path("errorCount").asLong()).isEqualTo(4);
        assertThat(imported.json().path("errors").valueStream()
                .map(e -> e.path("file").asString() + ":" + e.path("line").asLong() + ":" + e.path("field").asString() + ":" + e.path("rule").asString())
                .toList())
                .containsExactly(
                        "sub/bad.jsonl:2:output:dataset.row.required",
                        "sub/bad.jsonl:3:-:dataset.row.json",
                        "sub/bad.jsonl:4:instruction:dataset.row.string",
                        "sub/bad.jsonl:4:output:dataset.row.blank");
        // in the caller's language
        assertThat(imported.json().path("errors").get(0).path("message").asString()).isEqualTo("必填。");
        assertThat(imported.text("error")).contains("未导入任何数据");
        JsonNode dataset = admin.get("/api/v1/datasets/" + id).json();
        assertThat(dataset.path("status").asString()).isEqualTo("IMPORT_FAILED");
        assertThat(dataset.path("rowCount").asLong()).isZero();
        assertThat(admin.get("/api/v1/datasets/" + id + "/rows").json().path("items").isEmpty()).isTrue();
        assertThat(objects(id)).isEmpty();
        // the report stays with the import
        ApiClient.Response report = admin.get("/api/v1/datasets/" + id + "/imports/" + imported.text("id"));
        assertThat(report.json().path("errors").size()).isEqualTo(4);
        assertThat(report.json().path("errors").get(0).path("message").asString()).isEqualTo("Required.");
    }

    @Test
    void anInstructionTuningSheetIsImportedRowByRowAndItsMistakesAreReportedByRowNumber()
            throws IOException
    {
        String id = create(admin, "INSTRUCTION_TUNING", "LLM_TEXT");
        byte[] wrong = xlsx(List.of(List.of("instruction", "input", "output"), List.of("翻译", "你好", "Hello"), List.of("Add", "1+1", " ")));

        ApiClient.Response refused = sendFiles(admin.inLanguage("zh-CN"), id, Map.of("data.xlsx", wrong));

        assertThat(refused.text("status")).as(refused.toString()).isEqualTo("IMPORT_FAILED");
        assertThat(refused.json().path("errors").valueStream()
                .map(e -> e.path("file").asString() + ":" + e.path("line").asLong() + ":" + e.path("field").asString() + ":" + e.path("rule").asString())
                .toList())
                .containsExactly("data.xlsx:3:output:dataset.row.blank");

        byte[] right = xlsx(List.of(List.of("instruction", "input", "output"), List.of("翻译", "你好", "Hello"), List.of("Add", "", "2")));
        ApiClient.Response imported = sendFiles(admin, id, Map.of("data.xlsx", right));

        assertThat(imported.text("status")).as(imported.toString()).isEqualTo("IMPORT_SUCCEEDED");
        assertThat(imported.json().path("rowCount").asLong()).isEqualTo(2);
        JsonNode rows = admin.get("/api/v1/datasets/" + id + "/rows").json().path("items");
        assertThat(rows.get(0).path("content").path("output").asString()).isEqualTo("Hello");
        assertThat(rows.get(1).path("content").path("input").asString()).isEmpty();
    }

    /** An xlsx workbook whose first sheet holds the given rows of text. */
    private static byte[] xlsx(List<List<String>> rows)
            throws IOException
    {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
            Sheet sheet = workbook.createSheet("data");
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r);
                for (int c = 0; c < rows.get(r).size(); c++) {
                    if (!rows.get(r).get(c).isEmpty()) {
                        row.createCell(c).setCellValue(rows.get(r).get(c));
                    }
                }
            }
            workbook.write(bytes);
            return bytes.toByteArray();
        }
    }

    /** 本地上传 of binary files: each a part named by its path. */
    private static ApiClient.Response sendFiles(ApiClient client, String datasetId, Map<String, byte[]> files)
    {
        String boundary = "----meridian" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + file.getKey()
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(file.getValue());
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(client, datasetId, "multipart/form-data; boundary=" + boundary, body.toByteArray());
    }

    @Test
    void aCorrectedDirectoryImportsDropsDuplicatesAndIsAnnotatedPublishedAndExported()
            throws IOException
    {
        String id = create(admin, "INSTRUCTION_TUNING", "LLM_TEXT");
        String rows = row("翻译", "你好", "Hello") + "\n" + row("Add", "1+1", "2") + "\n";
        Map<String, String> files = new LinkedHashMap<>();
        files.put("a.jsonl", rows);
        files.put("copy/a-again.jsonl", rows);

        ApiClient.Response imported = uploadDirectory(admin, id, files);

        assertThat(imported.text("status")).as(imported.toString()).isEqualTo("IMPORT_SUCCEEDED");
        assertThat(imported.json().path("fileCount").asInt()).isEqualTo(1);
        assertThat(imported.json().path("duplicateCount").asInt()).isEqualTo(1);
        assertThat(imported.json().path("rowCount").asLong()).isEqualTo(2);
        ApiClient.Response preview = admin.get("/api/v1/datasets/" + id + "/rows?page=1&size=1");
        assertThat(preview.json().path("total").asLong()).isEqualTo(2);
        assertThat(preview.json().path("items").get(0).path("content").path("output").asString()).isEqualTo("Hello");

        ApiClient.Response labelled = admin.put("/api/v1/datasets/" + id + "/rows/1", body("label", "output无中生有"));
        assertThat(labelled.status()).as(labelled.toString()).isEqualTo(200);
        ApiClient.Response edited = admin.put("/api/v1/datasets/" + id + "/rows/0", body("content", Map.of("instruction", "翻译", "input", "你好", "output", "Hi")));
        assertThat(edited.json().path("content").path("output").asString()).isEqualTo("Hi");
        ApiClient.Response wrongEdit = admin.put("/api/v1/datasets/" + id + "/rows/0", body("content", Map.of("instruction", "翻译")));
        assertThat(wrongEdit.fieldErrors()).containsExactly("content.output:dataset.row.required");
        // one label per item: a second label replaces the first
        admin.put("/api/v1/datasets/" + id + "/rows/1", body("label", "通过"));

        assertThat(published.findPublished(tenantOfAdmin(), id)).isEmpty();
        ApiClient.Response publish = admin.post("/api/v1/datasets/" + id + "/publish", null);
        assertThat(publish.json().path("published").asBoolean()).as(publish.toString()).isTrue();
        PublishedDataset mountable = published.findPublished(tenantOfAdmin(), id).orElseThrow();
        assertThat(mountable.mountPath()).isEqualTo("/work/mount/dataset/" + id);
        assertThat(mountable.hostDirectory().orElseThrow().resolve("files/a.jsonl")).hasContent(rows.strip());
        // what work reads is the rows as annotated when published
        assertThat(Files.readAllLines(mountable.hostDirectory().orElseThrow().resolve("published/data.jsonl")))
                .hasSize(2)
                .satisfies(lines -> assertThat(lines.get(1)).contains("\"label\":\"通过\""));

        HttpResponse<String> export = getText(admin, "/api/v1/datasets/" + id + "/export?format=jsonl");
        assertThat(export.statusCode()).isEqualTo(200);
        List<JsonNode> exported = export.body().lines().map(JSON::readTree).toList();
        assertThat(exported).hasSize(2);
        assertThat(exported.get(0).path("output").asString()).isEqualTo("Hi");
        assertThat(exported.get(1).path("label").asString()).isEqualTo("通过");
    }

    @Test
    void onlyAPublishedDatasetFeedsATrainingTask()
    {
        String id = create(admin, "INSTRUCTION_TUNING", "LLM_TEXT");
        assertThat(uploadDirectory(admin, id, Map.of("t.jsonl", row("a", "", "b") + "\n")).text("status")).isEqualTo("IMPORT_SUCCEEDED");

        ApiClient.Response unpublished = admin.post("/api/v1/training-tasks", taskForm(admin, unique("uses_ds"), "datasets", List.of(id)));
        assertThat(unpublished.fieldErrors()).containsExactly("datasets[0]:training.dataset.unpublished");

        admin.post("/api/v1/datasets/" + id + "/publish", null);
        ApiClient.Response created = admin.post("/api/v1/training-tasks", taskForm(admin, unique("uses_ds"), "datasets", List.of(id), "mode", "SINGLE",
                "nodes", 1, "command", "head -c 200 \"${MERIDIAN_WORK_MOUNT:-/work/mount}/dataset/" + id + "/published/data.jsonl\""));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        // the run finds the published rows where the dataset is mounted
        String runId = startRun(admin, created.text("id"));
        awaitStatus(admin, runId, Duration.ofSeconds(90), "SUCCEEDED");
        ApiClient.Response logs = admin.get("/api/v1/training-runs/" + runId + "/logs");
        assertThat(logs.json().path("lines").valueStream().map(line -> line.path("text").asString())).anyMatch(line -> line.contains("\"instruction\":\"a\""));
        // another tenant's published dataset is not found
        Tenant other = newTenant();
        ApiClient.Response foreign = other.main().post("/api/v1/training-tasks", taskForm(other.main(), unique("uses_ds"), "datasets", List.of(id)));
        assertThat(foreign.fieldErrors()).contains("datasets[0]:training.dataset.unpublished");
    }

    @Test
    void responseRankingFollowsTheSpecsStateRules()
    {
        String id = create(admin, "RESPONSE_RANKING", "LLM_TEXT");
        String row = "{\"prompt\": \"p\", \"response_0\": \"a\", \"response_1\": \"b\", \"response_2\": \"c\", \"is_response_0_safe\": true,"
                + " \"is_response_1_safe\": false, \"is_response_2_safe\": true}";
        ApiClient.Response oneResponse = uploadDirectory(admin, id, Map.of("one.jsonl", "{\"prompt\": \"p\", \"response_0\": \"a\"}\n"));
        assertThat(oneResponse.json().path("errors").get(0).path("rule").asString()).isEqualTo("dataset.row.responses");
        assertThat(uploadDirectory(admin, id, Map.of("r.jsonl", row + "\n")).text("status")).isEqualTo("IMPORT_SUCCEEDED");

        assertThat(admin.get("/api/v1/datasets/" + id + "/rows").json().path("items").get(0).path("rankingState").asString()).isEqualTo("NOT_ANNOTATED");
        ApiClient.Response relevance = admin.put("/api/v1/datasets/" + id + "/rows/0", body("relevance", List.of(2, 0, 1)));
        assertThat(relevance.text("rankingState")).as(relevance.toString()).isEqualTo("NO_SAFETY_ORDER");
        ApiClient.Response both = admin.put("/api/v1/datasets/" + id + "/rows/0", body("safety", List.of(0, 2, 1)));
        assertThat(both.text("rankingState")).isEqualTo("SORTED");
        // deleting a response from one order only is refused; from both, it leaves the row
        ApiClient.Response lopsided = admin.put("/api/v1/datasets/" + id + "/rows/0", body("relevance", List.of(2, 0)));
        assertThat(lopsided.fieldErrors()).containsExactly("safety:dataset.annotate.same-responses");
        ApiClient.Response deleted = admin.put("/api/v1/datasets/" + id + "/rows/0", body("relevance", List.of(2, 0), "safety", List.of(0, 2)));
        assertThat(deleted.json().path("content").has("response_2")).as(deleted.toString()).isFalse();
        // at two responses, none can be deleted
        ApiClient.Response tooFew = admin.put("/api/v1/datasets/" + id + "/rows/0", body("relevance", List.of(0), "safety", List.of(0)));
        assertThat(tooFew.fieldErrors()).contains("relevance:dataset.annotate.order");
    }

    @Test
    void archiveEscapesAreRefusedAndNothingIsWrittenOutside()
            throws IOException
    {
        String id = create(admin, "INSTRUCTION_TUNING", "LLM_TEXT");
        Path objects = properties.home().resolve("objects");
        Map<String, String> slip = new LinkedHashMap<>();
        slip.put("ok.jsonl", row("a", "", "b") + "\n");
        slip.put("../../../escaped.jsonl", row("a", "", "b") + "\n");

        ApiClient.Response zipSlip = uploadArchive(admin, id, zip(slip));
        assertThat(zipSlip.text("status")).as(zipSlip.toString()).isEqualTo("IMPORT_FAILED");
        assertThat(zipSlip.text("error")).contains("../../../escaped.jsonl");

        ByteArrayOutputStream absolute = new ByteArrayOutputStream();
        byte[] content = (row("a", "", "b") + "\n").getBytes(StandardCharsets.UTF_8);
        absolute.write(tarHeader("/tmp/absolute.jsonl", content.length, '0'));
        absolute.write(content);
        absolute.write(new byte[512 - content.length % 512]);
        absolute.write(new byte[1024]);
        assertThat(uploadArchive(admin, id, absolute.toByteArray()).text("error")).contains("/tmp/absolute.jsonl");

        ByteArrayOutputStream link = new ByteArrayOutputStream();
        link.write(tarHeader("link.jsonl", 0, '2'));
        link.write(new byte[1024]);
        assertThat(uploadArchive(admin, id, link.toByteArray()).text("error")).contains("link.jsonl");

        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bomb)) {
            int size = 32 << 20;
            gzip.write(tarHeader("zeros.jsonl", size, '0'));
            byte[] block = new byte[1 << 20];
            for (int i = 0; i < size / block.length; i++) {
                gzip.write(block);
            }
            gzip.write(new byte[1024]);
        }
        ApiClient.Response refused = uploadArchive(admin.inLanguage("zh-CN"), id, bomb.toByteArray());
        assertThat(refused.text("status")).isEqualTo("IMPORT_FAILED");
        assertThat(refused.text("error")).contains("压缩炸弹");

        assertThat(properties.home().resolve("escaped.jsonl")).doesNotExist();
        assertThat(Path.of("/tmp/absolute.jsonl")).doesNotExist();
        assertThat(objects.resolve("escaped.jsonl")).doesNotExist();
        assertThat(objects(id)).isEmpty();
        assertThat(admin.get("/api/v1/datasets/" + id).text("status")).isEqualTo("IMPORT_FAILED");

        // a directory upload's file names cannot escape either
        ApiClient.Response escapingName = uploadDirectory(admin, id, Map.of("../../escaped.jsonl", row("a", "", "b") + "\n"));
        assertThat(escapingName.text("status")).isEqualTo("IMPORT_FAILED");
        assertThat(escapingName.text("error")).contains("../../escaped.jsonl");
        assertThat(properties.home().resolve("objects/escaped.jsonl")).doesNotExist();

        // the same archive without the escaping entry imports
        ApiClient.Response fine = uploadArchive(admin, id, zip(Map.of("ok.jsonl", row("a", "", "b") + "\n")));
        assertThat(fine.text("status")).isEqualTo("IMPORT_SUCCEEDED");
    }

    @Test
    void aDirectoryOfMoreThanAHundredFilesIsRefusedAndChangesNothing()
    {
        String id = create(admin, "INSTRUCTION_TUNING", "LLM_TEXT");
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < 101; i++) {
            files.put("f" + i + ".jsonl", row("q" + i, "", "a") + "\n");
        }

        ApiClient.Response refused = uploadDirectory(admin, id, files);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(413);
        assertThat(refused.text("code")).isEqualTo("dataset.import.too-many-files");
        assertThat(admin.get("/api/v1/datasets/" + id).text("status")).isEqualTo("CREATED");
        assertThat(admin.get("/api/v1/datasets/" + id + "/imports").json().isEmpty()).isTrue();
        assertThat(objects(id)).isEmpty();
    }

    @Test
    void aLinkIntoThePlatformsOwnNetworkIsRefused()
    {
        String id = create(admin, "INSTRUCTION_TUNING", "LLM_TEXT");

        for (String url : List.of("http://127.0.0.1:" + port + "/api/v1/datasets", "http://169.254.169.254/latest/meta-data", "http://10.0.0.1/a.zip",
                "http://[::1]/a.zip", "http://localhost/a.zip")) {
            ApiClient.Response refused = admin.post("/api/v1/datasets/" + id + "/imports/url", body("url", url));
            assertThat(refused.status()).as(url + ": " + refused).isEqualTo(400);
            assertThat(refused.fieldErrors()).as(url).containsExactly("url:dataset.url.private");
        }
        assertThat(admin.post("/api/v1/datasets/" + id + "/imports/url", body("url", "file:///etc/passwd")).fieldErrors())
                .containsExactly("url:dataset.url.invalid");
        assertThat(admin.get("/api/v1/datasets/" + id).text("status")).isEqualTo("CREATED");
        assertThat(admin.get("/api/v1/datasets/" + id + "/imports").json().isEmpty()).isTrue();
    }

    @Test
    void anotherTenantSeesNothingAndRedeemsOnlyWithTheToken()
    {
        String id = create(admin, "QA_PAIRS", "LLM_TEXT");
        ApiClient.Response imported = uploadDirectory(admin, id, Map.of("qa.json", "[{\"Q\": \"问题\", \"A\": \"答案\", \"SQ\": \"相似问题\"}]"));
        assertThat(imported.text("status")).as(imported.toString()).isEqualTo("IMPORT_SUCCEEDED");
        Tenant other = newTenant();
        String otherWorkspace = defaultWorkspaceId(other.main());

        assertThat(other.main().get("/api/v1/datasets/" + id).status()).isEqualTo(404);
        assertThat(other.main().get("/api/v1/datasets/" + id + "/rows").status()).isEqualTo(404);
        assertThat(other.main().delete("/api/v1/datasets/" + id).status()).isEqualTo(404);
        assertThat(other.main().post("/api/v1/datasets/" + id + "/copy", body("workspaceId", otherWorkspace)).status()).isEqualTo(404);
        assertThat(other.main().get("/api/v1/datasets?workspaceId=" + otherWorkspace).json().path("items").valueStream()
                .map(item -> item.path("id").asString())).doesNotContain(id);
        assertThat(other.main().post("/api/v1/datasets/redeem", body("token", "dst_" + id, "workspaceId", otherWorkspace)).fieldErrors())
                .containsExactly("token:dataset.share.token");

        ApiClient.Response share = admin.post("/api/v1/datasets/" + id + "/shares", body("validity", "7d"));
        assertThat(share.status()).as(share.toString()).isEqualTo(201);
        assertThat(admin.post("/api/v1/datasets/" + id + "/shares", body("validity", "2d")).fieldErrors()).containsExactly("validity:dataset.share.validity");
        ApiClient.Response redeemed = other.main().post("/api/v1/datasets/redeem", body("token", share.text("token"), "workspaceId", otherWorkspace));
        assertThat(redeemed.status()).as(redeemed.toString()).isEqualTo(201);
        String copyId = redeemed.text("id");
        assertThat(copyId).isNotEqualTo(id);
        assertThat(other.main().get("/api/v1/datasets/" + copyId + "/rows").json().path("items").get(0).path("content").path("Q").asString()).isEqualTo("问题");
        // the copy is the redeemer's: the sharer does not see it
        assertThat(admin.get("/api/v1/datasets/" + copyId).status()).isEqualTo(404);

        admin.delete("/api/v1/datasets/" + id + "/shares");
        assertThat(other.main().post("/api/v1/datasets/redeem", body("token", share.text("token"), "workspaceId", otherWorkspace)).fieldErrors())
                .containsExactly("token:dataset.share.token");
    }

    @Test
    void aDatasetIsDeletedOnlyInATerminalStatusAndThenLeavesNothing()
    {
        String id = create(admin, "MULTI_TURN_DIALOGUE", "LLM_TEXT");
        String dialogue = "{\"messages\": [{\"role\": \"user\", \"content\": \"你好\"}, {\"role\": \"assistant\", \"content\": \"Hi\"}]}\n";
        assertThat(uploadDirectory(admin, id, Map.of("d.jsonl", dialogue)).text("status")).isEqualTo("IMPORT_SUCCEEDED");
        assertThat(objects(id)).isNotEmpty();
        jdbc.sql("UPDATE datasets SET status = 'IMPORTING' WHERE id = ?").params(id).update();

        ApiClient.Response refused = admin.delete("/api/v1/datasets/" + id);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("code")).isEqualTo("dataset.delete.not-terminal");
        assertThat(admin.get("/api/v1/datasets/" + id).status()).isEqualTo(200);
        jdbc.sql("UPDATE datasets SET status = 'IMPORT_SUCCEEDED' WHERE id = ?").params(id).update();
        assertThat(admin.delete("/api/v1/datasets/" + id).status()).isEqualTo(204);
        assertThat(admin.get("/api/v1/datasets/" + id).status()).isEqualTo(404);
        assertThat(objects(id)).isEmpty();
    }

    @Test
    void createFormsFollowTheSpecsFieldRules()
    {
        String workspace = defaultWorkspaceId(admin);
        ApiClient.Response badName = admin.post("/api/v1/datasets", body("workspaceId", workspace, "name", "_starts_with_underscore", "version", "V1",
                "dataType", "LLM_TEXT", "template", "VQA"));
        assertThat(badName.fieldErrors()).containsExactly("name:dataset.name.annotated", "template:dataset.template.data-type");

        ApiClient.Response basicTooLong = admin.post("/api/v1/datasets", body("kind", "BASIC", "workspaceId", workspace, "name", "a".repeat(26),
                "description", "d".repeat(251)));
        assertThat(basicTooLong.fieldErrors()).containsExactly("name:dataset.name.basic", "description:validation.max-length");
        ApiClient.Response basic = admin.post("/api/v1/datasets", body("kind", "BASIC", "workspaceId", workspace, "name", unique("基础*-_"),
                "confidential", true));
        assertThat(basic.status()).as(basic.toString()).isEqualTo(201);
        assertThat(basic.text("mountPath")).startsWith("/work/basicData/");
        assertThat(basic.text("status")).isEqualTo("CREATED");
        ApiClient.Response missingPath = admin.post("/api/v1/datasets", body("kind", "BASIC", "workspaceId", workspace, "name", unique("b"),
                "storagePath", "no/such/dir"));
        assertThat(missingPath.fieldErrors()).containsExactly("storagePath:dataset.storage-path.missing");
        // a data source path names the tenant's own area of the store, never a host path: escapes are refused
        for (String escape : List.of("../../../../etc", "/etc", "own/../../etc", "..")) {
            ApiClient.Response escaped = admin.post("/api/v1/datasets", body("kind", "BASIC", "workspaceId", workspace, "name", unique("b"),
                    "storagePath", escape));
            assertThat(escaped.fieldErrors()).as(escape).containsExactly("storagePath:dataset.storage-path.missing");
        }
        // nor can a training task name a host directory as one of its datasets
        ApiClient.Response hostPath = admin.post("/api/v1/training-tasks", taskForm(admin, unique("uses_ds"), "datasets", List.of("ds-../../../etc")));
        assertThat(hostPath.fieldErrors()).containsExactly("datasets[0]:training.dataset.unpublished");
    }

    private String create(ApiClient client, String template, String dataType)
    {
        ApiClient.Response created = client.post("/api/v1/datasets", body("workspaceId", defaultWorkspaceId(client), "name", unique("数据集_"), "version", "V1",
                "description", "made by a test", "dataType", dataType, "template", template));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.text("status")).isEqualTo("CREATED");
        return created.text("id");
    }

    private String tenantOfAdmin()
    {
        return admin.get("/api/v1/me").json().path("tenantId").asString();
    }

    private List<Path> objects(String datasetId)
    {
        Path directory = properties.home().resolve("objects/datasets").resolve(datasetId);
        if (!Files.exists(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).toList();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A ustar header block: name, size in octal, type, checksum. */
    private static byte[] tarHeader(String name, long size, char type)
    {
        byte[] header = new byte[512];
        put(header, 0, name);
        put(header, 100, "0000644");
        put(header, 124, String.format("%011o", size));
        put(header, 136, String.format("%011o", 0));
        header[156] = (byte) type;
        put(header, 257, "ustar");
        put(header, 263, "00");
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        int sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, String.format("%06o", sum));
        header[154] = 0;
        return header;
    }

    private static void put(byte[] header, int offset, String value)
    {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }

    private static String row(String instruction, String input, String output)
    {
        return JSON.writeValueAsString(Map.of("instruction", instruction, "input", input, "output", output));
    }

    /** 本地上传: the files of a directory as multipart/form-data, each part named by its relative path. */
    public static ApiClient.Response uploadDirectory(ApiClient client, String datasetId, Map<String, String> files)
    {
        String boundary = "----meridian" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, String> file : files.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + file.getKey()
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(file.getValue().getBytes(StandardCharsets.UTF_8));
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(client, datasetId, "multipart/form-data; boundary=" + boundary, body.toByteArray());
    }

    static ApiClient.Response uploadArchive(ApiClient client, String datasetId, byte[] archive)
    {
        return send(client, datasetId, "application/octet-stream", archive);
    }

    private static ApiClient.Response send(ApiClient client, String datasetId, String contentType, byte[] body)
    {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(client.baseUrl() + "/api/v1/datasets/" + datasetId + "/imports"))
                    .header("Authorization", "Bearer " + client.token())
                    .header("Content-Type", contentType)
                    .header("Accept", "application/json")
                    .header("Accept-Language", client.language())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            return new ApiClient.Response(response.statusCode(), JSON.readTree(response.body()), response.body());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
