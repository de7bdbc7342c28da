package io.meridian.executor.local;

import io.meridian.executor.InstanceState;
import io.meridian.executor.PythonEnvironment;
import io.meridian.executor.distributed.Framework;
import io.meridian.executor.distributed.Member;
import io.meridian.executor.distributed.ReplicaRole;
import io.meridian.executor.local.FrameworkJobs.Metric;
import io.meridian.executor.testing.Environments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.meridian.executor.local.FrameworkJobs.CODE;
import static io.meridian.executor.local.FrameworkJobs.metrics;
import static io.meridian.executor.local.Instances.awaitTerminal;
import static io.meridian.executor.local.Instances.logText;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DeepSpeed from the preset environment {@code pytorch}, started by DeepSpeed's own launcher from the hostfile the
 * platform writes, on CPU: ZeRO stage 1 over gloo, two instances of one rank each. What needs a GPU (NCCL, fused
 * and offloaded optimizers, ZeRO-3 parameter partitioning at speed) is in docs/features/environments.md.
 */
final class DeepSpeedTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(150);

    @TempDir
    Path temp;

    @Test
    void deepSpeedsLauncherTrainsWithZeroAcrossTwoInstances()
    {
        PythonEnvironment pytorch = Environments.preset("pytorch");
        LocalExecutor executor = new LocalExecutor(TestConfigs.local(temp.resolve("runtime")).withStopGracePeriod(Duration.ofSeconds(5)));
        String deepspeed = "exec deepspeed --hostfile \"$MERIDIAN_CONFIG_DIR/hostfile\" --no_ssh --node_rank \"$NODE_RANK\" "
                + "--master_addr \"$MASTER_ADDR\" --master_port \"$MASTER_PORT\" " + CODE + "/deepspeed_train.py --steps 30 --checkpoint-every 10 --lr 0.2";
        List<Member> members = List.of(new Member("ds-master", ReplicaRole.MASTER, "node-a"), new Member("ds-worker", ReplicaRole.WORKER, "node-b"));
        executor.launch(FrameworkJobs.launch(executor, temp.resolve("work"), "ds", Framework.PYTORCH_DEEPSPEED, members, pytorch, deepspeed));

        for (String instance : List.of("ds-master", "ds-worker")) {
            assertThat(awaitTerminal(executor, instance, TIMEOUT)).as(String.join("\n", logText(executor, instance))).isEqualTo(new InstanceState.Succeeded());
            assertThat(logText(executor, instance)).anyMatch(line -> line.startsWith("final step 30 "));
        }
        // the launcher read the platform's hostfile: one slot on each instance, ranks in hostfile order
        assertThat(logText(executor, "ds-master"))
                .anyMatch(line -> line.contains("global_rank_mapping=") && line.contains("'ds-master': [0], 'ds-worker': [1]"))
                .anyMatch(line -> line.startsWith("rank 0 of 2 started: deepspeed ") && line.endsWith(", accelerator cpu, backend gloo"));
        assertThat(logText(executor, "ds-worker")).anyMatch(line -> line.startsWith("rank 1 of 2 started: deepspeed "));
        List<Metric> loss = metrics(executor.metrics(), "ds-master", "loss");
        assertThat(loss).hasSize(30);
        assertThat(loss.getLast().value()).isLessThan(loss.getFirst().value() / 4);
        // ZeRO stage 1: each rank saved its own part of the optimizer state
        Path checkpoint = temp.resolve("work/home/checkpoints/ds");
        assertThat(checkpoint.resolve("latest")).hasContent("step-30");
        assertThat(checkpoint.resolve("step-30/zero_pp_rank_0_mp_rank_00_optim_states.pt")).isNotEmptyFile();
        assertThat(checkpoint.resolve("step-30/zero_pp_rank_1_mp_rank_00_optim_states.pt")).isNotEmptyFile();
    }
}
