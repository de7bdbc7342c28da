package io.meridian.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Wherever a command takes a workspace, queue, quota, cluster, region, task, run or job, it takes its ID or its name. */
class NamesOrIdsTest
{
    private static final String LOGIN_ANSWER = """
            {"token": "tok-123", "expiresAt": "2030-01-01T00:00:00Z", "user": {"id": "u1", "username": "admin"}}
            """;
    private static final String WORKSPACES = """
            {"items": [{"id": "w0", "name": "other", "isDefault": false}, {"id": "w1", "name": "训练空间", "isDefault": true}], "total": 2, "page": 1, "size": 200}
            """;
    private static final String TASKS = """
            {"items": [{"id": "tt1", "name": "mnist"}, {"id": "tt2", "name": "mnist-large"}], "total": 2, "page": 1, "size": 200}
            """;
    private static final String CLUSTERS = """
            {"items": [{"id": "c1", "name": "local"}, {"id": "c2", "name": "gpu"}, {"id": "c3", "name": "gpu"}], "total": 3, "page": 1, "size": 200}
            """;
    private static final String EMPTY_PAGE = """
            {"items": [], "total": 0, "page": 1, "size": 10}
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
        server.answer("GET /api/v1/workspaces/w1", 200, "{\"id\": \"w1\", \"name\": \"训练空间\", \"isDefault\": true}");
        server.answer("GET /api/v1/training-tasks", 200, TASKS);
        server.answer("GET /api/v1/clusters", 200, CLUSTERS);
        server.answer("GET /api/v1/clusters/c1", 200, "{\"id\": \"c1\", \"name\": \"local\"}");
        server.answer("GET /api/v1/training-runs", 200, EMPTY_PAGE);
        server.answer("GET /api/v1/jobs", 200, EMPTY_PAGE);
        server.answer("GET /api/v1/queues", 200, EMPTY_PAGE);
        server.answer("GET /api/v1/nodes", 200, EMPTY_PAGE);
    }

    @AfterEach
    void stopServer()
    {
        server.close();
    }

    @Test
    void listsTakeNamesWhereTheyTookIds()
    {
        assertThat(run("runs", "list", "--workspace", "训练空间", "--task", "mnist").exitCode()).isZero();
        assertThat(lastQuery("/api/v1/training-runs")).contains("taskId=tt1").contains("workspaceId=w1");

        assertThat(run("jobs", "list", "--workspace", "w1").exitCode()).as("an ID still works").isZero();
        assertThat(lastQuery("/api/v1/jobs")).contains("workspaceId=w1");

        assertThat(run("queues", "list", "--cluster", "local").exitCode()).isZero();
        assertThat(lastQuery("/api/v1/queues")).contains("clusterId=c1");

        assertThat(run("nodes", "list", "--cluster", "c1").exitCode()).isZero();
        assertThat(lastQuery("/api/v1/nodes")).contains("clusterId=c1");
    }

    @Test
    void getTakesANameToo()
    {
        Result byName = run("workspaces", "get", "训练空间", "-o", "json");

        assertThat(byName.exitCode()).as("%s", byName).isZero();
        assertThat(byName.out()).contains("\"id\" : \"w1\"");
    }

    @Test
    void anUnknownOrAmbiguousNameIsRefusedWithWhatToDo()
    {
        Result unknown = run("runs", "list", "--workspace", "nowhere");
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(unknown.err()).startsWith("error: no workspace nowhere (neither an ID nor a name); meridian workspaces list shows them");

        Result ambiguous = run("nodes", "list", "--cluster", "gpu");
        assertThat(ambiguous.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(ambiguous.err()).startsWith("error: several clusters are named gpu: c2, c3; give the ID");
        assertThat(server.requests().stream().map(FakeServer.Request::pathWithQuery)).noneMatch(path -> path.startsWith("/api/v1/nodes"));
    }

    @Test
    void everyFailureSharesOneFormat()
    {
        server.answer("GET /api/v1/training-runs/tr-9", 404, "{\"status\": 404, \"code\": \"not-found\", \"detail\": \"No run tr-9.\", \"errors\": []}");
        for (List<String> args : List.of(
                List.of("runs", "list", "--status", "running", "--bogus"),
                List.of("runs", "get", "tr-9"),
                List.of("runs", "list", "--workspace", "nowhere"),
                List.of("workspaces", "get", " "),
                List.of("nodes"))) {
            Result result = run(args.toArray(String[]::new));
            assertThat(result.exitCode()).as("%s", args).isNotZero();
            assertThat(result.err()).as("%s", args).startsWith("error: ").doesNotContain("Error:");
        }
    }

    private String lastQuery(String path)
    {
        return server.requests().stream()
                .map(FakeServer.Request::pathWithQuery)
                .filter(request -> request.startsWith(path + "?") || request.equals(path))
                .reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError("nothing sent to " + path + ": " + server.requests()));
    }

    private Result run(String... args)
    {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = CliContext.of(new PrintWriter(out, true), new PrintWriter(err, true), temporary.resolve("config"))
                .withEnvironment(Map.of())
                .withInput(new ByteArrayInputStream(new byte[0]));
        int exitCode = MeridianCli.run(context, args);
        return new Result(exitCode, out.toString(), err.toString());
    }
}
