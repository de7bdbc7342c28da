package io.meridian.server.training;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.meridian.cli.commands.LogsCommand;
import io.meridian.executor.PythonEnvironment;
import io.meridian.executor.testing.Environments;
import io.meridian.server.testing.ApiClient;
import io.meridian.server.testing.CliRunner;
import io.meridian.server.testing.Installation;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The "done when", walked as a new user with the {@code meridian} CLI against a server of its own: the admin
 * makes the user, who chooses e-mail alerts, submits a two-node DDP PyTorch task on the embedded default (in the preset
 * environment {@code pytorch}, which the CLI's default image selects), watches it
 * queue and run, follows its log and loss, survives the SIGKILL of a worker by resuming from the checkpoint to the same
 * final step, gets one e-mail per alert, sees real CPU and memory samples of every instance and of the job, and finds
 * all of it unchanged after the server restarts.
 */
class TrainingJourneyTest
{
    private static final String PASSWORD = "Journey-Passw0rd";
    private static final String USERNAME = "newcomer";
    private static final String EMAIL = "newcomer@example.com";
    private static final int STEPS = 40;
    private static final Duration DEADLINE = Duration.ofMinutes(3);
    private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "STOPPED", "ABNORMAL");
    private static final long MEGABYTE = 1024 * 1024;

    private final GreenMail smtp = startSmtp();

    @TempDir
    Path temporary;

    @AfterEach
    void stopSmtp()
    {
        smtp.stop();
    }

    @Test
    void aNewUserTrainsWithDdpThroughAFaultAndFindsEverythingAfterARestart()
            throws IOException
    {
        PythonEnvironment pytorch = Environments.preset("pytorch");
        int port = freePort();
        // one port for both starts: the CLI only sends its token to the server that issued it
        Installation installation = Installation.fresh("journey")
                .with("meridian.environments.root", pytorch.root().getParent().toString())
                .with("server.port", port)
                .with("meridian.monitoring.sample-interval", "1s")
                .with("spring.mail.host", "127.0.0.1")
                .with("spring.mail.port", smtp.getSmtp().getPort())
                .with("meridian.notification.mail-from", "alerts@meridian.test")
                .with("meridian.notification.dispatch-interval", "200ms");
        CliRunner meridian = new CliRunner(temporary.resolve("cli"), Map.of(LogsCommand.POLL_INTERVAL_VARIABLE, "200"));
        Path code = Files.createDirectories(temporary.resolve("code"));
        Files.copy(TrainingRunApiTest.DDP_EXAMPLE, code.resolve("ddp_train.py"));

        String runId;
        Snapshot before;
        try (ConfigurableApplicationContext server = installation.start()) {
            // the admin makes the user, who chooses to be mailed when a run resumes from a checkpoint and when it completes
            ApiClient admin = Installation.loginAdmin(server);
            ApiClient user = newWorkspaceMember(server, admin);
            ApiClient.Response alerts = user.put("/api/v1/alert-settings", body("events", List.of("TASK_RESUMED_FROM_CHECKPOINT", "TASK_COMPLETED"),
                    "emailEnabled", true, "webhookEnabled", false, "version", 0));
            assertThat(alerts.status()).as(alerts.toString()).isEqualTo(200);

            // the user signs in with the CLI and submits; the log is followed from the start, through the restart, to the end
            CliRunner.Result login = meridian.runWithInput(PASSWORD + "\n", "login", "--server", "http://localhost:" + port, "--username", USERNAME, "--password-stdin");
            assertThat(login.exitCode()).as("%s", login).isZero();
            // the CLI's default image selects the preset pytorch: its python comes first on PATH
            CliRunner.Result submit = meridian.run("submit", "pytorch", "--name", "first_ddp", "--nodes", "2", "--fault-tolerant",
                    "--code-dir", code.toString(), "--env", "OMP_NUM_THREADS=1",
                    "--", "python", "ddp_train.py", "--steps", String.valueOf(STEPS), "--checkpoint-every", "5", "--step-delay", "0.25", "--print-every", "1");
            assertThat(submit.exitCode()).as("%s", submit).isZero();
            runId = submit.out().strip();
            assertThat(submit.out().lines().toList()).as("standard output is only the run id: %s", submit).containsExactly(runId);
            assertThat(submit.err()).as("%s", submit).contains("Started run " + runId + " (QUEUED)");
            CliRunner.Running follow = meridian.start("logs", runId, "-f");
            // it queues and runs, prints its steps and reports its loss
            List<String> seen = new ArrayList<>();
            awaitRun(meridian, runId, seen, run -> run.path("status").asString().equals("RUNNING"));
            Awaitility.await("the master prints its steps").atMost(DEADLINE).until(() -> follow.out().toString().contains("step 3 loss "));

            List<JsonNode> loss = lossPoints(user, runId, "master-0");
            assertThat(loss).isNotEmpty();
            assertThat(loss).allSatisfy(point -> assertThat(point.path("loss").asDouble()).isPositive());

            // a worker dies after a checkpoint (every 5 steps) exists
            JsonNode attempt1 = Awaitility.await("a checkpoint before the fault").atMost(DEADLINE)
                    .until(() -> runJson(meridian, runId), run -> lastStep(user, runId, "master-0") >= 12);
            String worker1 = instanceId(attempt1, "worker-0", 1);
            String master1 = instanceId(attempt1, "master-0", 1);
            assertThat(TrainingProcesses.killTraining(installation.home(), worker1, "ddp_train.py")).as("killed the worker's training process").isPositive();

            awaitRun(meridian, runId, seen, run -> run.path("status").asString().equals("RUNNING") && run.path("attempt").asInt() == 2);
            JsonNode run = awaitRun(meridian, runId, seen, candidate -> candidate.path("status").asString().equals("SUCCEEDED"));

            assertThat(seen).as("statuses seen by polling").containsSubsequence("RUNNING", "SUCCEEDED").doesNotContain("FAILED", "ABNORMAL");
            assertThat(TrainingRunApiTest.transitions(run)).containsSubsequence("CREATING", "QUEUED", "PREPARING", "RUNNING", "RESTARTING", "RUNNING", "SUCCEEDED");
            assertThat(run.path("attempt").asInt()).isEqualTo(2);
            assertThat(run.path("restarts").asInt()).isEqualTo(1);
            assertThat(run.path("timeline").valueStream().filter(event -> event.path("kind").asString().equals("FAULT")).map(event -> event.path("message").asString()))
                    .anyMatch(message -> message.startsWith("worker-0 (attempt 1) failed"));
            assertThat(run.path("instances").valueStream().map(instance -> instance.path("name").asString() + "/" + instance.path("attempt").asInt() + "=" + instance.path("state").asString()))
                    .contains("master-0/2=SUCCEEDED", "worker-0/2=SUCCEEDED")
                    .contains("worker-0/1=FAILED");

            CliRunner.Result followed = follow.result().join();
            assertThat(followed.exitCode()).as("%s", followed).isZero();
            assertThat(followed.err()).as("%s", followed).contains("(a new attempt)").contains("Run " + runId + " ended SUCCEEDED.");
            assertThat(followed.out()).as("%s", followed).contains("rank 0 of 2 started").contains("resumed from checkpoint at step ").contains("final step " + STEPS);

            // attempt 2 resumed from a checkpoint of attempt 1 and replayed the steps after it exactly, to the same final step
            Matcher resumed = Pattern.compile("resumed from checkpoint at step (\\d+)").matcher(followed.out());
            assertThat(resumed.find()).isTrue();
            long checkpoint = Long.parseLong(resumed.group(1));
            Map<Long, Double> first = lossByStep(user, runId, master1);
            Map<Long, Double> second = lossByStep(user, runId, "master-0");
            assertThat(checkpoint).as("a checkpoint attempt 1 saved").isPositive().isLessThanOrEqualTo(Collections.max(first.keySet())).matches(step -> step % 5 == 0);
            assertThat(second.keySet()).as("steps of attempt 2").first().isEqualTo(checkpoint + 1);
            assertThat(Collections.max(second.keySet())).isEqualTo(STEPS);
            first.forEach((step, value) -> {
                if (second.containsKey(step)) {
                    assertThat(second.get(step)).as("loss of replayed step %s", step).isCloseTo(value, within(1e-5));
                }
            });

            // one e-mail per alert
            Awaitility.await("alert e-mails").atMost(Duration.ofSeconds(30)).until(() -> subjects().size() >= 2);
            assertThat(subjects()).hasSize(2)
                    .anyMatch(subject -> subject.contains("Task resumed from a checkpoint"))
                    .anyMatch(subject -> subject.contains("Task completed"));

            // real samples of every instance and of the job (one a second)
            List<String> instanceIds = run.path("instances").valueStream().map(instance -> instance.path("id").asString()).toList();
            assertThat(instanceIds).hasSize(4);
            assertPlausibleMonitoring(user, runId, instanceIds);

            before = snapshot(meridian, user, runId);
        }

        // a new server on the same home and database, on the port the CLI knows
        try (ConfigurableApplicationContext server = installation.start()) {
            ApiClient user = Installation.login(server, USERNAME, PASSWORD);
            Snapshot after = snapshot(meridian, user, runId);
            assertThat(after.run().path("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(after.run()).isEqualTo(before.run());
            assertThat(after.log()).isEqualTo(before.log());
            assertThat(after.loss()).isEqualTo(before.loss());
            assertThat(after.monitoring()).isEqualTo(before.monitoring());
            // the second server's mail dispatcher had its chances and sent nothing again
            Awaitility.await("no e-mail sent twice").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> subjects().size() == 2);
        }
    }

    /** The admin adds a sub-user with an e-mail address to the default workspace as 算法开发, who may create and run tasks. */
    private static ApiClient newWorkspaceMember(ConfigurableApplicationContext server, ApiClient admin)
    {
        ApiClient.Response created = admin.post("/api/v1/users", body("username", USERNAME, "password", PASSWORD, "email", EMAIL, "groupIds", List.of()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String workspaceId = admin.get("/api/v1/workspaces?size=200").json().path("items").valueStream()
                .filter(workspace -> workspace.path("isDefault").asBoolean()).findFirst().orElseThrow().path("id").asString();
        ApiClient.Response member = admin.post("/api/v1/workspaces/" + workspaceId + "/members", body("userId", created.text("id"), "roles", List.of("ALGORITHM_DEVELOPER")));
        assertThat(member.status()).as(member.toString()).isEqualTo(201);
        return Installation.login(server, USERNAME, PASSWORD);
    }

    private static void assertPlausibleMonitoring(ApiClient user, String runId, List<String> instanceIds)
    {
        JsonNode cpu = monitoring(user, runId, "CPU_USAGE");
        assertThat(cpu.path("unit").asString()).isEqualTo("CORES");
        assertThat(cpu.path("instances").valueStream().map(series -> series.path("instanceId").asString()).toList()).containsExactlyInAnyOrderElementsOf(instanceIds);
        for (JsonNode series : cpu.path("instances")) {
            assertThat(values(series)).as("CPU cores of %s while training", series.path("instanceId").asString()).isNotEmpty()
                    .allSatisfy(cores -> assertThat(cores).isBetween(0.0, Runtime.getRuntime().availableProcessors() + 0.5))
                    .anySatisfy(cores -> assertThat(cores).isGreaterThan(0.01));
        }

        JsonNode memory = monitoring(user, runId, "MEMORY_USAGE");
        assertThat(memory.path("unit").asString()).isEqualTo("BYTES");
        assertThat(memory.path("aggregation").asString()).isEqualTo("SUM");
        for (JsonNode series : memory.path("instances")) {
            assertThat(values(series)).as("resident memory of %s (python with torch)", series.path("instanceId").asString()).isNotEmpty()
                    .allSatisfy(bytes -> assertThat(bytes).isBetween(50.0 * MEGABYTE, 8192.0 * MEGABYTE));
            JsonNode statistics = series.path("statistics");
            assertThat(statistics.path("min").asDouble()).isLessThanOrEqualTo(statistics.path("median").asDouble());
            assertThat(statistics.path("median").asDouble()).isLessThanOrEqualTo(statistics.path("max").asDouble());
            assertThat(statistics.path("avg").asDouble()).isBetween(statistics.path("min").asDouble(), statistics.path("max").asDouble());
        }
        // the job's amount at a step is what its instances used at the same times: the two of one attempt, not all four of
        // both attempts added up although they shared the step
        Map<String, List<Double>> byTime = new LinkedHashMap<>();
        memory.path("instances").forEach(series -> series.path("points").forEach(point ->
                byTime.computeIfAbsent(point.path("time").asString(), time -> new ArrayList<>()).add(point.path("value").asDouble())));
        JsonNode job = memory.path("job");
        assertThat(job.path("points").size()).isEqualTo(byTime.size());
        job.path("points").forEach(point -> {
            List<Double> instances = byTime.get(point.path("time").asString());
            double largest = instances.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            assertThat(point.path("value").asDouble()).as("job memory at %s, instances %s", point.path("time").asString(), instances)
                    .isBetween(0.75 * largest, 2.1 * largest);
        });
        assertThat(job.path("statistics").path("max").asDouble()).isGreaterThan(100.0 * MEGABYTE);

        JsonNode utilization = monitoring(user, runId, "CPU_UTILIZATION");
        assertThat(utilization.path("unit").asString()).isEqualTo("PERCENT");
        utilization.path("instances").forEach(series -> assertThat(values(series)).isNotEmpty().allSatisfy(percent -> assertThat(percent).isBetween(0.0, 100.0)));
        assertThat(utilization.path("job").path("statistics").path("max").asDouble()).isPositive();
    }

    /** What a user sees of the finished run: the CLI's {@code runs get} and {@code logs}, the loss and the samples. */
    private record Snapshot(JsonNode run, String log, JsonNode loss, List<JsonNode> monitoring) {}

    private static Snapshot snapshot(CliRunner meridian, ApiClient user, String runId)
    {
        CliRunner.Result log = meridian.run("logs", runId);
        assertThat(log.exitCode()).as("%s", log).isZero();
        assertThat(log.out()).contains("resumed from checkpoint at step ").contains("final step " + STEPS);
        CliRunner.Result table = meridian.run("runs", "get", runId);
        assertThat(table.exitCode()).as("%s", table).isZero();
        assertThat(table.out()).contains("SUCCEEDED").contains("RESTARTING").contains("worker-0");
        JsonNode loss = user.get("/api/v1/training-runs/" + runId + "/metrics").json();
        List<JsonNode> monitoring = Stream.of("CPU_USAGE", "MEMORY_USAGE", "CPU_UTILIZATION")
                .map(metric -> monitoring(user, runId, metric))
                .flatMap(series -> Stream.of(series.path("instances"), series.path("job")))
                .toList();
        return new Snapshot(runJson(meridian, runId), log.out(), loss, monitoring);
    }

    private static JsonNode monitoring(ApiClient user, String runId, String metric)
    {
        ApiClient.Response series = user.get("/api/v1/training-runs/" + runId + "/monitoring?metric=" + metric + "&step=MINUTE");
        assertThat(series.status()).as(series.toString()).isEqualTo(200);
        return series.json();
    }

    private static List<Double> values(JsonNode series)
    {
        return series.path("points").valueStream().map(point -> point.path("value").asDouble()).toList();
    }

    private static JsonNode runJson(CliRunner meridian, String runId)
    {
        CliRunner.Result got = meridian.run("runs", "get", runId, "-o", "json");
        assertThat(got.exitCode()).as("%s", got).isZero();
        return got.json();
    }

    /** Polls {@code meridian runs get RUN -o json}, noting each status seen, until {@code done}; fails at once if the run ends otherwise. */
    private static JsonNode awaitRun(CliRunner meridian, String runId, List<String> seen, java.util.function.Predicate<JsonNode> done)
    {
        return Awaitility.await("run " + runId).atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode run = runJson(meridian, runId);
            String status = run.path("status").asString();
            if (seen.isEmpty() || !seen.getLast().equals(status)) {
                seen.add(status);
            }
            if (!done.test(run) && TERMINAL.contains(status)) {
                throw new AssertionError("run ended " + status + ": " + run + "\n" + meridian.run("logs", runId));
            }
            return run;
        }, done);
    }

    private static String instanceId(JsonNode run, String name, int attempt)
    {
        return run.path("instances").valueStream()
                .filter(instance -> instance.path("name").asString().equals(name) && instance.path("attempt").asInt() == attempt)
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " of attempt " + attempt + " in " + run)).path("id").asString();
    }

    private static List<JsonNode> lossPoints(ApiClient user, String runId, String instance)
    {
        ApiClient.Response metrics = user.get("/api/v1/training-runs/" + runId + "/metrics?instance=" + instance);
        assertThat(metrics.status()).as(metrics.toString()).isEqualTo(200);
        return metrics.json().path("series").get(0).path("points").valueStream().toList();
    }

    private static long lastStep(ApiClient user, String runId, String instance)
    {
        List<JsonNode> points = lossPoints(user, runId, instance);
        return points.isEmpty() ? 0 : points.getLast().path("step").asLong();
    }

    private static Map<Long, Double> lossByStep(ApiClient user, String runId, String instance)
    {
        Map<Long, Double> loss = new LinkedHashMap<>();
        lossPoints(user, runId, instance).forEach(point -> loss.put(point.path("step").asLong(), point.path("loss").asDouble()));
        return loss;
    }

    private List<String> subjects()
    {
        List<String> subjects = new ArrayList<>();
        try {
            for (MimeMessage message : smtp.getReceivedMessages()) {
                assertThat(message.getAllRecipients()).extracting(Object::toString).containsExactly(EMAIL);
                subjects.add(message.getSubject());
            }
        }
        catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
        return subjects;
    }

    private static GreenMail startSmtp()
    {
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        return smtp;
    }

    private static int freePort()
    {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
