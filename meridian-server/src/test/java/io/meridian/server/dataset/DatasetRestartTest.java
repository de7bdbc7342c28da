package io.meridian.server.dataset;

import com.sun.net.httpserver.HttpServer;
import io.meridian.server.testing.ApiClient;
import io.meridian.server.testing.Installation;
import io.meridian.server.training.TrainingTestSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a dataset holds outlives the server: a second server on the same home and database has the rows, the
 * annotation, the publication and the share token of the first; an import that a stop cut short ends 导入失败 with
 * its staged files removed, so that it can be imported again. The first import comes by link, from an HTTP server on
 * this host, which the installation's {@code meridian.datasets.allow-private-urls} admits.
 */
class DatasetRestartTest
{
    @Test
    void aSecondServerHasEverythingTheFirstImportedAndFailsWhatItCutShort()
            throws IOException
    {
        byte[] archive = TrainingTestSupport.zip(Map.of("data/train.jsonl",
                "{\"instruction\": \"翻译\", \"input\": \"你好\", \"output\": \"Hello\"}\n{\"instruction\": \"Add\", \"input\": \"1+1\", \"output\": \"2\"}\n"));
        HttpServer files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        files.createContext("/train.zip", exchange -> {
            exchange.sendResponseHeaders(200, archive.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(archive);
            }
        });
        files.start();
        Installation installation = Installation.fresh("dataset-restart").with("meridian.datasets.allow-private-urls", true);
        String id;
        String interrupted;
        String token;
        String workspaceId;
        try (ConfigurableApplicationContext first = installation.start()) {
            ApiClient admin = Installation.loginAdmin(first);
            workspaceId = admin.get("/api/v1/workspaces").json().path("items").valueStream()
                    .filter(workspace -> workspace.path("isDefault").asBoolean()).findFirst().orElseThrow().path("id").asString();
            id = create(admin, workspaceId, "kept");
            ApiClient.Response started = admin.post("/api/v1/datasets/" + id + "/imports/url",
                    body("url", "http://127.0.0.1:" + files.getAddress().getPort() + "/train.zip"));
            assertThat(started.status()).as(started.toString()).isEqualTo(202);
            assertThat(started.text("status")).isEqualTo("IMPORTING");
            Awaitility.await("import by link").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(admin.get("/api/v1/datasets/" + id + "/imports/" + started.text("id")).text("status")).isEqualTo("IMPORT_SUCCEEDED"));
            // the import's outcome, reached after its request ended, is in the audit
            Awaitility.await("audit of the import").atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    admin.get("/api/v1/audit-events?action=dataset.importUrl.finish&targetId=" + id).json().path("items").valueStream()
                            .map(event -> event.path("result").asString()))
                    .containsExactly("SUCCESS"));
            assertThat(admin.put("/api/v1/datasets/" + id + "/rows/1", body("label", "通过")).status()).isEqualTo(200);
            assertThat(admin.post("/api/v1/datasets/" + id + "/publish", null).json().path("published").asBoolean()).isTrue();
            token = admin.post("/api/v1/datasets/" + id + "/shares", body("validity", "permanent")).text("token");

            // a stop in the middle of an import: its record says IMPORTING and part of its files are staged
            interrupted = create(admin, workspaceId, "cut");
            JdbcClient jdbc = first.getBean(JdbcClient.class);
            jdbc.sql("UPDATE datasets SET status = 'IMPORTING' WHERE id = ?").params(interrupted).update();
            jdbc.sql("INSERT INTO dataset_imports (id, tenant_id, dataset_id, source, status, created_at) "
                            + "SELECT 'dsi-cut', tenant_id, id, 'ARCHIVE', 'IMPORTING', created_at FROM datasets WHERE id = ?")
                    .params(interrupted).update();
            Path staged = installation.home().resolve("objects/datasets").resolve(interrupted).resolve("imports/dsi-cut/half.jsonl");
            Files.createDirectories(staged.getParent());
            Files.writeString(staged, "{\"instruction\": ");
        }
        finally {
            files.stop(0);
        }

        try (ConfigurableApplicationContext second = installation.start()) {
            ApiClient admin = Installation.loginAdmin(second);
            ApiClient.Response kept = admin.get("/api/v1/datasets/" + id);
            assertThat(kept.text("status")).isEqualTo("IMPORT_SUCCEEDED");
            assertThat(kept.json().path("published").asBoolean()).isTrue();
            assertThat(kept.json().path("rowCount").asLong()).isEqualTo(2);
            ApiClient.Response rows = admin.get("/api/v1/datasets/" + id + "/rows");
            assertThat(rows.json().path("items").get(0).path("content").path("output").asString()).isEqualTo("Hello");
            assertThat(rows.json().path("items").get(1).path("label").asString()).isEqualTo("通过");
            ApiClient.Response redeemed = admin.post("/api/v1/datasets/redeem", body("token", token, "workspaceId", workspaceId, "name", "kept_copy"));
            assertThat(redeemed.status()).as(redeemed.toString()).isEqualTo(201);
            assertThat(redeemed.json().path("rowCount").asLong()).isEqualTo(2);

            ApiClient.Response cut = admin.get("/api/v1/datasets/" + interrupted + "/imports/dsi-cut");
            assertThat(cut.text("status")).isEqualTo("IMPORT_FAILED");
            assertThat(cut.text("error")).contains("restart");
            assertThat(admin.get("/api/v1/datasets/" + interrupted).text("status")).isEqualTo("IMPORT_FAILED");
            assertThat(installation.home().resolve("objects/datasets").resolve(interrupted).resolve("imports/dsi-cut")).doesNotExist();
            assertThat(admin.delete("/api/v1/datasets/" + interrupted).status()).isEqualTo(204);
        }
    }

    private static String create(ApiClient admin, String workspaceId, String name)
    {
        ApiClient.Response created = admin.post("/api/v1/datasets", body("workspaceId", workspaceId, "name", name, "version", "V1",
                "dataType", "LLM_TEXT", "template", "INSTRUCTION_TUNING"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.text("id");
    }
}
