package io.meridian.server.cli;

import io.meridian.cli.commands.LogsCommand;
import io.meridian.server.testing.ApiTestSupport;
import io.meridian.server.testing.CliRunner;
import io.meridian.server.testing.CliRunner.Result;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The training commands in this JVM against a real server on the embedded default (region local, the default cluster's
 * virtual nodes, the admin's default workspace and queue): {@code submit pytorch}, {@code runs}, {@code logs},
 * {@code stop}, with commands run by the local backend on this host.
 */
class CliTrainingEndToEndTest
        extends ApiTestSupport
{
    private static final Duration RUN_DEADLINE = Duration.ofMinutes(3);
    private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "STOPPED", "ABNORMAL");

    @TempDir
    Path temporary;

    private Result meridian(String... args)
    {
        return meridianWithInput("", args);
    }

    private Result meridianWithInput(String input, String... args)
    {
        return new CliRunner(temporary.resolve("meridian"), Map.of(LogsCommand.POLL_INTERVAL_VARIABLE, "200")).runWithInput(input, args);
    }

    @BeforeEach
    void loginAsAdmin()
    {
        Result login = meridianWithInput(ADMIN_PASSWORD + "\n", "login", "--server", "http://localhost:" + port, "--username", "admin", "--password-stdin");
        assertThat(login.exitCode()).as("%s", login).isZero();
    }

    /** Submits and answers the run ID, checking that it is the only thing on standard output. */
    private String submit(String... args)
    {
        Result submit = meridian(args);
        assertThat(submit.exitCode()).as("%s", submit).isZero();
        assertThat(submit.out().lines().toList()).as("%s", submit).hasSize(1);
        String runId = submit.out().strip();
        assertThat(runId).as("%s", submit).matches("[A-Za-z0-9_-]+");
        assertThat(submit.err()).as("%s", submit).contains("Started run " + runId);
        return runId;
    }

    private String status(String runId)
    {
        Result got = meridian("runs", "get", runId, "-o", "json");
        assertThat(got.exitCode()).as("%s", got).isZero();
        return got.json().path("status").asString();
    }

    /** Polls {@code meridian runs get RUN -o json} until the run reaches {@code wanted}, failing at once if it ends otherwise. */
    private void awaitStatus(String runId, String wanted)
    {
        Awaitility.await("run " + runId + " reaches " + wanted)
                .atMost(RUN_DEADLINE)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    String status = status(runId);
                    if (!status.equals(wanted) && TERMINAL.contains(status)) {
                        throw new AssertionError("run " + runId + " ended " + status + " instead of " + wanted + ":\n" + meridian("runs", "get", runId)
                                + meridian("logs", runId));
                    }
                    return status.equals(wanted);
                });
    }

    @Test
    void submitsAPytorchRunThatSucceedsAndShowsItsLogs()
    {
        String name = unique("cli_");
        String runId = submit("submit", "pytorch", "--name", name, "--nodes", "1", "--env", "GREETING=hello from meridian",
                "--", "python3", "-c", "print('hello from meridian')");

        Result got = meridian("runs", "get", runId, "-o", "json");
        assertThat(got.exitCode()).as("%s", got).isZero();
        assertThat(got.json().path("id").asString()).isEqualTo(runId);
        assertThat(got.json().path("status").asString()).isNotBlank();
        assertThat(got.json().path("definition").path("mode").asString()).isEqualTo("SINGLE");
        assertThat(got.json().path("definition").path("framework").asString()).isEqualTo("PYTORCH");
        assertThat(got.json().path("definition").path("command").asString()).isEqualTo("python3 -c 'print('\"'\"'hello from meridian'\"'\"')'");

        // follows while it runs, and ends by itself when the run is over and its log drained
        Result followed = meridian("logs", runId, "-f");
        assertThat(followed.exitCode()).as("%s", followed).isZero();
        assertThat(followed.out()).as("%s", followed).contains("hello from meridian");
        assertThat(followed.err()).as("%s", followed).contains("Run " + runId + " ended SUCCEEDED.");

        awaitStatus(runId, "SUCCEEDED");
        Result logs = meridian("logs", runId);
        assertThat(logs.exitCode()).as("%s", logs).isZero();
        assertThat(logs.out().lines().toList()).as("%s", logs).contains("hello from meridian");
        Result master = meridian("logs", runId, "--instance", "master-0", "--timestamps");
        assertThat(master.out()).as("%s", master).containsPattern("(?m)^\\d{4}-\\d\\d-\\d\\dT\\S+ hello from meridian$");

        Result table = meridian("runs", "get", runId);
        assertThat(table.exitCode()).as("%s", table).isZero();
        assertThat(table.out()).contains("status:").contains("SUCCEEDED").contains("master-0");

        Result list = meridian("runs", "list", "--status", "succeeded", "--size", "200", "-o", "json");
        assertThat(list.exitCode()).as("%s", list).isZero();
        assertThat(list.json().path("items").valueStream().map(run -> run.path("id").asString())).contains(runId);
        list.json().path("items").forEach(run -> assertThat(run.path("status").asString()).isEqualTo("SUCCEEDED"));
        String taskId = got.json().path("taskId").asString();
        Result ofTask = meridian("runs", "list", "--task", taskId);
        assertThat(ofTask.exitCode()).as("%s", ofTask).isZero();
        assertThat(ofTask.out().lines().toList()).as("%s", ofTask).hasSize(2);
        assertThat(ofTask.out()).contains(runId).contains(name);

        Result again = meridian("stop", runId);
        assertThat(again.exitCode()).as("a finished run cannot be stopped: %s", again).isEqualTo(1);
        assertThat(again.err()).startsWith("error: ");
    }

    @Test
    void runsTheCommandInTheUploadedCodeDirectory()
            throws IOException
    {
        Path code = Files.createDirectories(temporary.resolve("code"));
        Files.createDirectories(code.resolve("data"));
        Files.writeString(code.resolve("data/input.txt"), "payload from the code dir\n");
        Files.writeString(code.resolve("read.py"), """
                import os
                print(open(os.path.join("data", "input.txt")).read().strip(), "in", os.getcwd())
                """);
        Files.createDirectories(code.resolve(".git"));
        Files.writeString(code.resolve(".git/config"), "[core]\n");

        String runId = submit("submit", "pytorch", "--name", unique("clicode_"), "--nodes", "1", "--code-dir", code.toString(),
                "--description", "reads a file of its code package", "--", "python3", "read.py");

        awaitStatus(runId, "SUCCEEDED");
        JsonNode run = meridian("runs", "get", runId, "-o", "json").json();
        String codePackageId = run.path("definition").path("codePackageId").asString();
        assertThat(codePackageId).isNotBlank();
        assertThat(run.path("definition").path("workingDir").asString()).isEqualTo("/work/mount/code/" + codePackageId);
        Result logs = meridian("logs", runId);
        assertThat(logs.out()).as("%s", logs).contains("payload from the code dir in");
        JsonNode codePackage = admin.get("/api/v1/code-packages/" + codePackageId).json();
        assertThat(codePackage.path("fileCount").asInt()).as("%s", codePackage).isEqualTo(2);
    }

    @Test
    void stopEndsALongRunAsStopped()
    {
        String runId = submit("submit", "pytorch", "--name", unique("clistop_"), "--nodes", "1", "--", "sleep", "300");
        awaitStatus(runId, "RUNNING");

        Result stop = meridian("stop", runId);

        assertThat(stop.exitCode()).as("%s", stop).isZero();
        assertThat(stop.out()).isEmpty();
        assertThat(stop.err()).contains("Stopping run " + runId);
        awaitStatus(runId, "STOPPED");
        Result followed = meridian("logs", runId, "-f");
        assertThat(followed.exitCode()).as("%s", followed).isZero();
        assertThat(followed.err()).contains("ended STOPPED");
    }

    @Test
    void refusalsAreTheServersOrUsageErrors()
    {
        Result unknownRun = meridian("runs", "get", "no-such-run");
        assertThat(unknownRun.exitCode()).as("%s", unknownRun).isEqualTo(1);
        assertThat(unknownRun.err()).startsWith("error: ");

        Result badFlavor = meridian("submit", "pytorch", "--name", unique("cliflv_"), "--nodes", "1", "--flavor", "NO_SUCH_FLAVOR", "--", "true");
        assertThat(badFlavor.exitCode()).as("%s", badFlavor).isEqualTo(1);
        assertThat(badFlavor.out()).isEmpty();
        assertThat(badFlavor.err()).startsWith("error: ").contains("flavorName");

        Result noCommand = meridian("submit", "pytorch", "--name", unique("clinone_"), "--nodes", "1");
        assertThat(noCommand.exitCode()).as("%s", noCommand).isEqualTo(2);
    }
}
