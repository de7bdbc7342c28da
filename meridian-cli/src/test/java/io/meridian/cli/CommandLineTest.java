package io.meridian.cli;

import io.meridian.cli.config.ConfigStore;
import io.meridian.cli.config.Credentials;
import io.meridian.cli.http.RequestSigner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Argument parsing, exit codes and what goes to which stream, against a scripted server. */
class CommandLineTest
{
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String LOGIN_ANSWER = """
            {"token": "tok-123", "expiresAt": "2030-01-01T00:00:00Z", "user": {"id": "u1", "username": "admin"}}
            """;
    private static final String ME = """
            {"id": "u1", "username": "admin", "tenantName": "default", "accountRole": "MAIN_ACCOUNT", "operator": true,
             "features": ["NOTEBOOK"], "workspaces": [{"id": "w1", "name": "default", "isDefault": true, "roles": ["WORKSPACE_ADMIN"]}]}
            """;

    @TempDir
    Path configDir;

    private final FakeServer server = new FakeServer();
    private Map<String, String> environment = Map.of();
    private String input = "";
    private Clock clock = Clock.systemUTC();

    record Result(int exitCode, String out, String err) {}

    @AfterEach
    void stopServer()
    {
        server.close();
    }

    private Result run(String... args)
    {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = CliContext.of(new PrintWriter(out, true), new PrintWriter(err, true), configDir)
                .withEnvironment(environment)
                .withInput(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)))
                .withClock(clock);
        int exitCode = MeridianCli.run(context, args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    private void loggedIn()
    {
        server.answer("POST /api/v1/auth/login", 200, LOGIN_ANSWER);
        assertThat(run("login", "--server", server.url(), "--username", "admin", "--password", "pw").exitCode()).isZero();
    }

    @Test
    void usageErrorsExitWithTwoAndSayWhatIsWrongOnStandardError()
    {
        Result bare = run();
        assertThat(bare.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(bare.err()).contains("error: Missing required subcommand");

        Result typo = run("regions", "lst");
        assertThat(typo.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(typo.err()).contains("Did you mean").contains("list");
        assertThat(typo.out()).isEmpty();

        assertThat(run("regions", "list", "-o", "yaml").err()).contains("'yaml' is not an output format");
        assertThat(run("regions", "list", "-o", "yaml").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run("nodes", "list", "--bogus").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run("clusters", "get").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run("config", "set", "language", "fr").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run("config", "set", "colour", "red").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run("config", "set", "server", "example.com").exitCode()).isEqualTo(ExitCode.USAGE);
        Result noServer = run("login", "--username", "admin", "--password", "pw");
        assertThat(noServer.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(noServer.err()).contains("no server: pass --server URL");
    }

    @Test
    void helpGoesToStandardOutputAndSucceeds()
    {
        Result help = run("nodes", "list", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--binding-status", "--cluster", "--page", "--size", "-o, --output");
    }

    @Test
    void everyResourceGroupListsAndGetsWithPagingAndOutputOptions()
    {
        for (String group : List.of("regions", "clusters", "nodes", "queues", "quotas", "workspaces")) {
            Result list = run(group, "list", "--help");
            assertThat(list.exitCode()).as(group).isZero();
            assertThat(list.out()).as(group).contains("--page", "--size", "-o, --output");
            Result get = run(group, "get", "--help");
            assertThat(get.exitCode()).as(group).isZero();
            assertThat(get.out()).as(group).contains("ID", "-o, --output");
            Result bare = run(group);
            assertThat(bare.exitCode()).as(group).isEqualTo(ExitCode.USAGE);
            assertThat(bare.err()).as(group).contains("list").contains("get");
        }
    }

    @Test
    void pagingOutOfRangeIsAUsageErrorBeforeAnyRequest()
    {
        loggedIn();
        int before = server.requests().size();

        assertThat(run("regions", "list", "--page", "0").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run("regions", "list", "--size", "201").err()).contains("--size must be between 1 and 200");
        assertThat(run("regions", "list", "--size", "many").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(server.requests()).hasSize(before);
    }

    @Test
    void generatesBashCompletion()
    {
        Result completion = run("generate-completion");

        assertThat(completion.exitCode()).isZero();
        assertThat(completion.out()).contains("complete -F").contains("workspaces");
    }

    @Test
    void commandsNeedALoginFirst()
    {
        Result result = run("regions", "list");

        assertThat(result.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(result.err()).contains("run meridian login first");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void loginStoresTheTokenOwnerOnlyAndListsSendItWithPagingAndFilters()
            throws Exception
    {
        loggedIn();
        FakeServer.Request login = server.last();
        assertThat(login.pathWithQuery()).isEqualTo("/api/v1/auth/login");
        assertThat(JSON.readTree(login.body()).path("password").asString()).isEqualTo("pw");
        assertThat(login.header("Authorization")).isNull();

        ConfigStore store = new ConfigStore(configDir);
        assertThat(store.credentials()).contains(Credentials.token(server.url(), "admin", "tok-123"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.credentialsFile()))).isEqualTo("rw-------");

        server.answer("GET /api/v1/nodes", 200, """
                {"items": [{"id": "n1", "name": "gpu-01", "clusterId": "c1", "deviceModel": "A800", "deviceCount": 8, "status": "READY", "bindingStatus": "BOUND"}],
                 "total": 1, "page": 2, "size": 5}
                """);
        // --cluster takes an ID or a name: the CLI looks it up first
        server.answer("GET /api/v1/clusters/c1", 200, "{\"id\": \"c1\", \"name\": \"local\"}");
        Result nodes = run("nodes", "list", "--cluster", "c1", "--binding-status", "bind-failed", "--page", "2", "--size", "5");

        assertThat(nodes.exitCode()).isZero();
        assertThat(server.last().pathWithQuery()).isEqualTo("/api/v1/nodes?clusterId=c1&bindingStatus=BIND_FAILED&page=2&size=5");
        assertThat(server.last().header("Authorization")).isEqualTo("Bearer tok-123");
        assertThat(server.last().header("Accept-Language")).isEqualTo("en");
        assertThat(nodes.out().lines().findFirst().orElseThrow()).startsWith("ID   NAME     CLUSTER   DEVICE");
        assertThat(nodes.out()).contains("gpu-01").contains("BOUND");
    }

    @Test
    void thePasswordComesFromStandardInputOrTheEnvironment()
            throws Exception
    {
        server.answer("POST /api/v1/auth/login", 200, LOGIN_ANSWER);
        input = "from stdin \n";
        assertThat(run("login", "--server", server.url(), "-u", "admin", "--password-stdin").exitCode()).isZero();
        assertThat(JSON.readTree(server.last().body()).path("password").asString()).isEqualTo("from stdin ");

        input = "";
        environment = Map.of("MERIDIAN_PASSWORD", "from env");
        assertThat(run("login", "-u", "admin").exitCode()).isZero();
        assertThat(JSON.readTree(server.last().body()).path("password").asString()).isEqualTo("from env");

        environment = Map.of();
        Result missing = run("login", "-u", "admin");
        assertThat(missing.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.err()).contains("no password");
    }

    @Test
    void problemDetailsArePrintedWithOneLinePerFieldAndExitOne()
    {
        loggedIn();
        server.answer("GET /api/v1/queues", 400, """
                {"type": "urn:meridian:problem:validation.failed", "status": 400, "code": "validation.failed", "detail": "Some fields are invalid.",
                 "errors": [{"field": "size", "code": "validation.size.range", "message": "must be between 1 and 200"},
                            {"field": "sort", "code": "validation.sort.field", "message": "unknown sort field"}]}
                """);

        Result result = run("queues", "list");

        assertThat(result.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().lines()).containsExactly(
                "error: Some fields are invalid.",
                "  size: must be between 1 and 200",
                "  sort: unknown sort field");
    }

    @Test
    void anExpiredLoginSaysToLogInAgain()
    {
        loggedIn();
        server.answer("GET /api/v1/me", 401, "{\"status\":401,\"code\":\"auth.required\",\"detail\":\"Sign in first.\",\"errors\":[]}");

        Result result = run("whoami");

        assertThat(result.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(result.err()).contains("error: Sign in first.").contains("run meridian login first");
    }

    @Test
    void anUnreachableServerIsNamed()
    {
        loggedIn();
        String url = server.url();
        server.close();

        Result result = run("workspaces", "list");

        assertThat(result.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(result.err()).contains("cannot reach the Meridian server at " + url);
    }

    @Test
    void theConfiguredLanguageIsSentAsAcceptLanguage()
    {
        loggedIn();
        assertThat(run("config", "set", "language", "zh_cn").exitCode()).isZero();
        server.answer("GET /api/v1/me", 200, ME);

        Result whoami = run("whoami");

        assertThat(whoami.exitCode()).isZero();
        assertThat(server.last().header("Accept-Language")).isEqualTo("zh-CN");
        assertThat(whoami.out()).contains("username:").contains("admin").contains("workspaces:").contains("default");
    }

    @Test
    void configShowsServerUserAndLanguage()
    {
        loggedIn();

        JsonNode config = JSON.readTree(run("config", "-o", "json").out());

        assertThat(config.path("server").asString()).isEqualTo(server.url());
        assertThat(config.path("username").asString()).isEqualTo("admin");
        assertThat(config.path("language").asString()).isEqualTo("en");
        assertThat(config.path("configDir").asString()).isEqualTo(configDir.toAbsolutePath().toString());
    }

    @Test
    void aTokenIsNeverSentToAnotherServer()
    {
        loggedIn();
        assertThat(run("config", "set", "server", "http://127.0.0.1:1").exitCode()).isZero();

        Result result = run("regions", "list");

        assertThat(result.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(result.err()).contains("not logged in to http://127.0.0.1:1").contains("run meridian login first");
    }

    @Test
    void accessKeysSignEveryRequest()
    {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        clock = Clock.fixed(now, ZoneOffset.UTC);
        server.answer("GET /api/v1/me", 200, ME);
        assertThat(run("login", "--server", server.url(), "--access-key", "AKTEST", "--secret-key", "SKTEST").exitCode()).isZero();
        assertThat(new ConfigStore(configDir).credentials().orElseThrow().username()).isEqualTo("admin");

        server.answer("GET /api/v1/clusters", 200, "{\"items\": [], \"total\": 0, \"page\": 1, \"size\": 10}");
        server.answer("GET /api/v1/regions/cn%20north", 200, "{\"id\": \"cn north\", \"name\": \"cn-north\"}");
        Result result = run("clusters", "list", "--region", "cn north");

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).contains("No clusters found.");
        String path = "/api/v1/clusters?regionId=cn%20north";
        assertThat(server.last().pathWithQuery()).isEqualTo(path);
        String authorization = server.last().header("Authorization");
        Matcher nonce = Pattern.compile("Nonce=([A-Za-z0-9_\\-]+)").matcher(authorization);
        assertThat(nonce.find()).as(authorization).isTrue();
        assertThat(authorization).isEqualTo("MERIDIAN-HMAC-SHA256 Credential=AKTEST, Timestamp=" + now.getEpochSecond() + ", Nonce=" + nonce.group(1)
                + ", Signature=" + RequestSigner.signature("SKTEST", "GET", path, now.getEpochSecond(), nonce.group(1), new byte[0]));
    }

    @Test
    void logoutRevokesTheSessionAndForgetsTheLogin()
    {
        loggedIn();
        server.answer("POST /api/v1/auth/logout", 200, "");

        Result result = run("logout");

        assertThat(result.exitCode()).isZero();
        assertThat(server.last().pathWithQuery()).isEqualTo("/api/v1/auth/logout");
        assertThat(server.last().header("Authorization")).isEqualTo("Bearer tok-123");
        assertThat(new ConfigStore(configDir).credentials()).isEmpty();
        assertThat(run("whoami").err()).contains("run meridian login first");
    }
}
