package io.meridian.server.training;

import io.meridian.server.platform.config.MeridianProperties;
import io.meridian.server.testing.ApiClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An ordinary developer (算法开发 of the default workspace) trying to run code on the host or read what is not theirs
 * through a training task: each attempt fails. The executor's own escape suite ({@code SandboxEscapeTest}) tries the
 * same below the API.
 */
class TrainingEscapeApiTest
        extends TrainingTestSupport
{
    @Autowired
    MeridianProperties properties;

    @Test
    void variablesThatRunCodeOrBelongToThePlatformAreRefusedWithTheFieldAndTheRuleAndNothingIsSaved()
    {
        ApiClient developer = newDeveloper();
        String name = unique("escape_");
        ApiClient.Response refused = developer.post("/api/v1/training-tasks", taskForm(developer, name,
                "env", List.of(
                        body("name", "BASH_ENV", "value", "$(ls /work > /tmp/pwned)"),
                        body("name", "LD_PRELOAD", "value", "/tmp/evil.so"),
                        body("name", "ENV", "value", "/tmp/x"),
                        body("name", "PATH", "value", "/tmp"),
                        body("name", "PYTHONSTARTUP", "value", "/tmp/x.py"),
                        body("name", "MERIDIAN_METRICS_FILE", "value", "/etc/passwd"),
                        body("name", "BAD-NAME", "value", "x"))));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.fieldErrors()).containsExactlyInAnyOrder(
                "env[0].name:runtime.env.reserved",
                "env[1].name:runtime.env.reserved",
                "env[2].name:runtime.env.reserved",
                "env[3].name:runtime.env.reserved",
                "env[4].name:runtime.env.reserved",
                "env[5].name:runtime.env.platform",
                "env[6].name:runtime.env.name");
        assertThat(refused.raw()).contains("BASH_ENV cannot be set");
        // a NUL, which no environment can hold, is refused where every body's text is checked, before the task's rules
        ApiClient.Response nul = developer.post("/api/v1/training-tasks", taskForm(developer, name,
                "env", List.of(body("name", "OK", "value", "a\u0000b"))));
        assertThat(nul.status()).as(nul.toString()).isEqualTo(400);
        assertThat(nul.fieldErrors()).containsExactly("env[0].value:validation.text.unsafe");
        assertThat(developer.get("/api/v1/training-tasks?q=" + name).json().path("total").asLong()).as("nothing saved").isZero();

        ApiClient.Response chinese = developer.inLanguage("zh-CN").post("/api/v1/training-tasks", taskForm(developer, name,
                "env", List.of(body("name", "LD_PRELOAD", "value", "/tmp/evil.so"))));
        assertThat(chinese.status()).isEqualTo(400);
        assertThat(chinese.raw()).contains("不能设置 LD_PRELOAD");
    }

    @Test
    void anOrdinaryDevelopersJobRunsUnprivilegedAndReadsNeitherTheServersHomeNorTheHostsRoot()
            throws IOException
    {
        Path home = properties.home().toAbsolutePath();
        assumeTrue(Files.exists(home.resolve("secret.key")), "the secret key is in MERIDIAN_HOME");
        ApiClient developer = newDeveloper();
        // each line fails the job if the attempt succeeds; metacharacters in a variable's value stay text
        String command = String.join("\n",
                "set -u",
                "test \"$(id -u)\" -ge 200000 || { echo \"ran as uid $(id -u)\"; exit 11; }",
                "cat '" + home.resolve("secret.key") + "' && exit 12",
                "ls '" + home + "' && exit 13",
                "ls '" + home.resolve("db") + "' && exit 14",
                "ls /proc/1/root/ && exit 15",
                "touch /usr/escape && exit 16",
                "test \"$PAYLOAD\" = '$(touch /tmp/escaped)' || exit 17",
                "test -e /tmp/escaped && exit 18",
                "echo contained");
        String taskId = createTask(developer, taskForm(developer, unique("contained_"),
                "mode", "SINGLE",
                "nodes", 1,
                "command", command,
                "env", List.of(body("name", "PAYLOAD", "value", "$(touch /tmp/escaped)"))));

        String runId = startRun(developer, taskId);
        awaitStatus(developer, runId, Duration.ofMinutes(2), "SUCCEEDED");
        assertThat(Path.of("/tmp/escaped")).doesNotExist();
        assertThat(Files.readString(home.resolve("secret.key"))).isNotBlank();
    }

    private ApiClient newDeveloper()
    {
        String username = unique("dev");
        ApiClient.Response created = admin.post("/api/v1/users", body("username", username, "password", PASSWORD, "groupIds", List.of()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        ApiClient.Response member = admin.post("/api/v1/workspaces/" + defaultWorkspaceId(admin) + "/members",
                body("userId", created.text("id"), "roles", List.of("ALGORITHM_DEVELOPER")));
        assertThat(member.status()).as(member.toString()).isEqualTo(201);
        return loginAs(username, PASSWORD);
    }
}
