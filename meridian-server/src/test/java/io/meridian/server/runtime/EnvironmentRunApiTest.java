package io.meridian.server.runtime;

import io.meridian.executor.PythonEnvironment;
import io.meridian.executor.testing.Environments;
import io.meridian.server.testing.ApiClient;
import io.meridian.server.testing.Installation;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;

import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run's image selects the preset environment it runs in: {@code pytorch} runs with Meridian's pinned PyTorch (its
 * {@code python} and {@code torchrun} first on PATH), and the run's timeline says which environment and versions; an
 * image that names no preset runs with the system's interpreter, and the timeline says that too.
 */
class EnvironmentRunApiTest
{
    private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "STOPPED", "ABNORMAL");

    @Test
    void theImageChoosesThePinnedEnvironmentTheCommandRunsIn()
            throws IOException
    {
        PythonEnvironment pytorch = Environments.preset("pytorch");
        Installation installation = Installation.fresh("environment-run").with("meridian.environments.root", pytorch.root().getParent().toString());
        try (ConfigurableApplicationContext server = installation.start()) {
            ApiClient admin = Installation.loginAdmin(server);
            String command = "python -c 'import sys, torch; print(\"torch\", torch.__version__, \"from\", sys.prefix)'; command -v torchrun";

            String preset = job(admin, "env_preset", "pytorch", command);
            JsonNode presetJob = await(admin, preset);
            assertThat(log(admin, preset)).contains("torch 2.").contains("from " + pytorch.root()).contains(pytorch.root() + "/bin/torchrun");
            assertThat(timeline(presetJob)).anyMatch(message -> message.contains("pytorch") && message.contains("torch 2."));

            String system = job(admin, "env_system", "registry.example.com/team/python:3.11", "python3 -c 'import sys; print(\"from\", sys.prefix)'");
            JsonNode systemJob = await(admin, system);
            assertThat(log(admin, system)).contains("from /usr").doesNotContain(pytorch.root().toString());
            assertThat(timeline(systemJob)).anyMatch(message -> message.contains("system"));
        }
    }

    private static String job(ApiClient admin, String name, String image, String command)
    {
        String workspaceId = StreamSupport.stream(admin.get("/api/v1/workspaces?size=200").json().path("items").spliterator(), false)
                .filter(workspace -> workspace.path("isDefault").asBoolean())
                .map(workspace -> workspace.path("id").asString())
                .findFirst()
                .orElseThrow();
        String queueId = StreamSupport.stream(admin.get("/api/v1/workspaces/" + workspaceId + "/resources").json().spliterator(), false)
                .filter(pool -> pool.path("isDefault").asBoolean())
                .map(pool -> pool.path("id").asString())
                .findFirst()
                .orElseThrow();
        ApiClient.Response created = admin.post("/api/v1/jobs", body("workspaceId", workspaceId, "name", name, "poolId", queueId,
                "flavorName", "14C_100G_1*A800", "image", image, "command", command));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.text("id");
    }

    private static JsonNode await(ApiClient admin, String jobId)
    {
        JsonNode[] last = new JsonNode[1];
        Awaitility.await(jobId + " succeeds").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            ApiClient.Response job = admin.get("/api/v1/jobs/" + jobId);
            last[0] = job.json();
            String status = job.text("status");
            if (!status.equals("SUCCEEDED") && TERMINAL.contains(status)) {
                throw new IllegalStateException(jobId + " ended " + status + ": " + job + "\n" + log(admin, jobId));
            }
            assertThat(status).isEqualTo("SUCCEEDED");
        });
        return last[0];
    }

    private static String log(ApiClient admin, String jobId)
    {
        JsonNode lines = admin.get("/api/v1/jobs/" + jobId + "/logs").json().path("lines");
        return String.join("\n", StreamSupport.stream(lines.spliterator(), false).map(line -> line.path("text").asString()).toList());
    }

    private static List<String> timeline(JsonNode job)
    {
        return StreamSupport.stream(job.path("events").spliterator(), false).map(event -> event.path("message").asString()).toList();
    }
}
