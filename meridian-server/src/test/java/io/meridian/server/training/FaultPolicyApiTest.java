package io.meridian.server.training;

import io.meridian.server.testing.ApiClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;

import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 容错重启策略 and 容错策略 (001-A §6.2 高级配置, §6.10): which failures restart a run, and whether a worker restarts alone
 * (单Pod重调度) while the rest of the job keeps running.
 */
class FaultPolicyApiTest
        extends TrainingTestSupport
{
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @Test
    void underTheExitCodePolicyAProgramsOwnExitCodeFailsTheRunAtOnce()
    {
        String taskId = createTask(admin, taskForm(admin, unique("exitcode_"), "mode", "SINGLE", "nodes", 1,
                "command", "echo bad input; exit 3",
                "faultTolerance", body("enabled", true, "maxRestarts", 3, "restartPolicy", "EXIT_CODE")));

        JsonNode run = awaitStatus(admin, startRun(admin, taskId), DEADLINE, "FAILED");

        assertThat(run.path("restarts").asInt()).isZero();
        assertThat(run.path("attempt").asInt()).isEqualTo(1);
        assertThat(run.path("statusReason").asString()).contains("exit code 3").contains("EXIT_CODE");
    }

    @Test
    void underTheExitCodePolicyAKilledProgramIsRestarted()
    {
        // the first attempt is killed by a signal, as the kernel's out-of-memory killer or an operator would end it
        String taskId = createTask(admin, taskForm(admin, unique("exitkill_"), "mode", "SINGLE", "nodes", 1,
                "command", "if [ \"$MERIDIAN_ATTEMPT\" = 1 ]; then kill -KILL $$; fi; echo attempt $MERIDIAN_ATTEMPT done",
                "faultTolerance", body("enabled", true, "maxRestarts", 3, "restartPolicy", "EXIT_CODE")));

        JsonNode run = awaitStatus(admin, startRun(admin, taskId), DEADLINE, "SUCCEEDED");

        assertThat(run.path("restarts").asInt()).isEqualTo(1);
        assertThat(run.path("attempt").asInt()).isEqualTo(2);
        assertThat(run.path("instances").valueStream().map(instance -> instance.path("attempt").asInt() + ":" + instance.path("state").asString()
                + ":" + instance.path("faultDomain").asString(null)))
                .containsExactly("1:FAILED:INSTANCE", "2:SUCCEEDED:null");
    }

    @Test
    void underTheDefaultPolicyEveryFailureIsRestarted()
    {
        String taskId = createTask(admin, taskForm(admin, unique("onfailure_"), "mode", "SINGLE", "nodes", 1,
                "command", "if [ \"$MERIDIAN_ATTEMPT\" = 1 ]; then exit 3; fi; echo attempt $MERIDIAN_ATTEMPT done",
                "faultTolerance", body("enabled", true, "maxRestarts", 1)));

        JsonNode run = awaitStatus(admin, startRun(admin, taskId), DEADLINE, "SUCCEEDED");

        assertThat(run.path("restarts").asInt()).isEqualTo(1);
        assertThat(run.path("definition").path("faultTolerance").path("restartPolicy").asString()).isEqualTo("ON_FAILURE");
        assertThat(run.path("definition").path("faultTolerance").path("restartScope").asString()).isEqualTo("JOB");
    }

    /**
     * TensorFlow parameter-server training tolerates a worker coming back: the chief and the parameter server keep
     * running while only the failed worker is launched again, with the same TF_CONFIG.
     */
    @Test
    void withTheInstanceScopeOnlyTheFailedWorkerIsLaunchedAgain()
    {
        String done = "\"$MERIDIAN_CHECKPOINT_DIR/worker-done\"";
        String command = String.join("\n",
                "echo \"$MERIDIAN_ROLE attempt $MERIDIAN_ATTEMPT pid $$ TF_CONFIG=$TF_CONFIG\"",
                "case \"$MERIDIAN_ROLE\" in",
                // the worker fails once, then finishes its share
                "  worker) if [ \"$MERIDIAN_ATTEMPT\" = 1 ]; then sleep 3; exit 9; fi; mkdir -p \"$MERIDIAN_CHECKPOINT_DIR\" && touch " + done + " ;;",
                // the chief and the parameter server wait for the worker: restarting them would lose their state
                "  *) while [ ! -e " + done + " ]; do sleep 0.1; done ;;",
                "esac");
        String taskId = createTask(admin, taskForm(admin, unique("alone_"), "framework", "TENSORFLOW", "mode", "PS", "nodes", 2, "parameterServers", 1,
                "command", command,
                "faultTolerance", body("enabled", true, "maxRestarts", 2, "restartScope", "INSTANCE")));

        String runId = startRun(admin, taskId);
        JsonNode run = awaitStatus(admin, runId, DEADLINE, "SUCCEEDED");

        assertThat(run.path("restarts").asInt()).isEqualTo(1);
        assertThat(run.path("instances").valueStream()
                .map(instance -> instance.path("name").asString() + "/a" + instance.path("attempt").asInt() + "/" + instance.path("restartCount").asInt()))
                .as("the chief and the parameter server ran once, the worker twice")
                .containsExactlyInAnyOrder("chief-0/a1/0", "ps-0/a1/0", "worker-0/a1/0", "worker-0/a2/1");
        // the parameter server may still be serving when the chief succeeds: then the platform stops it (TensorFlow's success policy)
        assertThat(run.path("instances").valueStream().map(instance -> instance.path("name").asString() + "/a" + instance.path("attempt").asInt()
                + "=" + instance.path("state").asString()))
                .contains("chief-0/a1=SUCCEEDED", "worker-0/a1=FAILED", "worker-0/a2=SUCCEEDED");
        // the restarted worker may finish, and the job with it, before a pass sees it running
        assertThat(TrainingRunApiTest.transitions(run)).containsSubsequence("RUNNING", "RESTARTING", "SUCCEEDED");
        assertThat(run.path("timeline").valueStream().map(event -> event.path("message").asString()))
                .anyMatch(message -> message.contains("only worker-0 is launched again, as attempt 2; the other instances keep running"));

        List<JsonNode> workers = run.path("instances").valueStream().filter(instance -> instance.path("name").asString().equals("worker-0")).toList();
        assertThat(tfConfig(runId, workers.get(1).path("id").asString()))
                .as("the restarted worker rejoins with the same cluster and task")
                .isEqualTo(tfConfig(runId, workers.get(0).path("id").asString()))
                .contains("\"task\":{\"type\":\"worker\",\"index\":0}");
    }

    @Test
    void unknownPoliciesAreRefusedWithTheFieldAndTheChoices()
    {
        ApiClient.Response response = admin.post("/api/v1/training-tasks", taskForm(admin, unique("badpolicy_"),
                "faultTolerance", body("enabled", true, "restartPolicy", "SOMETIMES", "restartScope", "NODE")));

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.fieldErrors()).contains(
                "faultTolerance.restartPolicy:training.restart-policy.unknown",
                "faultTolerance.restartScope:training.restart-scope.unknown");
        assertThat(response.toString()).contains("ON_FAILURE").contains("EXIT_CODE");
    }

    private String tfConfig(String runId, String instanceId)
    {
        ApiClient.Response logs = admin.get("/api/v1/training-runs/" + runId + "/logs?instance=" + instanceId + "&q=TF_CONFIG");
        return TrainingRunApiTest.logText(logs).stream()
                .map(line -> line.substring(line.indexOf("TF_CONFIG=")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no TF_CONFIG line in " + logs));
    }
}
