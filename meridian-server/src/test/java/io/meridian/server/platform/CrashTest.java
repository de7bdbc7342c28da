package io.meridian.server.platform;

import io.meridian.server.testing.ApiClient;
import io.meridian.server.testing.ServerProcess;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} of the server, the way a crash ends it: what was acknowledged is still there after the restart, with
 * its audit entry, and what was in flight is either finished or cleanly gone. The server runs in a process of its own
 * ({@link ServerProcess}), on H2 or, in CI's second run, PostgreSQL.
 */
class CrashTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private record Created(String path, String id) {}

    @Test
    void everyAcknowledgedCreateAndItsAuditEntrySurviveAKillInTheMiddleOfABurst()
            throws Exception
    {
        List<Created> acknowledged = new ArrayList<>();
        try (ServerProcess server = ServerProcess.fresh("crash-creates")) {
            for (int round = 0; round < 2; round++) {
                server.start();
                acknowledged.addAll(burstKilledMidway(server, round));
            }
            server.start();
            ApiClient admin = server.loginAdmin();
            assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(20);
            for (Created created : acknowledged) {
                assertThat(admin.get(created.path() + "/" + created.id()).status()).as("%s/%s, answered 2xx before the kill", created.path(), created.id())
                        .isEqualTo(200);
                JsonNode audit = admin.get("/api/v1/audit-events?targetId=" + created.id() + "&result=SUCCESS").json();
                assertThat(audit.path("total").asLong()).as("audit entry of %s/%s", created.path(), created.id()).isEqualTo(1);
            }
        }
    }

    /** Concurrent creates of workspaces, tenants and users; the server is killed once ten have been answered. */
    private static List<Created> burstKilledMidway(ServerProcess server, int round)
            throws InterruptedException
    {
        ApiClient admin = server.loginAdmin();
        List<Created> acknowledged = new ArrayList<>();
        Map<Integer, Created> answered = new ConcurrentHashMap<>();
        CountDownLatch enough = new CountDownLatch(10);
        ExecutorService clients = Executors.newFixedThreadPool(12);
        for (int i = 0; i < 200; i++) {
            int n = i;
            clients.execute(() -> {
                String name = "crash" + round + "x" + n;
                String path = switch (n % 3) {
                    case 0 -> "/api/v1/workspaces";
                    case 1 -> "/api/v1/tenants";
                    default -> "/api/v1/users";
                };
                Object form = switch (n % 3) {
                    case 1 -> body("name", name, "adminUsername", name + "admin", "adminPassword", "Crash-Passw0rd");
                    case 2 -> body("username", name, "password", "Crash-Passw0rd");
                    default -> body("name", name);
                };
                try {
                    ApiClient.Response response = admin.post(path, form);
                    if (response.status() / 100 == 2) {
                        answered.put(n, new Created(path, response.text("id")));
                        enough.countDown();
                    }
                }
                catch (RuntimeException e) {
                    // the server went down under this request: not acknowledged, so nothing is promised
                }
            });
        }
        assertThat(enough.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as(server.tail()).isTrue();
        server.kill();
        clients.shutdownNow();
        assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        acknowledged.addAll(answered.values());
        return acknowledged;
    }

    @Test
    void aRunWhoseLaunchWasCutShortCompletesItsLaunchAfterTheRestart()
            throws Exception
    {
        // the pause holds the launch between starting the instances and recording them: the window the kill must hit
        try (ServerProcess server = ServerProcess.fresh("crash-launch", "meridian.training.launch-pause", "60s")) {
            server.start();
            ApiClient admin = server.loginAdmin();
            String workspaceId = admin.get("/api/v1/workspaces").json().path("items").valueStream()
                    .filter(workspace -> workspace.path("isDefault").asBoolean()).findFirst().orElseThrow().path("id").asString();
            String queueId = admin.get("/api/v1/workspaces/" + workspaceId + "/resources").json().get(0).path("id").asString();
            ApiClient.Response task = admin.post("/api/v1/training-tasks", body("workspaceId", workspaceId, "name", "cut_short",
                    "framework", "PYTORCH", "mode", "DDP", "image", "registry.example.com/meridian/pytorch:2.3-cpu", "poolId", queueId,
                    "flavorName", "14C_100G_1*A800", "nodes", 2, "nprocPerNode", 1,
                    "command", "echo started $MERIDIAN_ROLE rank $RANK of $WORLD_SIZE; sleep 3; echo done"));
            assertThat(task.status()).as(task.toString()).isEqualTo(201);
            String runId = admin.post("/api/v1/training-tasks/" + task.text("id") + "/runs", null).text("id");
            server.awaitLog("Launched the instances of run " + runId, TIMEOUT);
            server.kill();

            server.set("meridian.training.launch-pause", "0s").start();
            admin = server.loginAdmin();
            JsonNode run = awaitStatus(admin, runId, "SUCCEEDED");
            List<JsonNode> instances = run.path("instances").valueStream().toList();
            assertThat(instances).as(run.toString()).hasSize(2);
            assertThat(instances).as("launched once, as attempt 1, and finished").allSatisfy(instance -> {
                assertThat(instance.path("attempt").asInt()).isEqualTo(1);
                assertThat(instance.path("state").asString()).isEqualTo("SUCCEEDED");
            });
            List<String> lines = admin.get("/api/v1/training-runs/" + runId + "/logs").json().path("lines").valueStream()
                    .map(line -> line.path("text").asString())
                    .filter(text -> text.startsWith("started"))
                    .toList();
            assertThat(lines).as("the master started once, not again after the restart").hasSize(1);
        }
    }

    @Test
    void anUploadCutShortLeavesNoTemporaryFileAndNoPackageAfterTheRestart()
            throws Exception
    {
        try (ServerProcess server = ServerProcess.fresh("crash-upload")) {
            server.start();
            ApiClient admin = server.loginAdmin();
            Path code = server.home().resolve("storage/code");
            // an endless body at about 3 MB/s: the upload is still streaming when the server dies
            InputStream endless = new InputStream()
            {
                @Override
                public int read()
                {
                    return 0;
                }

                @Override
                public int read(byte[] buffer, int offset, int length)
                {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                    int count = Math.min(length, 64 * 1024);
                    Arrays.fill(buffer, offset, offset + count, (byte) 'x');
                    return count;
                }
            };
            HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/code-packages?name=cut_short"))
                    .header("Authorization", "Bearer " + admin.token())
                    .header("Content-Type", "application/zip")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> endless))
                    .build();
            CompletableFuture<HttpResponse<String>> response = HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofString());
            Awaitility.await("the upload streams into a temporary file").atMost(TIMEOUT).pollInterval(Duration.ofMillis(50))
                    .until(() -> temporaryFiles(code).stream().anyMatch(path -> path.toFile().length() > 0));
            server.kill();
            response.cancel(true);
            assertThat(temporaryFiles(code)).as("what the crash left").isNotEmpty();

            server.start();
            admin = server.loginAdmin();
            assertThat(temporaryFiles(code)).as("left after the restart").isEmpty();
            try (Stream<Path> entries = Files.list(code)) {
                assertThat(entries).as("no half package").isEmpty();
            }
            assertThat(admin.get("/api/v1/code-packages").json().path("total").asLong()).isZero();
        }
    }

    private static List<Path> temporaryFiles(Path code)
            throws IOException
    {
        if (!Files.isDirectory(code)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(code)) {
            return entries.filter(path -> path.getFileName().toString().startsWith(".")).toList();
        }
    }

    private static JsonNode awaitStatus(ApiClient admin, String runId, String status)
    {
        JsonNode[] last = new JsonNode[1];
        Awaitility.await("run " + runId + " " + status).atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            last[0] = admin.get("/api/v1/training-runs/" + runId).json();
            assertThat(last[0].path("status").asString()).as(last[0].toString()).isEqualTo(status);
        });
        return last[0];
    }
}
