package io.meridian.server.training;

import io.meridian.executor.PythonEnvironment;
import io.meridian.executor.testing.Environments;
import io.meridian.server.iam.IamTestSupport;
import io.meridian.server.testing.ApiClient;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

/** Training API tests: the caller's default workspace and queue, a valid task form, and waiting for a run's status. */
public abstract class TrainingTestSupport
        extends IamTestSupport
{
    /** The smallest card flavor of the embedded default cluster; devices are virtual here, so torch runs on CPU. */
    protected static final String FLAVOR = "14C_100G_1*A800";
    /** Not a preset: the job runs with the system's interpreter, enough for a job that needs no torch. */
    protected static final String IMAGE = "registry.example.com/meridian/pytorch:2.3-cpu";
    /** The preset image of Meridian's pinned PyTorch: a job that imports torch names it (with {@link #pytorch()}). */
    protected static final String PYTORCH_IMAGE = "pytorch:2.15";

    /**
     * The preset environment {@code pytorch} a job naming {@link #PYTORCH_IMAGE} runs in (this server's environments
     * root is the machine's, see ApiTestSupport): a test whose job imports torch skips without it, saying how to
     * install it, or fails where MERIDIAN_REQUIRE_ENVIRONMENTS=true.
     */
    protected static PythonEnvironment pytorch()
    {
        return Environments.preset("pytorch");
    }

    protected String defaultWorkspaceId(ApiClient client)
    {
        ApiClient.Response workspaces = client.get("/api/v1/workspaces?size=200");
        assertThat(workspaces.status()).as(workspaces.toString()).isEqualTo(200);
        for (JsonNode workspace : workspaces.json().path("items")) {
            if (workspace.path("isDefault").asBoolean()) {
                return workspace.path("id").asString();
            }
        }
        throw new AssertionError("no default workspace: " + workspaces);
    }

    protected String defaultQueueId(ApiClient client, String workspaceId)
    {
        ApiClient.Response resources = client.get("/api/v1/workspaces/" + workspaceId + "/resources");
        assertThat(resources.status()).as(resources.toString()).isEqualTo(200);
        for (JsonNode pool : resources.json()) {
            if (pool.path("isDefault").asBoolean() && pool.path("kind").asString().equals("QUEUE")) {
                return pool.path("id").asString();
            }
        }
        throw new AssertionError("no default queue: " + resources);
    }

    /** A valid PyTorch DDP form on the default workspace and queue; callers override fields. */
    protected Map<String, Object> taskForm(ApiClient client, String name, Object... overrides)
    {
        String workspaceId = defaultWorkspaceId(client);
        Map<String, Object> form = new LinkedHashMap<>(body(
                "workspaceId", workspaceId,
                "name", name,
                "description", "made by a test",
                "framework", "PYTORCH",
                "mode", "DDP",
                "image", IMAGE,
                "command", "echo hello from $MERIDIAN_ROLE",
                "env", List.of(body("name", "LOG_LEVEL", "value", "info")),
                "datasets", List.of("mnist"),
                "poolId", defaultQueueId(client, workspaceId),
                "flavorName", FLAVOR,
                "nodes", 2,
                "nprocPerNode", 1));
        form.putAll(body(overrides));
        return form;
    }

    /** Uploads an archive as the raw request body, as {@code curl --data-binary} does. */
    public static ApiClient.Response uploadCodePackage(ApiClient client, String name, byte[] archive)
    {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(client.baseUrl() + "/api/v1/code-packages?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)))
                    .header("Authorization", "Bearer " + client.token())
                    .header("Content-Type", "application/zip")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(archive))
                    .build();
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            return new ApiClient.Response(response.statusCode(), JsonMapper.builder().build().readTree(response.body()), response.body());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A GET whose answer is not JSON (a log download): status and text. */
    protected static HttpResponse<String> getText(ApiClient client, String path)
    {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(client.baseUrl() + path))
                    .header("Authorization", "Bearer " + client.token())
                    .GET()
                    .build();
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A zip of the given entries (name to content). */
    public static byte[] zip(Map<String, String> entries)
    {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    protected String createTask(ApiClient client, Map<String, Object> form)
    {
        ApiClient.Response created = client.post("/api/v1/training-tasks", form);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.text("id");
    }

    protected String startRun(ApiClient client, String taskId)
    {
        ApiClient.Response started = client.post("/api/v1/training-tasks/" + taskId + "/runs", null);
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        return started.text("id");
    }

    /** Polls the run until it reaches one of {@code statuses} (failing at once if it ends in another) and returns its detail. */
    protected JsonNode awaitStatus(ApiClient client, String runId, Duration deadline, String... statuses)
    {
        Set<String> wanted = Set.of(statuses);
        JsonNode[] last = new JsonNode[1];
        Awaitility.await("run " + runId + " reaches " + wanted)
                .atMost(deadline)
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    ApiClient.Response run = client.get("/api/v1/training-runs/" + runId);
                    assertThat(run.status()).as(run.toString()).isEqualTo(200);
                    last[0] = run.json();
                    String status = run.text("status");
                    if (!wanted.contains(status) && Set.of("SUCCEEDED", "FAILED", "STOPPED", "ABNORMAL").contains(status)) {
                        throw new IllegalStateException("run ended " + status + " instead of " + wanted + ": " + run);
                    }
                    assertThat(wanted).as("status of %s", run).contains(status);
                });
        return last[0];
    }
}
