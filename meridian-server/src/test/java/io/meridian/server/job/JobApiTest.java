package io.meridian.server.job;

import io.meridian.server.testing.ApiClient;
import io.meridian.server.training.TrainingTestSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plain job runs through the same runtime as training: a command on N instances of a flavor, each told its index,
 * the gang's size and every member's address, with the same instances, timeline, logs, stop and delete.
 */
class JobApiTest
        extends TrainingTestSupport
{
    @Test
    void aJobRunsItsCommandOnEveryInstanceAndSucceedsWhenAllExitZero()
    {
        String jobId = createJob(jobForm(unique("job_"), "nodes", 2,
                "command", "echo \"instance $MERIDIAN_REPLICA_INDEX of $MERIDIAN_REPLICA_COUNT on $MERIDIAN_REPLICA_HOSTS\"; echo \"greeting $GREETING\""));
        assertThat(jobId).startsWith("job-");

        JsonNode job = awaitJob(jobId, Duration.ofSeconds(90), "SUCCEEDED");

        assertThat(job.path("clusterName").asString()).as("the cluster by name, for the console").isNotBlank();
        assertThat(job.path("startedAt").isNull()).as("started, even if it ended before a pass saw it running").isFalse();
        assertThat(job.path("instances").valueStream().map(instance -> instance.path("name").asString()).toList()).containsExactly("worker-0", "worker-1");
        assertThat(job.path("instances").valueStream().map(instance -> instance.path("state").asString()).toList()).containsOnly("SUCCEEDED");
        assertThat(job.path("events").valueStream().map(event -> event.path("toStatus").asString()).toList())
                .containsSubsequence("CREATING", "QUEUED", "PREPARING", "SUCCEEDED");
        // the timeline in the reader's language, each message's code kept for scripts
        JsonNode chinese = admin.inLanguage("zh-CN").get("/api/v1/jobs/" + jobId).json();
        assertThat(chinese.path("events").valueStream().map(event -> event.path("code").asString()).toList())
                .contains("runtime.event.created", "runtime.event.submitted", "runtime.event.admitted", "runtime.event.executor.node-local", "runtime.event.ended.succeeded");
        assertThat(chinese.path("events").valueStream().map(event -> event.path("message").asString()).toList())
                .contains("admin 创建了运行", "运行成功")
                .allSatisfy(message -> assertThat(message).doesNotContain("run created by", "submitted to the scheduler", "placed on"));
        assertThat(job.path("events").get(0).path("message").asString()).isEqualTo("run created by admin");
        ApiClient.Response log = admin.get("/api/v1/jobs/" + jobId + "/logs?instance=worker-1");
        assertThat(log.status()).as(log.toString()).isEqualTo(200);
        String text = log.json().path("lines").valueStream().map(line -> line.path("text").asString()).reduce("", (a, b) -> a + b + "\n");
        assertThat(text).contains("instance 1 of 2 on ").contains("greeting hello");

        ApiClient.Response list = admin.get("/api/v1/jobs?status=SUCCEEDED&size=200");
        assertThat(list.json().path("items").valueStream().map(item -> item.path("id").asString()).toList()).contains(jobId);
        assertThat(admin.get("/api/v1/training-runs/" + jobId).status()).as("a job is not a training run").isEqualTo(404);
        assertThat(admin.get("/api/v1/training-runs?size=200").json().path("items").valueStream().map(item -> item.path("id").asString()).toList())
                .doesNotContain(jobId);

        assertThat(admin.delete("/api/v1/jobs/" + jobId).status()).isEqualTo(204);
        assertThat(admin.get("/api/v1/jobs/" + jobId).status()).isEqualTo(404);
    }

    @Test
    void aJobFailsWithTheFirstInstanceThatExitsNonZero()
    {
        String jobId = createJob(jobForm(unique("job_"), "nodes", 2, "command", "if [ \"$MERIDIAN_REPLICA_INDEX\" = 1 ]; then exit 3; fi; sleep 1"));

        JsonNode job = awaitJob(jobId, Duration.ofSeconds(90), "FAILED");

        assertThat(job.path("statusReason").asString()).contains("worker-1 failed").contains("exit code 3").contains("fault tolerance is off");
        // stored once, read in the reader's language, its key kept for scripts
        assertThat(job.path("statusReasonCode").asString()).isEqualTo("runtime.event.not-restarted");
        JsonNode chinese = admin.inLanguage("zh-CN").get("/api/v1/jobs/" + jobId).json();
        assertThat(chinese.path("statusReason").asString()).isEqualTo("worker-1 失败：%s（退出码 3）；未开启容错".formatted(
                job.path("instances").valueStream().filter(instance -> instance.path("name").asString().equals("worker-1")).findFirst().orElseThrow()
                        .path("reason").asString()));
        assertThat(admin.inLanguage("zh-CN").get("/api/v1/jobs?status=FAILED&size=200").json().path("items").valueStream()
                .filter(item -> item.path("id").asString().equals(jobId)).findFirst().orElseThrow().path("statusReason").asString())
                .as("the list's tooltip too").startsWith("worker-1 失败");
    }

    @Test
    void aWaitingJobSaysWhyInTheReadersLanguage()
    {
        // a tenant of its own whose user may hold no card: its job waits for the per-user card limit
        Tenant tenant = newTenant();
        ApiClient.Response limited = tenant.main().put("/api/v1/settings/user-limits/" + tenant.mainUserId(), body("maxConcurrentCards", 0, "maxCpuCores", 10_000));
        assertThat(limited.status()).as(limited.toString()).isEqualTo(200);
        String workspaceId = defaultWorkspaceId(tenant.main());
        ApiClient.Response created = tenant.main().post("/api/v1/jobs", body("workspaceId", workspaceId, "name", unique("waits_"),
                "poolId", defaultQueueId(tenant.main(), workspaceId), "flavorName", FLAVOR, "command", "true"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String jobId = created.text("id");

        JsonNode waiting = Awaitility.await("the job's waiting reason").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> tenant.main().get("/api/v1/jobs/" + jobId).json().path("events").valueStream()
                        .filter(event -> event.path("code").asString().equals("runtime.event.waiting")).findFirst(), found -> found.isPresent())
                .orElseThrow();
        assertThat(waiting.path("message").asString())
                .isEqualTo("waiting for resources: The per-user card limit is reached: needs 1 cards, 0 left for the user. Position 1 in default.");
        JsonNode inChinese = tenant.main().inLanguage("zh-CN").get("/api/v1/jobs/" + jobId).json().path("events").valueStream()
                .filter(event -> event.path("code").asString().equals("runtime.event.waiting")).findFirst().orElseThrow();
        assertThat(inChinese.path("message").asString()).isEqualTo("等待资源：已达到单用户并发卡数上限：需要 1 卡，该用户剩余 0 卡。在 default 中排队第 1 位。");

        assertThat(tenant.main().post("/api/v1/jobs/" + jobId + "/stop", null).status()).isEqualTo(200);
        Awaitility.await("the waiting job stops").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> tenant.main().get("/api/v1/jobs/" + jobId).text("status"), "STOPPED"::equals);
    }

    @Test
    void aStoppedJobStopsItsInstancesAndIsKeptUntilDeleted()
    {
        // it reports five steps of a hundred, then waits: its progress and ETA show in the list and the detail
        String jobId = createJob(jobForm(unique("job_"), "command", "\"$MERIDIAN_PYTHON\" -c 'import meridian_runtime as m, time\n"
                + "for s in range(1, 6):\n    m.report(s, loss=1.0 / s, total_steps=100)\n    time.sleep(0.2)'; echo started; exec sleep 600"));
        awaitJob(jobId, Duration.ofSeconds(60), "RUNNING");
        JsonNode progress = Awaitility.await("five steps reported").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> admin.get("/api/v1/jobs/" + jobId).json().path("progress"), found -> found.path("step").asLong() == 5);
        assertThat(progress.path("totalSteps").asLong()).isEqualTo(100);
        assertThat(progress.path("percent").asDouble()).isEqualTo(5.0);
        assertThat(progress.path("etaSeconds").asLong()).as("95 steps left at about 5 a second").isBetween(5L, 200L);
        assertThat(admin.get("/api/v1/jobs?size=200").json().path("items").valueStream()
                .filter(item -> item.path("id").asString().equals(jobId)).findFirst().orElseThrow().path("progress").path("step").asLong()).isEqualTo(5);
        // the overview counts it as running and lists it among the newest
        JsonNode work = admin.get("/api/v1/overview").json().path("work");
        assertThat(work.path("running").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(work.path("recent").valueStream().map(run -> run.path("id").asString())).contains(jobId);
        assertThat(work.path("cardsInUse").asInt()).as("its card").isGreaterThanOrEqualTo(1);
        assertThat(work.path("cardTrend").get(24).path("cards").asInt()).as("the hour up to now held it").isGreaterThanOrEqualTo(1);
        assertThat(admin.delete("/api/v1/jobs/" + jobId).text("code")).as("a running job is not deleted").isEqualTo("runtime.run.active");

        ApiClient.Response stopped = admin.post("/api/v1/jobs/" + jobId + "/stop", null);
        assertThat(stopped.status()).as(stopped.toString()).isEqualTo(200);

        JsonNode job = awaitJob(jobId, Duration.ofSeconds(60), "STOPPED");
        assertThat(job.path("instances").get(0).path("state").asString()).isEqualTo("STOPPED");
        assertThat(admin.post("/api/v1/jobs/" + jobId + "/stop", null).text("code")).isEqualTo("runtime.run.finished");
    }

    @Test
    void aBadFormIsRefusedWithEveryFieldAndCreatesNothing()
    {
        String name = unique("job_");
        Map<String, Object> form = jobForm(name, "nodes", 0, "command", " ", "flavorName", "no-such-flavor", "image", "Not An Image",
                "env", List.of(Map.of("name", "LD_PRELOAD", "value", "/tmp/x.so"), Map.of("name", "MERIDIAN_RUN_ID", "value", "x")));

        ApiClient.Response refused = admin.post("/api/v1/jobs", form);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.fieldErrors()).contains("nodes:validation.range", "command:validation.required", "flavorName:runtime.flavor.unknown",
                "image:runtime.image.invalid", "env[0].name:runtime.env.reserved", "env[1].name:runtime.env.platform");
        assertThat(admin.get("/api/v1/jobs?size=200").json().path("items").valueStream().map(item -> item.path("name").asString()).toList())
                .doesNotContain(name);
    }

    private Map<String, Object> jobForm(String name, Object... overrides)
    {
        String workspaceId = defaultWorkspaceId(admin);
        Map<String, Object> form = new HashMap<>(body(
                "workspaceId", workspaceId,
                "name", name,
                "poolId", defaultQueueId(admin, workspaceId),
                "flavorName", FLAVOR,
                "command", "true",
                "env", List.of(Map.of("name", "GREETING", "value", "hello"))));
        for (int i = 0; i < overrides.length; i += 2) {
            form.put((String) overrides[i], overrides[i + 1]);
        }
        return form;
    }

    private String createJob(Map<String, Object> form)
    {
        ApiClient.Response created = admin.post("/api/v1/jobs", form);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.text("id");
    }

    private JsonNode awaitJob(String jobId, Duration deadline, String status)
    {
        JsonNode[] last = new JsonNode[1];
        Awaitility.await("job " + jobId + " reaches " + status)
                .atMost(deadline)
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    ApiClient.Response job = admin.get("/api/v1/jobs/" + jobId);
                    assertThat(job.status()).as(job.toString()).isEqualTo(200);
                    last[0] = job.json();
                    String current = job.text("status");
                    if (!current.equals(status) && Set.of("SUCCEEDED", "FAILED", "STOPPED", "ABNORMAL").contains(current)) {
                        throw new IllegalStateException("job ended " + current + " instead of " + status + ": " + job);
                    }
                    assertThat(current).isEqualTo(status);
                });
        return last[0];
    }
}
