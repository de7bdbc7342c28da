package io.meridian.server.cli;

import io.meridian.cli.commands.LogsCommand;
import io.meridian.server.testing.ApiTestSupport;
import io.meridian.server.testing.CliRunner;
import io.meridian.server.testing.CliRunner.Result;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code meridian submit job --nodes N -- COMMAND…} against a real server on the embedded default: the job runs through
 * the runtime on the local backend, and {@code jobs}, {@code logs} and {@code stop} follow it by its {@code job-} id.
 */
class CliJobEndToEndTest
        extends ApiTestSupport
{
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

    @Test
    void aTwoInstanceJobRunsItsCommandOnBothAndItsLogsAreFollowedByJobId()
    {
        Result submit = meridian("submit", "job", "--name", unique("clijob_"), "--nodes", "2", "--env", "WHO=cli", "--",
                "sh", "-c", "echo \"hello $WHO from $MERIDIAN_REPLICA_INDEX of $MERIDIAN_REPLICA_COUNT\"");
        assertThat(submit.exitCode()).as("%s", submit).isZero();
        String jobId = submit.out().strip();
        assertThat(jobId).as("%s", submit).startsWith("job-");

        awaitStatus(jobId, "SUCCEEDED");

        Result got = meridian("jobs", "get", jobId, "-o", "json");
        assertThat(got.exitCode()).as("%s", got).isZero();
        assertThat(got.json().path("instances").size()).isEqualTo(2);
        Result log = meridian("logs", jobId, "--instance", "worker-1");
        assertThat(log.exitCode()).as("%s", log).isZero();
        assertThat(log.out()).contains("hello cli from 1 of 2");
        Result listed = meridian("jobs", "list", "-o", "json");
        assertThat(listed.out()).contains(jobId);
    }

    @Test
    void stopEndsARunningJob()
    {
        Result submit = meridian("submit", "job", "--name", unique("clijob_"), "--", "sleep", "600");
        assertThat(submit.exitCode()).as("%s", submit).isZero();
        String jobId = submit.out().strip();
        awaitStatus(jobId, "RUNNING");

        Result stop = meridian("stop", jobId);
        assertThat(stop.exitCode()).as("%s", stop).isZero();

        awaitStatus(jobId, "STOPPED");
    }

    private void awaitStatus(String jobId, String wanted)
    {
        Awaitility.await("job " + jobId + " reaches " + wanted)
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    Result got = meridian("jobs", "get", jobId, "-o", "json");
                    assertThat(got.exitCode()).as("%s", got).isZero();
                    String status = got.json().path("status").asString();
                    if (!status.equals(wanted) && TERMINAL.contains(status)) {
                        throw new IllegalStateException("job ended " + status + " instead of " + wanted + ": " + got);
                    }
                    return status.equals(wanted);
                });
    }
}
