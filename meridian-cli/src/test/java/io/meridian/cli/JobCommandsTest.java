package io.meridian.cli;

import io.meridian.cli.commands.LogsCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code submit job}, {@code jobs}, and {@code logs} and {@code stop} given a job ID, against a scripted server. */
class JobCommandsTest
{
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String LOGIN_ANSWER = """
            {"token": "tok-123", "expiresAt": "2030-01-01T00:00:00Z", "user": {"id": "u1", "username": "admin"}}
            """;
    private static final String WORKSPACES = """
            {"items": [{"id": "w0", "name": "other", "isDefault": false}, {"id": "w1", "name": "default", "isDefault": true}], "total": 2, "page": 1, "size": 200}
            """;
    // the default queue on the local cluster; on the slurm cluster a queue that is not the default, and a quota with its own flavor
    private static final String RESOURCES = """
            [{"id": "q1", "kind": "QUEUE", "name": "default", "clusterId": "c1", "clusterName": "local", "isDefault": true, "flavorName": null, "deviceModel": "A800"},
             {"id": "q2", "kind": "QUEUE", "name": "batch", "clusterId": "c2", "clusterName": "slurm", "isDefault": false, "flavorName": null, "deviceModel": null},
             {"id": "quota3", "kind": "QUOTA", "name": "team", "clusterId": "c3", "clusterName": "big", "isDefault": false, "flavorName": "8C_64G_1*A800"},
             {"id": "quota4", "kind": "QUOTA", "name": "team-2", "clusterId": "c3", "clusterName": "big", "isDefault": false, "flavorName": null}]
            """;
    private static final String FLAVORS = """
            {"items": [
              {"name": "170C_1400G_8*A800", "cpuCores": 170, "memoryGiB": 1400, "deviceModel": "A800", "cards": 8},
              {"name": "CPU_2C-内存_8G", "cpuCores": 2, "memoryGiB": 8, "deviceModel": null, "cards": 0},
              {"name": "14C_100G_1*A800", "cpuCores": 14, "memoryGiB": 100, "deviceModel": "A800", "cards": 1}],
             "total": 3, "page": 1, "size": 200}
            """;
    private static final String JOB = """
            {"id": "job-abc", "name": "prep", "status": "QUEUED", "workspaceId": "w1", "clusterId": "c1", "poolId": "q1", "flavorName": "14C_100G_1*A800",
             "nodes": 2, "command": "python3 prep.py", "attempt": 1}
            """;

    @TempDir
    Path temporary;

    private final FakeServer server = new FakeServer();

    record Result(int exitCode, String out, String err) {}

    @BeforeEach
    void loggedIn()
    {
        server.answer("POST /api/v1/auth/login", 200, LOGIN_ANSWER);
        assertThat(run("login", "--server", server.url(), "--username", "admin", "--password", "pw").exitCode()).isZero();
        server.answer("GET /api/v1/workspaces", 200, WORKSPACES);
        server.answer("GET /api/v1/workspaces/w1/resources", 200, RESOURCES);
        server.answer("GET /api/v1/flavors", 200, FLAVORS);
        server.answer("POST /api/v1/jobs", 201, JOB);
        server.answer("POST /api/v1/code-packages", 201, "{\"id\": \"cp1\", \"name\": \"prep\", \"mountPath\": \"/work/mount/code/cp1\"}");
        server.answer("POST /api/v1/training-tasks", 201, "{\"id\": \"tt1\", \"name\": \"mnist\"}");
        server.answer("POST /api/v1/training-tasks/tt1/runs", 201, "{\"id\": \"tr1\", \"taskId\": \"tt1\", \"status\": \"QUEUED\"}");
    }

    @AfterEach
    void stopServer()
    {
        server.close();
    }

    private Result run(String... args)
    {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = CliContext.of(new PrintWriter(out, true), new PrintWriter(err, true), temporary.resolve("config"))
                .withEnvironment(Map.of(LogsCommand.POLL_INTERVAL_VARIABLE, "10"))
                .withInput(new ByteArrayInputStream(new byte[0]));
        int exitCode = MeridianCli.run(context, args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    private JsonNode sent(String methodAndPath)
    {
        return server.requests().stream()
                .filter(request -> (request.method() + " " + request.pathWithQuery().split("\\?")[0]).equals(methodAndPath))
                .map(request -> JSON.readTree(request.body()))
                .reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError("nothing sent to " + methodAndPath + ": " + server.requests()));
    }

    private List<String> paths()
    {
        return server.requests().stream().map(request -> request.method() + " " + request.pathWithQuery()).toList();
    }

    @Test
    void submitJobPostsTheJobOnTheDefaultsAndPrintsOnlyItsId()
    {
        Result submit = run("submit", "job", "--name", "prep", "--nodes", "2", "--env", "SHARDS=2", "--env", "EMPTY=",
                "--", "python3", "prep.py", "--out", "a b");

        assertThat(submit.exitCode()).as("%s", submit).isZero();
        assertThat(submit.out()).isEqualTo("job-abc\n");
        assertThat(submit.err()).contains("Started job prep (job-abc, QUEUED)", "queue default on cluster local", "meridian logs job-abc -f");
        JsonNode form = sent("POST /api/v1/jobs");
        assertThat(form.path("workspaceId").asString()).isEqualTo("w1");
        assertThat(form.path("name").asString()).isEqualTo("prep");
        assertThat(form.path("poolId").asString()).as("the workspace's default queue").isEqualTo("q1");
        assertThat(form.path("clusterId").asString()).as("the queue's cluster").isEqualTo("c1");
        assertThat(form.path("flavorName").asString()).as("the smallest flavor with the queue's cards").isEqualTo("14C_100G_1*A800");
        assertThat(form.path("nodes").asInt()).isEqualTo(2);
        assertThat(form.path("image").isNull()).as("the server's default").isTrue();
        assertThat(form.path("command").asString()).isEqualTo("python3 prep.py --out 'a b'");
        assertThat(form.path("env").toString()).isEqualTo("[{\"name\":\"SHARDS\",\"value\":\"2\"},{\"name\":\"EMPTY\",\"value\":\"\"}]");
        assertThat(form.path("codePackageId").isNull()).isTrue();
        assertThat(form.has("framework")).as("a plain job has no framework").isFalse();
        assertThat(paths()).noneMatch(path -> path.contains("training"));
    }

    @Test
    void clusterPicksTheWorkspacesPoolThereAndItsFlavor()
    {
        Result submit = run("submit", "job", "--name", "prep", "--nodes", "1", "--cluster", "slurm", "--image", "torch-2", "--", "hostname");

        assertThat(submit.exitCode()).as("%s", submit).isZero();
        JsonNode form = sent("POST /api/v1/jobs");
        assertThat(form.path("poolId").asString()).as("the only queue on that cluster").isEqualTo("q2");
        assertThat(form.path("clusterId").asString()).isEqualTo("c2");
        assertThat(form.path("flavorName").asString()).as("no device model: the smallest flavor of all").isEqualTo("CPU_2C-内存_8G");
        assertThat(form.path("image").asString()).isEqualTo("torch-2");
        assertThat(form.path("command").asString()).as("one word is a bash script").isEqualTo("hostname");
        assertThat(paths()).contains("GET /api/v1/flavors?clusterId=c2&size=200");

        // by the cluster's ID, a pool named with --pool, and a flavor of one's own
        run("submit", "job", "--name", "prep", "--nodes", "1", "--cluster", "c3", "--pool", "team-2", "--flavor", "170C_1400G_8*A800", "--", "true");
        form = sent("POST /api/v1/jobs");
        assertThat(form.path("poolId").asString()).isEqualTo("quota4");
        assertThat(form.path("clusterId").asString()).isEqualTo("c3");
        assertThat(form.path("flavorName").asString()).isEqualTo("170C_1400G_8*A800");

        // the training submit chooses alike
        Result pytorch = run("submit", "pytorch", "--name", "mnist", "--nodes", "1", "--cluster", "slurm", "--", "true");
        assertThat(pytorch.exitCode()).as("%s", pytorch).isZero();
        assertThat(sent("POST /api/v1/training-tasks").path("poolId").asString()).isEqualTo("q2");
    }

    @Test
    void aClusterOrQueueThatDoesNotFitIsRefusedBeforeAnythingIsCreated()
    {
        Result unknown = run("submit", "job", "--name", "prep", "--nodes", "1", "--cluster", "nowhere", "--", "true");
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(unknown.err()).contains("error: the workspace has no queue or quota on cluster nowhere; it has: default, batch, team, team-2");

        Result elsewhere = run("submit", "job", "--name", "prep", "--nodes", "1", "--cluster", "slurm", "--queue", "default", "--", "true");
        assertThat(elsewhere.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(elsewhere.err()).contains("error: queue default is on cluster local, not slurm; on that cluster the workspace has: batch");

        Result ambiguous = run("submit", "job", "--name", "prep", "--nodes", "1", "--cluster", "big", "--", "true");
        assertThat(ambiguous.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(ambiguous.err()).contains("error: the workspace has no default queue on cluster big; pass --queue (it has on cluster big: team, team-2)");

        assertThat(paths()).noneMatch(path -> path.startsWith("POST /api/v1/jobs"));
    }

    @Test
    void codeDirIsUploadedAndMountedForTheJob()
            throws IOException
    {
        Path code = Files.createDirectories(temporary.resolve("code"));
        Files.writeString(code.resolve("prep.py"), "print('hi')\n");

        Result submit = run("submit", "job", "--name", "prep", "--nodes", "1", "--code-dir", code.toString(), "--", "python3", "prep.py");

        assertThat(submit.exitCode()).as("%s", submit).isZero();
        assertThat(paths()).contains("POST /api/v1/code-packages?name=prep");
        assertThat(sent("POST /api/v1/jobs").path("codePackageId").asString()).isEqualTo("cp1");
        assertThat(submit.err()).contains("/work/mount/code/cp1");
    }

    @Test
    void submitJobUsageErrorsExitWithTwoAndSendNothing()
    {
        int before = server.requests().size();
        List<List<String>> wrong = List.of(
                List.of("submit", "job", "--nodes", "1", "--", "true"),
                List.of("submit", "job", "--name", "x", "--nodes", "1"),
                List.of("submit", "job", "--name", "x", "--nodes", "1", "--", " "),
                List.of("submit", "job", "--name", "x", "--nodes", "0", "--", "true"),
                List.of("submit", "job", "--name", "x", "--nodes", "1", "--image", " ", "--", "true"),
                List.of("submit", "job", "--name", "x", "--nodes", "1", "--env", "NOVALUE", "--", "true"),
                List.of("submit", "job", "--name", "x", "--nodes", "1", "--env", "A=1", "--env", "A=2", "--", "true"),
                List.of("submit", "job", "--name", "x", "--nodes", "1", "--code-dir", temporary.resolve("missing").toString(), "--", "true"),
                List.of("submit", "job", "--name", "x", "--nodes", "1", "--framework", "PYTORCH", "--", "true"));
        for (List<String> args : wrong) {
            Result result = run(args.toArray(String[]::new));
            assertThat(result.exitCode()).as("%s: %s", args, result).isEqualTo(ExitCode.USAGE);
            assertThat(result.out()).as("%s", args).isEmpty();
            assertThat(result.err()).as("%s", args).startsWith("error: ");
        }
        assertThat(run("submit", "job", "--name", "x", "--nodes", "0", "--", "true").err()).contains("--nodes must be 1 or more");
        assertThat(server.requests()).hasSize(before);
    }

    @Test
    void helpDocumentsEveryFlag()
    {
        Result help = run("submit", "job", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--name", "--nodes", "--flavor", "--cluster", "--queue", "--pool", "--workspace", "--image", "--env", "--code-dir",
                "--description", "COMMAND");
        assertThat(run("submit", "--help").out()).contains("pytorch", "job");
    }

    @Test
    void aServerRefusalOfTheJobIsPrintedWithItsFields()
    {
        server.answer("POST /api/v1/jobs", 400, """
                {"status": 400, "code": "validation", "detail": "The request has invalid fields.",
                 "errors": [{"field": "nodes", "code": "validation.range", "message": "Must be between 1 and 64."}]}
                """);

        Result submit = run("submit", "job", "--name", "prep", "--nodes", "99", "--", "true");

        assertThat(submit.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(submit.out()).isEmpty();
        assertThat(submit.err()).contains("error: The request has invalid fields.").contains("nodes: Must be between 1 and 64.");
    }

    @Test
    void jobsListFiltersAndGetShowsStatusInstancesAndEvents()
    {
        server.answer("GET /api/v1/jobs", 200, """
                {"items": [{"id": "job-abc", "name": "prep", "status": "RUNNING", "nodes": 2, "flavorName": "14C_100G_1*A800", "clusterId": "c1",
                            "clusterName": "local", "createdAt": "2026-11-22T06:00:00Z", "durationSeconds": 12}], "total": 1, "page": 1, "size": 10}
                """);
        server.answer("GET /api/v1/jobs/job-abc", 200, """
                {"id": "job-abc", "name": "prep", "status": "FAILED", "statusReason": "worker-1 exited with 3", "command": "python3 prep.py",
                 "instances": [{"id": "i1", "name": "worker-0", "attempt": 1, "node": "local-a800-1", "devices": "NVIDIA:0", "state": "SUCCEEDED", "exitCode": 0},
                               {"id": "i2", "name": "worker-1", "attempt": 1, "node": "local-a800-2", "state": "FAILED", "exitCode": 3, "reason": "exit 3"}],
                 "events": [{"at": "2026-11-22T06:00:00Z", "kind": "transition", "toStatus": "QUEUED", "message": "submitted"},
                            {"at": "2026-11-22T06:01:00Z", "kind": "transition", "fromStatus": "RUNNING", "toStatus": "FAILED", "message": "worker-1 exited with 3"}]}
                """);

        server.answer("GET /api/v1/workspaces/w1", 200, "{\"id\": \"w1\", \"name\": \"default\"}");
        Result list = run("jobs", "list", "--status", "running", "--workspace", "w1", "--size", "5");
        assertThat(list.exitCode()).as("%s", list).isZero();
        assertThat(server.last().pathWithQuery()).isEqualTo("/api/v1/jobs?workspaceId=w1&status=RUNNING&size=5");
        assertThat(list.out().lines().toList()).hasSize(2);
        assertThat(list.out()).startsWith("ID ").contains("job-abc", "prep", "RUNNING", "local");

        Result json = run("jobs", "get", "job-abc", "-o", "json");
        assertThat(JSON.readTree(json.out()).path("instances").size()).isEqualTo(2);

        Result table = run("jobs", "get", "job-abc");
        assertThat(table.exitCode()).as("%s", table).isZero();
        assertThat(table.out()).contains("status:", "FAILED", "command:", "python3 prep.py", "worker-1", "local-a800-2", "exit 3",
                "QUEUED  submitted", "2026-11-22T06:01:00Z FAILED  worker-1 exited with 3");
        assertThat(table.out()).doesNotContain("instances:", "events:");

        Result empty = run("jobs", "get", " ");
        assertThat(empty.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(empty.err()).contains("the job ID is empty");
    }

    @Test
    void stopAndDeleteReachTheJob()
    {
        server.answer("POST /api/v1/jobs/job-abc/stop", 200, "{\"id\": \"job-abc\", \"status\": \"STOPPING\"}");
        server.answer("DELETE /api/v1/jobs/job-abc", 204, "");
        server.answer("POST /api/v1/training-runs/tr-1/stop", 200, "{\"id\": \"tr-1\", \"status\": \"STOPPING\"}");

        Result stop = run("stop", "job-abc");
        assertThat(stop.exitCode()).as("%s", stop).isZero();
        assertThat(stop.out()).isEmpty();
        assertThat(stop.err()).contains("Stopping job job-abc (STOPPING).");
        assertThat(server.last().pathWithQuery()).isEqualTo("/api/v1/jobs/job-abc/stop");

        Result jobsStop = run("jobs", "stop", "job-abc", "-o", "json");
        assertThat(jobsStop.exitCode()).as("%s", jobsStop).isZero();
        assertThat(JSON.readTree(jobsStop.out()).path("status").asString()).isEqualTo("STOPPING");

        Result run = run("stop", "tr-1");
        assertThat(run.err()).as("any other ID is a training run").contains("Stopping run tr-1 (STOPPING).");
        assertThat(server.last().pathWithQuery()).isEqualTo("/api/v1/training-runs/tr-1/stop");

        Result delete = run("jobs", "delete", "job-abc");
        assertThat(delete.exitCode()).as("%s", delete).isZero();
        assertThat(delete.err()).contains("Deleted job job-abc.");
        assertThat(server.last().method()).isEqualTo("DELETE");

        server.answer("DELETE /api/v1/jobs/job-abc", 409, "{\"status\": 409, \"code\": \"job.active\", \"detail\": \"The job has not finished; stop it first.\"}");
        Result refused = run("jobs", "delete", "job-abc");
        assertThat(refused.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(refused.err()).startsWith("error: The job has not finished; stop it first.");
    }

    @Test
    void logsOfAJobReadItsLogPageByPage()
    {
        server.respond("GET /api/v1/jobs/job-abc/logs", request -> FakeServer.json(200, request.pathWithQuery().contains("offset=0")
                ? "{\"instance\": \"i1\", \"lines\": [{\"time\": \"t\", \"text\": \"one\"}, {\"time\": \"t\", \"text\": \"two\"}], \"nextOffset\": 8}"
                : "{\"instance\": \"i1\", \"lines\": [], \"nextOffset\": 8}"));

        Result logs = run("logs", "job-abc", "--instance", "worker-1");

        assertThat(logs.exitCode()).as("%s", logs).isZero();
        assertThat(logs.out()).isEqualTo("one\ntwo\n");
        assertThat(paths()).contains("GET /api/v1/jobs/job-abc/logs?instance=worker-1&offset=0&maxBytes=1048576");
        assertThat(paths()).noneMatch(path -> path.contains("training-runs"));
    }

    @Test
    void followingAJobWaitsWhileItIsQueuedAndEndsWithIt()
    {
        AtomicInteger statusCalls = new AtomicInteger();
        server.respond("GET /api/v1/jobs/job-abc", request -> {
            int call = statusCalls.incrementAndGet();
            return FakeServer.json(200, "{\"id\": \"job-abc\", \"status\": \"" + (call < 2 ? "QUEUED" : call < 3 ? "RUNNING" : "FAILED") + "\"}");
        });
        server.respond("GET /api/v1/jobs/job-abc/logs", request -> {
            if (statusCalls.get() < 1) {
                // whatever feature's code, a queued workload has no instance to read yet
                return FakeServer.json(409, "{\"status\": 409, \"code\": \"job.no-instances\", \"detail\": \"The job has no instances yet.\"}");
            }
            boolean first = request.pathWithQuery().contains("offset=0&");
            return FakeServer.json(200, first && statusCalls.get() >= 2
                    ? "{\"instance\": \"i1\", \"lines\": [{\"time\": \"t\", \"text\": \"Traceback\"}], \"nextOffset\": 10}"
                    : "{\"instance\": \"i1\", \"lines\": [], \"nextOffset\": " + (first ? 0 : 10) + "}");
        });

        Result followed = run("logs", "job-abc", "-f");

        assertThat(followed.exitCode()).as("%s", followed).isZero();
        assertThat(followed.out()).isEqualTo("Traceback\n");
        assertThat(followed.err()).contains("Job job-abc ended FAILED.");
    }

    @Test
    void anotherRefusalWhileFollowingIsAnError()
    {
        server.answer("GET /api/v1/jobs/job-abc/logs", 404, "{\"status\": 404, \"code\": \"job.not-found\", \"detail\": \"No job job-abc.\"}");

        Result followed = run("logs", "job-abc", "-f");

        assertThat(followed.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(followed.err()).startsWith("error: No job job-abc.");
    }
}
