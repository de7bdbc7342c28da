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
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code submit pytorch}, {@code runs}, {@code logs} and {@code stop} against a scripted server. */
class TrainingCommandsTest
{
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String LOGIN_ANSWER = """
            {"token": "tok-123", "expiresAt": "2030-01-01T00:00:00Z", "user": {"id": "u1", "username": "admin"}}
            """;
    private static final String WORKSPACES = """
            {"items": [{"id": "w0", "name": "other", "isDefault": false}, {"id": "w1", "name": "default", "isDefault": true}], "total": 2, "page": 1, "size": 200}
            """;
    private static final String RESOURCES = """
            [{"id": "quota1", "kind": "QUOTA", "name": "team-quota", "clusterId": "c1", "isDefault": false, "flavorName": "8C_64G_1*A800"},
             {"id": "q1", "kind": "QUEUE", "name": "default", "clusterId": "c1", "isDefault": true, "flavorName": null, "deviceModel": "A800"}]
            """;
    private static final String FLAVORS = """
            {"items": [
              {"name": "170C_1400G_8*A800", "cpuCores": 170, "memoryGiB": 1400, "deviceModel": "A800", "cards": 8},
              {"name": "CPU_2C-内存_8G", "cpuCores": 2, "memoryGiB": 8, "deviceModel": null, "cards": 0},
              {"name": "14C_100G_1*A800", "cpuCores": 14, "memoryGiB": 100, "deviceModel": "A800", "cards": 1},
              {"name": "28C_200G_2*A800", "cpuCores": 28, "memoryGiB": 200, "deviceModel": "A800", "cards": 2}],
             "total": 4, "page": 1, "size": 200}
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
        server.answer("POST /api/v1/training-tasks", 201, "{\"id\": \"tt1\", \"name\": \"mnist\"}");
        server.answer("POST /api/v1/training-tasks/tt1/runs", 201, "{\"id\": \"tr1\", \"taskId\": \"tt1\", \"status\": \"QUEUED\"}");
        server.answer("POST /api/v1/code-packages", 201, "{\"id\": \"cp1\", \"name\": \"mnist\", \"mountPath\": \"/work/mount/code/cp1\"}");
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

    @Test
    void submitCreatesATaskOnTheDefaultsStartsARunAndPrintsOnlyItsId()
    {
        Result submit = run("submit", "pytorch", "--name", "mnist", "--nodes", "1", "--env", "LR=0.1", "--env", "OPTS=--a=b",
                "--dataset", "mnist-v1", "--", "python3", "train.py", "--epochs", "3", "--tag", "it's");

        assertThat(submit.exitCode()).as("%s", submit).isZero();
        assertThat(submit.out()).isEqualTo("tr1\n");
        assertThat(submit.err()).contains("Created training task mnist (tt1)").contains("Started run tr1").contains("meridian logs tr1 -f");
        JsonNode form = sent("POST /api/v1/training-tasks");
        assertThat(form.path("workspaceId").asString()).isEqualTo("w1");
        assertThat(form.path("poolId").asString()).as("the default queue, not the quota").isEqualTo("q1");
        assertThat(form.path("flavorName").asString()).as("the smallest flavor with the queue's cards").isEqualTo("14C_100G_1*A800");
        assertThat(form.path("framework").asString()).isEqualTo("PYTORCH");
        assertThat(form.path("mode").asString()).isEqualTo("SINGLE");
        assertThat(form.path("nodes").asInt()).isEqualTo(1);
        assertThat(form.path("image").asString()).isEqualTo("pytorch/pytorch:latest");
        assertThat(form.path("command").asString()).isEqualTo("python3 train.py --epochs 3 --tag 'it'\"'\"'s'");
        assertThat(form.path("env").toString()).isEqualTo("[{\"name\":\"LR\",\"value\":\"0.1\"},{\"name\":\"OPTS\",\"value\":\"--a=b\"}]");
        assertThat(form.path("datasets").toString()).isEqualTo("[\"mnist-v1\"]");
        assertThat(form.path("codePackageId").isNull()).isTrue();
        assertThat(form.path("faultTolerance").isNull()).isTrue();
        assertThat(server.requests().stream().map(FakeServer.Request::pathWithQuery)).contains("/api/v1/flavors?clusterId=c1&size=200");
    }

    @Test
    void submitWithSeveralNodesRunsDdpWithTheGivenQueueAndFlavor()
    {
        Result submit = run("submit", "pytorch", "--name", "mnist", "--nodes", "3", "--nproc-per-node", "2", "--queue", "team-quota",
                "--flavor", "28C_200G_2*A800", "--workspace", "default", "--fault-tolerant", "--image", "registry.example.com/t/pytorch:2.3",
                "--max-restarts", "5", "--restart-scope", "INSTANCE", "--description", "three nodes", "python3", "train.py", "--lr", "0.1");

        assertThat(submit.exitCode()).as("%s", submit).isZero();
        assertThat(submit.out()).isEqualTo("tr1\n");
        JsonNode form = sent("POST /api/v1/training-tasks");
        assertThat(form.path("mode").asString()).isEqualTo("DDP");
        assertThat(form.path("nodes").asInt()).isEqualTo(3);
        assertThat(form.path("nprocPerNode").asInt()).isEqualTo(2);
        assertThat(form.path("poolId").asString()).isEqualTo("quota1");
        assertThat(form.path("flavorName").asString()).isEqualTo("28C_200G_2*A800");
        assertThat(form.path("faultTolerance").path("enabled").asBoolean()).isTrue();
        assertThat(form.path("faultTolerance").path("maxRestarts").asInt()).isEqualTo(5);
        assertThat(form.path("faultTolerance").path("restartScope").asString()).isEqualTo("INSTANCE");
        assertThat(form.path("faultTolerance").path("restartPolicy").isNull()).as("the server's default").isTrue();
        assertThat(form.path("image").asString()).isEqualTo("registry.example.com/t/pytorch:2.3");
        assertThat(form.path("description").asString()).isEqualTo("three nodes");
        assertThat(form.path("command").asString()).as("without --, the first word ends the options").isEqualTo("python3 train.py --lr 0.1");
    }

    @Test
    void aQueueWithItsOwnFlavorUsesIt()
    {
        run("submit", "pytorch", "--name", "mnist", "--nodes", "1", "--queue", "quota1", "--", "true");

        assertThat(sent("POST /api/v1/training-tasks").path("flavorName").asString()).isEqualTo("8C_64G_1*A800");
    }

    @Test
    void codeDirIsZippedAndUploadedBeforeTheTask()
            throws IOException
    {
        Path code = Files.createDirectories(temporary.resolve("code"));
        Files.writeString(code.resolve("train.py"), "print('hi')\n");
        Files.createDirectories(code.resolve(".git"));
        Files.writeString(code.resolve(".git/HEAD"), "x\n");

        Result submit = run("submit", "pytorch", "--name", "mnist", "--nodes", "1", "--code-dir", code.toString(), "--", "python3", "train.py");

        assertThat(submit.exitCode()).as("%s", submit).isZero();
        assertThat(submit.out()).isEqualTo("tr1\n");
        FakeServer.Request upload = server.requests().stream().filter(request -> request.pathWithQuery().startsWith("/api/v1/code-packages")).findFirst().orElseThrow();
        assertThat(upload.pathWithQuery()).isEqualTo("/api/v1/code-packages?name=mnist");
        assertThat(upload.header("Content-Type")).isEqualTo("application/zip");
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(upload.bytes()))) {
            ZipEntry entry = zip.getNextEntry();
            assertThat(entry.getName()).isEqualTo("train.py");
            assertThat(new String(zip.readAllBytes())).isEqualTo("print('hi')\n");
            assertThat(zip.getNextEntry()).isNull();
        }
        assertThat(sent("POST /api/v1/training-tasks").path("codePackageId").asString()).isEqualTo("cp1");
        assertThat(submit.err()).contains("/work/mount/code/cp1");
    }

    @Test
    void submitUsageErrorsExitWithTwoAndSendNothing()
    {
        int before = server.requests().size();
        List<List<String>> wrong = List.of(
                List.of("submit", "pytorch", "--nodes", "1", "--", "true"),
                List.of("submit", "pytorch", "--name", "x", "--", "true"),
                List.of("submit", "pytorch", "--name", "x", "--nodes", "1"),
                List.of("submit", "pytorch", "--name", "x", "--nodes", "1", "--"),
                List.of("submit", "pytorch", "--name", "x", "--nodes", "0", "--", "true"),
                List.of("submit", "pytorch", "--name", "x", "--nodes", "two", "--", "true"),
                List.of("submit", "pytorch", "--name", "x", "--nodes", "1", "--env", "NOVALUE", "--", "true"),
                List.of("submit", "pytorch", "--name", "x", "--nodes", "1", "--env", "9LIVES=1", "--", "true"),
                List.of("submit", "pytorch", "--name", "x", "--nodes", "1", "--env", "A=1", "--env", "A=2", "--", "true"),
                List.of("submit", "pytorch", "--name", "x", "--nodes", "1", "--code-dir", temporary.resolve("missing").toString(), "--", "true"),
                List.of("submit", "pytorch", "--name", "x", "--nodes", "1", "--bogus", "--", "true"),
                List.of("submit", "pytorch"),
                List.of("submit"));
        for (List<String> args : wrong) {
            Result result = run(args.toArray(String[]::new));
            assertThat(result.exitCode()).as("%s: %s", args, result).isEqualTo(ExitCode.USAGE);
            assertThat(result.out()).as("%s", args).isEmpty();
            assertThat(result.err()).as("%s", args).startsWith("error: ");
        }
        assertThat(run("submit", "pytorch", "--name", "x", "--nodes", "1", "--env", "NOVALUE", "--", "true").err()).contains("'NOVALUE' is not NAME=VALUE");
        assertThat(server.requests()).hasSize(before);
    }

    @Test
    void helpDocumentsEveryFlag()
    {
        Result help = run("submit", "pytorch", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--name", "--nodes", "--nproc-per-node", "--flavor", "--image", "--dataset", "--env", "--code-dir",
                "--workspace", "--queue", "--fault-tolerant", "--max-restarts", "--restart-policy", "--restart-scope", "--description", "COMMAND");
    }

    @Test
    void aServerRefusalOfTheTaskIsPrintedAndNothingGoesToStandardOutput()
    {
        server.answer("POST /api/v1/training-tasks", 400, """
                {"status": 400, "code": "validation", "detail": "The request has invalid fields.",
                 "errors": [{"field": "name", "code": "training.task.name.taken", "message": "The name is taken."}]}
                """);

        Result submit = run("submit", "pytorch", "--name", "mnist", "--nodes", "1", "--", "true");

        assertThat(submit.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(submit.out()).isEmpty();
        assertThat(submit.err()).contains("error: The request has invalid fields.").contains("name: The name is taken.");
    }

    @Test
    void runsListFiltersAndGetShowsStatusInstancesAndTimeline()
    {
        server.answer("GET /api/v1/training-runs", 200, """
                {"items": [{"id": "tr1", "name": "mnist", "taskId": "tt1", "status": "RUNNING", "mode": "DDP", "nodes": 2, "flavorName": "14C_100G_1*A800",
                            "restarts": 0, "createdAt": "2026-11-22T06:00:00Z", "durationSeconds": 12}], "total": 1, "page": 1, "size": 10}
                """);
        server.answer("GET /api/v1/training-runs/tr1", 200, """
                {"id": "tr1", "name": "mnist", "status": "RUNNING", "definition": {"command": "python3 train.py", "image": "pytorch/pytorch:latest"},
                 "instances": [{"name": "master-0", "attempt": 1, "node": "local-a800-1", "devices": "NVIDIA:0", "state": "RUNNING"}],
                 "timeline": [{"at": "2026-11-22T06:00:00Z", "kind": "transition", "toStatus": "QUEUED", "message": "submitted"}]}
                """);

        server.answer("GET /api/v1/training-tasks/tt1", 200, "{\"id\": \"tt1\", \"name\": \"mnist\"}");
        Result list = run("runs", "list", "--task", "tt1", "--status", "running");
        assertThat(list.exitCode()).as("%s", list).isZero();
        assertThat(server.last().pathWithQuery()).isEqualTo("/api/v1/training-runs?taskId=tt1&status=RUNNING");
        assertThat(list.out().lines().toList()).hasSize(2);
        assertThat(list.out()).startsWith("ID ").contains("tr1", "mnist", "RUNNING", "DDP");

        Result json = run("runs", "get", "tr1", "-o", "json");
        assertThat(JSON.readTree(json.out()).path("status").asString()).isEqualTo("RUNNING");

        Result table = run("runs", "get", "tr1");
        assertThat(table.exitCode()).as("%s", table).isZero();
        assertThat(table.out()).contains("status:", "RUNNING", "command:", "python3 train.py", "master-0", "local-a800-1", "QUEUED  submitted");
    }

    @Test
    void logsPrintsTheWholeLogPageByPage()
    {
        server.respond("GET /api/v1/training-runs/tr1/logs", request -> FakeServer.json(200, switch ((int) offset(request)) {
            case 0 -> "{\"instance\": \"i1\", \"lines\": [{\"time\": \"2026-11-22T06:00:00Z\", \"text\": \"one\"}], \"nextOffset\": 4}";
            case 4 -> "{\"instance\": \"i1\", \"lines\": [{\"time\": \"2026-11-22T06:00:01Z\", \"text\": \"two\"}], \"nextOffset\": 8}";
            default -> "{\"instance\": \"i1\", \"lines\": [], \"nextOffset\": 8}";
        }));

        Result logs = run("logs", "tr1", "--instance", "worker-0");

        assertThat(logs.exitCode()).as("%s", logs).isZero();
        assertThat(logs.out()).isEqualTo("one\ntwo\n");
        assertThat(server.requests().stream().map(FakeServer.Request::pathWithQuery).filter(path -> path.contains("/logs")))
                .first().isEqualTo("/api/v1/training-runs/tr1/logs?instance=worker-0&offset=0&maxBytes=1048576");
        assertThat(run("logs", "tr1", "--timestamps").out()).isEqualTo("2026-11-22T06:00:00Z one\n2026-11-22T06:00:01Z two\n");
    }

    @Test
    void followWaitsForInstancesPrintsLinesAsTheyComeAndEndsWithTheRun()
    {
        AtomicInteger statusCalls = new AtomicInteger();
        AtomicInteger logCalls = new AtomicInteger();
        server.respond("GET /api/v1/training-runs/tr1", request -> {
            int call = statusCalls.incrementAndGet();
            return FakeServer.json(200, "{\"id\": \"tr1\", \"status\": \"" + (call < 2 ? "QUEUED" : call < 4 ? "RUNNING" : "SUCCEEDED") + "\"}");
        });
        server.respond("GET /api/v1/training-runs/tr1/logs", request -> {
            if (statusCalls.get() < 1) {
                return FakeServer.json(409, "{\"status\": 409, \"code\": \"training.run.no-instances\", \"detail\": \"The run has no instances yet.\"}");
            }
            logCalls.incrementAndGet();
            long offset = offset(request);
            // the log grows by one line per status check; the last line appears just before the run ends
            long available = Math.min(statusCalls.get(), 4);
            if (offset >= available) {
                return FakeServer.json(200, "{\"instance\": \"i1\", \"lines\": [], \"nextOffset\": " + offset + "}");
            }
            return FakeServer.json(200, "{\"instance\": \"i1\", \"lines\": [{\"time\": \"t\", \"text\": \"line " + (offset + 1) + "\"}], \"nextOffset\": "
                    + (offset + 1) + "}");
        });

        Result followed = run("logs", "tr1", "-f");

        assertThat(followed.exitCode()).as("%s", followed).isZero();
        assertThat(followed.out()).isEqualTo("line 1\nline 2\nline 3\nline 4\n");
        assertThat(followed.err()).contains("Run tr1 ended SUCCEEDED.");
    }

    @Test
    void followStartsOverWhenARestartBringsNewInstances()
    {
        AtomicInteger statusCalls = new AtomicInteger();
        server.respond("GET /api/v1/training-runs/tr1", request -> FakeServer.json(200,
                "{\"status\": \"" + (statusCalls.incrementAndGet() < 2 ? "RESTARTING" : "SUCCEEDED") + "\"}"));
        server.respond("GET /api/v1/training-runs/tr1/logs", request -> {
            String instance = statusCalls.get() < 1 ? "a1" : "a2";
            long offset = offset(request);
            if (offset >= 1) {
                return FakeServer.json(200, "{\"instance\": \"" + instance + "\", \"lines\": [], \"nextOffset\": 1}");
            }
            return FakeServer.json(200, "{\"instance\": \"" + instance + "\", \"lines\": [{\"time\": \"t\", \"text\": \"from " + instance + "\"}], \"nextOffset\": 1}");
        });

        Result followed = run("logs", "tr1", "-f");

        assertThat(followed.exitCode()).as("%s", followed).isZero();
        assertThat(followed.out()).isEqualTo("from a1\nfrom a2\n");
        assertThat(followed.err()).contains("--- a2 (a new attempt) ---");
    }

    @Test
    void logsOfAQueuedRunWithoutFollowIsTheServersRefusal()
    {
        server.answer("GET /api/v1/training-runs/tr1/logs", 409, "{\"status\": 409, \"code\": \"training.run.no-instances\", \"detail\": \"The run has no instances yet.\"}");

        Result logs = run("logs", "tr1");

        assertThat(logs.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(logs.err()).startsWith("error: The run has no instances yet.");
    }

    @Test
    void stopPostsAndReportsOnStandardError()
    {
        server.answer("POST /api/v1/training-runs/tr1/stop", 200, "{\"id\": \"tr1\", \"status\": \"STOPPING\"}");

        Result stop = run("stop", "tr1");

        assertThat(stop.exitCode()).as("%s", stop).isZero();
        assertThat(stop.out()).isEmpty();
        assertThat(stop.err()).contains("Stopping run tr1 (STOPPING).");
        assertThat(server.last().method()).isEqualTo("POST");
        assertThat(run("stop").exitCode()).isEqualTo(ExitCode.USAGE);
    }

    private static long offset(FakeServer.Request request)
    {
        for (String parameter : request.pathWithQuery().substring(request.pathWithQuery().indexOf('?') + 1).split("&")) {
            if (parameter.startsWith("offset=")) {
                return Long.parseLong(parameter.substring("offset=".length()));
            }
        }
        return 0;
    }
}
