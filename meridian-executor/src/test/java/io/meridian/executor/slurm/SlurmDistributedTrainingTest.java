package io.meridian.executor.slurm;

import io.meridian.executor.AssetKind;
import io.meridian.executor.Command;
import io.meridian.executor.DeviceAllocation;
import io.meridian.executor.InstanceSpec;
import io.meridian.executor.InstanceState;
import io.meridian.executor.Mount;
import io.meridian.executor.ObservedInstance;
import io.meridian.executor.PythonEnvironment;
import io.meridian.executor.Resources;
import io.meridian.executor.Storage;
import io.meridian.executor.WorkloadLaunch;
import io.meridian.executor.distributed.DistributedEnv;
import io.meridian.executor.distributed.Framework;
import io.meridian.executor.distributed.InstanceEnv;
import io.meridian.executor.distributed.Member;
import io.meridian.executor.distributed.ReplicaRole;
import io.meridian.executor.distributed.Topology;
import io.meridian.executor.testing.Environments;
import io.meridian.executor.testing.Poll;
import io.meridian.executor.testing.Workdirs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static io.meridian.executor.slurm.SlurmExecutorTest.executor;
import static io.meridian.executor.slurm.SlurmExecutorTest.logText;
import static io.meridian.executor.slurm.SlurmExecutorTest.observed;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real distributed training on the real Slurm: PyTorch DDP over gloo on CPU, one instance on each of two Slurm
 * nodes, running meridian-runtime-py/examples/ddp_train.py in the preset environment {@code pytorch} as the local
 * backend's DistributedTrainingTest does.
 */
@ExtendWith(SlurmLocal.class)
final class SlurmDistributedTrainingTest
{
    private static final Path EXAMPLES = Path.of("..", "meridian-runtime-py", "examples").toAbsolutePath().normalize();
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path temp;

    @Test
    void aTwoNodeDdpJobReachesWorldSizeTwoAndTrainsOnSlurm(SlurmLocal.Cluster cluster)
    {
        PythonEnvironment pytorch = Environments.preset("pytorch");
        SlurmExecutor executor = executor(cluster, temp.resolve("runtime"));
        List<Member> members = List.of(
                new Member("ddp-master-1", ReplicaRole.MASTER, "node1"),
                new Member("ddp-worker-1", ReplicaRole.WORKER, "node2"));
        Map<String, InstanceEnv> envs = DistributedEnv.build(new Topology(Framework.PYTORCH_DDP, members, 1), executor.endpoints());
        Storage storage = Workdirs.under(temp.resolve("work"), Mount.readOnly(AssetKind.CODE, "examples", EXAMPLES));
        Command train = Command.shell("exec \"$MERIDIAN_PYTHON\" \"$MERIDIAN_WORK_MOUNT/code/examples/ddp_train.py\" --steps 20 --checkpoint-every 10");
        executor.launch(new WorkloadLaunch("ddp", members.stream()
                .map(member -> new InstanceSpec(member.instanceId(), member.role().name().toLowerCase(Locale.ROOT), member.node(), DeviceAllocation.none(), train,
                        envs.get(member.instanceId()).env(), InstanceSpec.DEFAULT_WORKING_DIR, storage, envs.get(member.instanceId()).files(), new Resources(1, 1024, 0))
                        .withEnvironment(pytorch))
                .toList()));

        for (String instance : List.of("ddp-master-1", "ddp-worker-1")) {
            InstanceState state = Poll.until(TIMEOUT, instance + " to end", () -> Optional.of(observed(executor, instance).state()).filter(InstanceState::isTerminal));
            assertThat(state).as(String.join("\n", logText(executor, instance))).isEqualTo(new InstanceState.Succeeded());
            assertThat(logText(executor, instance)).contains("final step 20");
        }
        assertThat(logText(executor, "ddp-master-1")).anyMatch(line -> line.startsWith("rank 0 of 2 started"));
        assertThat(logText(executor, "ddp-worker-1")).anyMatch(line -> line.startsWith("rank 1 of 2 started"));
        assertThat(executor.observe()).extracting(ObservedInstance::node).containsExactly("node1", "node2");
        assertThat(executor.metrics().read("ddp-master-1", 0, 1 << 16).lines()).hasSize(20);
        assertThat(executor.observe()).allSatisfy(instance -> assertThat(instance.lastHeartbeat()).isPresent());
    }
}
