package io.meridian.server.cli;

import io.meridian.cli.config.ConfigStore;
import io.meridian.server.testing.ApiClient;
import io.meridian.server.testing.ApiTestSupport;
import io.meridian.server.testing.CliRunner;
import io.meridian.server.testing.CliRunner.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The CLI in this JVM against a real server: the same picocli command line {@code meridian} runs, with its streams
 * captured and its configuration in a temporary directory. Listings are checked against what the API itself answers,
 * so the test holds while the resource endpoints grow.
 */
class CliEndToEndTest
        extends ApiTestSupport
{
    private static final List<String> RESOURCES = List.of("regions", "clusters", "nodes", "queues", "quotas", "workspaces");

    @TempDir
    Path temporary;

    private Path configDir()
    {
        return temporary.resolve("meridian");
    }

    private Result meridian(String... args)
    {
        return meridianWithInput("", args);
    }

    private Result meridianWithInput(String input, String... args)
    {
        return new CliRunner(configDir(), Map.of()).runWithInput(input, args);
    }

    private String server()
    {
        return "http://localhost:" + port;
    }

    private void loginAsAdmin()
    {
        Result login = meridianWithInput(ADMIN_PASSWORD + "\n", "login", "--server", server(), "--username", "admin", "--password-stdin");
        assertThat(login.exitCode()).as("%s", login).isZero();
    }

    @Test
    void logsInShowsWhoAmIAndKeepsTheTokenOwnerOnly()
            throws IOException
    {
        Result login = meridianWithInput(ADMIN_PASSWORD + "\n", "login", "--server", server() + "/", "--username", "admin", "--password-stdin");

        assertThat(login.exitCode()).as("%s", login).isZero();
        assertThat(login.out()).isEmpty();
        assertThat(login.err()).contains("Logged in to " + server() + " as admin");
        ConfigStore store = new ConfigStore(configDir());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.credentialsFile()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(configDir()))).isEqualTo("rwx------");
        String token = store.credentials().orElseThrow().token().orElseThrow();
        assertThat(anonymous.withToken(token).get("/api/v1/me").status()).isEqualTo(200);

        Result table = meridian("whoami");
        assertThat(table.exitCode()).as("%s", table).isZero();
        assertThat(table.out()).contains("username:").contains("admin");

        Result json = meridian("whoami", "-o", "json");
        assertThat(json.exitCode()).as("%s", json).isZero();
        assertThat(json.json().path("username").asString()).isEqualTo("admin");

        Result config = meridian("config", "--output", "json");
        assertThat(config.json().path("server").asString()).isEqualTo(server());
        assertThat(config.json().path("username").asString()).isEqualTo("admin");
    }

    @Test
    void listsAndGetsEveryResourceTheServerHasInTableAndJson()
    {
        loginAsAdmin();
        List<String> served = new ArrayList<>();
        for (String resource : RESOURCES) {
            ApiClient.Response direct = admin.get("/api/v1/" + resource + "?size=200");
            Result json = meridian(resource, "list", "--size", "200", "-o", "json");
            Result table = meridian(resource, "list", "--size", "200");
            if (direct.status() != 200) {
                // Not there yet (or not for this caller): the CLI must say what the server said, and fail.
                assertThat(json.exitCode()).as("%s: %s", resource, json).isEqualTo(1);
                assertThat(json.out()).isEmpty();
                assertThat(json.err()).startsWith("error: " + direct.text("detail"));
                continue;
            }
            served.add(resource);
            assertThat(json.exitCode()).as("%s: %s", resource, json).isZero();
            JsonNode page = json.json();
            assertThat(page.has("items")).as("%s: %s", resource, json).isTrue();
            assertThat(page.has("total")).as("%s: %s", resource, json).isTrue();
            assertThat(page.path("items").isArray()).isTrue();
            assertThat(table.exitCode()).as("%s: %s", resource, table).isZero();

            if (page.path("items").isEmpty()) {
                assertThat(table.out()).isEmpty();
                assertThat(table.err()).contains("No " + resource + " found.");
                continue;
            }
            String firstId = page.path("items").get(0).path("id").asString();
            assertThat(table.out().lines().findFirst().orElseThrow()).as("%s: %s", resource, table).startsWith("ID ");
            assertThat(table.out()).contains(firstId);
            assertThat(table.out().lines().count()).isEqualTo(1 + page.path("items").size());

            Result got = meridian(resource, "get", firstId, "-o", "json");
            assertThat(got.exitCode()).as("%s: %s", resource, got).isZero();
            assertThat(got.json().path("id").asString()).isEqualTo(firstId);
            Result gotTable = meridian(resource, "get", firstId);
            assertThat(gotTable.exitCode()).as("%s: %s", resource, gotTable).isZero();
            assertThat(gotTable.out()).contains("id:").contains(firstId);
        }
        assertThat(served).as("resources the server answers").contains("regions", "workspaces");
    }

    @Test
    void filtersAreTheServersFilters()
    {
        ApiClient.Response regions = admin.get("/api/v1/regions");
        ApiClient.Response nodes = admin.get("/api/v1/nodes?bindingStatus=BOUND");
        assumeThat(regions.status()).isEqualTo(200);
        assumeThat(nodes.status()).isEqualTo(200);
        assumeThat(regions.json().path("items").isEmpty()).isFalse();
        String regionId = regions.json().path("items").get(0).path("id").asString();
        loginAsAdmin();

        Result clusters = meridian("clusters", "list", "--region", regionId, "--size", "200", "-o", "json");
        assertThat(clusters.exitCode()).as("%s", clusters).isZero();
        clusters.json().path("items").forEach(cluster -> assertThat(cluster.path("regionId").asString()).isEqualTo(regionId));
        Result elsewhere = meridian("clusters", "list", "--region", "no-such-region", "-o", "json");
        assertThat(elsewhere.json().path("total").asLong()).isZero();

        Result bound = meridian("nodes", "list", "--binding-status", "bound", "--size", "200", "-o", "json");
        assertThat(bound.exitCode()).as("%s", bound).isZero();
        assertThat(bound.json().path("total").asLong()).isEqualTo(nodes.json().path("total").asLong());
        bound.json().path("items").forEach(node -> assertThat(node.path("bindingStatus").asString()).isEqualTo("BOUND"));

        Result invalid = meridian("nodes", "list", "--binding-status", "sideways");
        assertThat(invalid.exitCode()).as("%s", invalid).isEqualTo(1);
        assertThat(invalid.err()).startsWith("error: ").contains("bindingStatus");
    }

    @Test
    void showsAWorkspaceJustCreatedAndPagesWithTheServer()
    {
        String name = unique("cli");
        ApiClient.Response created = admin.post("/api/v1/workspaces", body("name", name, "description", "made by the CLI test"));
        assumeThat(created.status()).as("%s", created).isEqualTo(201);
        loginAsAdmin();

        Result table = meridian("workspaces", "list", "--query", name);
        assertThat(table.exitCode()).as("%s", table).isZero();
        assertThat(table.out().lines().toList()).hasSize(2);
        assertThat(table.out()).contains(name).contains(created.text("id"));

        Result got = meridian("workspaces", "get", created.text("id"), "-o", "json");
        assertThat(got.json().path("name").asString()).isEqualTo(name);

        Result firstPage = meridian("workspaces", "list", "--size", "1", "-o", "json");
        assertThat(firstPage.exitCode()).as("%s", firstPage).isZero();
        assertThat(firstPage.json().path("size").asInt()).isEqualTo(1);
        assertThat(firstPage.json().path("items").size()).isEqualTo(1);
        assertThat(firstPage.json().path("total").asLong()).isGreaterThanOrEqualTo(2);

        assertThat(meridian("workspaces", "list", "--size", "500").exitCode()).isEqualTo(2);
    }

    @Test
    void aWrongPasswordFailsWithTheServersMessageInTheConfiguredLanguage()
    {
        // Unknown usernames, so that the admin account's failure counter (and lock) is never touched.
        Result english = meridianWithInput("wrong\n", "login", "--server", server(), "--username", unique("nobody"), "--password-stdin");

        assertThat(english.exitCode()).as("%s", english).isEqualTo(1);
        assertThat(english.out()).isEmpty();
        assertThat(english.err()).startsWith("error: The username or password is wrong.");
        assertThat(Files.exists(new ConfigStore(configDir()).credentialsFile())).isFalse();

        assertThat(meridian("config", "set", "language", "zh-CN").exitCode()).isZero();
        Result chinese = meridianWithInput("wrong\n", "login", "--server", server(), "--username", unique("nobody"), "--password-stdin");
        assertThat(chinese.exitCode()).isEqualTo(1);
        assertThat(chinese.err()).startsWith("error: 用户名或密码错误。");
    }

    @Test
    void anUnknownIdIsTheServersNotFound()
    {
        loginAsAdmin();

        Result result = meridian("workspaces", "get", "no-such-workspace");

        assertThat(result.exitCode()).as("%s", result).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("error: ");
    }

    @Test
    void logoutRevokesTheSession()
    {
        loginAsAdmin();
        String token = new ConfigStore(configDir()).credentials().orElseThrow().token().orElseThrow();

        Result logout = meridian("logout");

        assertThat(logout.exitCode()).as("%s", logout).isZero();
        assertThat(anonymous.withToken(token).get("/api/v1/me").status()).isEqualTo(401);
        Result whoami = meridian("whoami");
        assertThat(whoami.exitCode()).isEqualTo(1);
        assertThat(whoami.err()).contains("run meridian login first");
    }

    @Test
    void accessKeysSignRequestsTheServerAccepts()
            throws IOException
    {
        ApiClient.Response key = admin.post("/api/v1/access-keys", body("description", "cli end-to-end"));
        assumeThat(key.status()).as("%s", key).isEqualTo(201);

        Result login = meridian("login", "--server", server(), "--access-key", key.text("id"), "--secret-key", key.text("secretAccessKey"));

        assertThat(login.exitCode()).as("%s", login).isZero();
        ConfigStore store = new ConfigStore(configDir());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.credentialsFile()))).isEqualTo("rw-------");
        Result whoami = meridian("whoami", "-o", "json");
        assertThat(whoami.exitCode()).as("%s", whoami).isZero();
        assertThat(whoami.json().path("username").asString()).isEqualTo("admin");
        // A query string is part of the signature.
        Result workspaces = meridian("workspaces", "list", "--size", "3", "-o", "json");
        assertThat(workspaces.exitCode()).as("%s", workspaces).isZero();
        assertThat(workspaces.json().path("size").asInt()).isEqualTo(3);

        Result wrongSecret = meridian("login", "--server", server(), "--access-key", key.text("id"), "--secret-key", "not-the-secret");
        assertThat(wrongSecret.exitCode()).isEqualTo(1);
        assertThat(wrongSecret.err()).startsWith("error: ");
    }
}
