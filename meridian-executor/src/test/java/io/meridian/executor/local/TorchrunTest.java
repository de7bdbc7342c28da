package io.meridian.executor.local;

import io.meridian.executor.InstanceState;
import io.meridian.executor.PythonEnvironment;
import io.meridian.executor.distributed.Framework;
import io.meridian.executor.distributed.Member;
import io.meridian.executor.distributed.ReplicaRole;
import io.meridian.executor.local.FrameworkJobs.Metric;
import io.meridian.executor.testing.Environments;
import io.meridian.executor.testing.Poll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static io.meridian.executor.local.FrameworkJobs.CODE;
import static io.meridian.executor.local.FrameworkJobs.metrics;
import static io.meridian.executor.local.FrameworkJobs.trainingProcess;
import static io.meridian.executor.local.Instances.awaitTerminal;
import static io.meridian.executor.local.Instances.logText;
import static io.meridian.executor.local.Instances.observed;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PyTorch 2 from the preset environment {@code pytorch}, launched by its own {@code torchrun} on two instances of
 * the local backend: DDP over gloo on CPU, and an elastic restart of one instance's worker by torchrun, inside the
 * instance, which Debian's torch 1.13 could not do on Python 3.11.
 */
final class TorchrunTest
{
    // two torch imports per instance (agent and worker) on a shared two-core machine
    private static final Duration TIMEOUT = Duration.ofSeconds(150);

    @TempDir
    Path temp;

    private PythonEnvironment pytorch;
    private LocalExecutor executor;

    @BeforeEach
    void setUp()
    {
        pytorch = Environments.preset("pytorch");
        executor = new LocalExecutor(TestConfigs.local(temp.resolve("runtime")).withStopGracePeriod(Duration.ofSeconds(5)));
    }

    private static List<Member> masterAndWorker(String workload)
    {
        return List.of(new Member(workload + "-master", ReplicaRole.MASTER, "node-a"), new Member(workload + "-worker", ReplicaRole.WORKER, "node-b"));
    }

    @Test
    void torchrunTrainsATwoInstanceDdpJob()
    {
        String torchrun = "exec torchrun --nnodes=\"$PET_NNODES\" --nproc-per-node=\"$PET_NPROC_PER_NODE\" --node-rank=\"$PET_NODE_RANK\" "
                + "--master-addr=\"$MASTER_ADDR\" --master-port=\"$MASTER_PORT\" " + CODE + "/ddp_train.py --steps 30 --checkpoint-every 10";
        executor.launch(FrameworkJobs.launch(executor, temp.resolve("work"), "ddp", Framework.PYTORCH_DDP, masterAndWorker("ddp"), pytorch, torchrun));

        for (String instance : List.of("ddp-master", "ddp-worker")) {
            assertThat(awaitTerminal(executor, instance, TIMEOUT)).as(String.join("\n", logText(executor, instance))).isEqualTo(new InstanceState.Succeeded());
            assertThat(logText(executor, instance)).contains("final step 30");
            assertThat(observed(executor, instance).notes()).contains("python: environment %s at %s (its bin/ first on PATH)".formatted(pytorch.name(), pytorch.root()));
        }
        // static rendezvous: node rank 0, the master, holds rank 0; the world is both instances
        assertThat(logText(executor, "ddp-master")).anyMatch(line -> line.startsWith("rank 0 of 2 started"));
        assertThat(logText(executor, "ddp-worker")).anyMatch(line -> line.startsWith("rank 1 of 2 started"));
        List<Metric> loss = metrics(executor.metrics(), "ddp-master", "loss");
        assertThat(loss).extracting(Metric::step).containsExactlyElementsOf(IntStream.rangeClosed(1, 30).boxed().toList());
        assertThat(loss.getLast().value()).isLessThan(loss.getFirst().value() / 10);
        assertThat(temp.resolve("work/home/checkpoints/ddp/latest")).hasContent("ckpt-000000030.pt");
    }

    /**
     * Disabled, and not hidden: on the local backend the restart hangs in a good share of runs (both torchrun agents
     * waiting in the next c10d rendezvous after the master's agent closed its idle process on the membership change;
     * seen in CI, and in two of five runs here), where it succeeded in the others. Until that is understood (a host name per
     * node did not cure it), an elastic restart is not claimed to work;
     * docs/features/environments.md says so. The scenario is kept as it runs, with what it prints when it hangs.
     */
    @Test
    @Disabled("torchrun's elastic restart hangs intermittently on the local backend: see the comment above")
    void torchrunRestartsAKilledWorkerInsideItsInstance()
            throws Exception
    {
        Optional<String> hung = elasticRestart("elastic");
        assertThat(hung).as("the elastic restart hung").isEmpty();
    }

    /** Kills the worker's training process after the first checkpoint; empty if both instances then succeed, else what hung. */
    private Optional<String> elasticRestart(String workload)
            throws Exception
    {
        // c10d rendezvous: a failed worker group re-joins the job, and the other instance's workers with it. It tells
        // nodes apart by address and pid; on the local backend every instance shares the host's name and, in its own
        // PID namespace, the same pid, so each names its own loopback address (docs/features/environments.md)
        String elastic = "exec torchrun --nnodes=2 --nproc-per-node=1 --rdzv-backend=c10d --rdzv-endpoint=\"$MASTER_ADDR:$MASTER_PORT\" "
                + "--rdzv-id=\"$MERIDIAN_WORKLOAD_ID\" --local-addr=\"127.0.0.$((PET_NODE_RANK + 1))\" --max-restarts=3 " + CODE + "/ddp_train.py --steps 60 --checkpoint-every 10 --step-delay 0.05";
        executor.launch(FrameworkJobs.launch(executor, temp.resolve("work"), workload, Framework.PYTORCH_DDP, masterAndWorker(workload), pytorch, elastic));
        String master = workload + "-master";
        String worker = workload + "-worker";
        Path latest = temp.resolve("work/home/checkpoints/" + workload + "/latest");
        try {
            Poll.until(TIMEOUT, "a first checkpoint", () -> Files.exists(latest));
        }
        catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + logs(master, worker), e);
        }

        long process = Poll.until(TIMEOUT, "the worker instance's training process", () -> trainingProcess(worker, "ddp_train.py"));
        assertThat(ProcessHandle.of(process).orElseThrow().destroyForcibly()).isTrue();

        // neither instance fails: torchrun restarts the worker group where it runs, from the newest checkpoint
        for (String instance : List.of(master, worker)) {
            InstanceState state;
            try {
                state = awaitTerminal(executor, instance, TIMEOUT);
            }
            catch (AssertionError e) {
                return Optional.of(e.getMessage() + "\n" + logs(master, worker));
            }
            assertThat(state).as(String.join("\n", logText(executor, instance))).isEqualTo(new InstanceState.Succeeded());
            assertThat(logText(executor, instance)).contains("final step 60").anyMatch(line -> line.startsWith("resumed from checkpoint at step "));
        }
        assertThat(logText(executor, worker)).anyMatch(line -> line.contains("failed (exitcode: -9)"));
        assertThat(trainingProcess(worker, "ddp_train.py")).isEmpty();
        assertThat(latest).hasContent("ckpt-000000060.pt");
        return Optional.empty();
    }

    private String logs(String master, String worker)
    {
        return "master:\n" + String.join("\n", logText(executor, master)) + "\nworker:\n" + String.join("\n", logText(executor, worker));
    }
}
