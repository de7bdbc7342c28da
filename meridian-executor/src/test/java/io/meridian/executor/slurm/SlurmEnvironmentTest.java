package io.meridian.executor.slurm;

import io.meridian.executor.AssetKind;
import io.meridian.executor.Command;
import io.meridian.executor.InstanceSpec;
import io.meridian.executor.InstanceState;
import io.meridian.executor.Mount;
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
 * The preset environment {@code pytorch} on the real Slurm: its {@code torchrun} starts a DDP job on two Slurm nodes.
 * On a real cluster the environment lives on the shared file system at the same path; bin/slurm-local's nodes share
 * this host's.
 */
@ExtendWith(SlurmLocal.class)
final class SlurmEnvironmentTest
{
    private static final Path EXAMPLES = Path.of("..", "meridian-runtime-py", "examples").toAbsolutePath().normalize();
    private static final Duration TIMEOUT = Duration.ofSeconds(150);

    @TempDir
    Path temp;

    @Test
    void torchrunFromThePytorchEnvironmentTrainsOnTwoSlurmNodes(SlurmLocal.Cluster cluster)
    {
        PythonEnvironment pytorch = Environments.preset("pytorch");
        SlurmExecutor executor = executor(cluster, temp.resolve("runtime"));
        List<Member> members = List.of(new Member("env-master", ReplicaRole.MASTER, "node1"), new Member("env-worker", ReplicaRole.WORKER, "node2"));
        Map<String, InstanceEnv> envs = DistributedEnv.build(new Topology(Framework.PYTORCH_DDP, members, 1), executor.endpoints());
        Storage storage = Workdirs.under(temp.resolve("work"), Mount.readOnly(AssetKind.CODE, "examples", EXAMPLES));
        Command train = Command.shell("echo \"venv=$VIRTUAL_ENV python=$MERIDIAN_PYTHON torchrun=$(command -v torchrun)\"; "
                + "exec torchrun --nnodes=\"$PET_NNODES\" --nproc-per-node=1 --node-rank=\"$PET_NODE_RANK\" --master-addr=\"$MASTER_ADDR\" --master-port=\"$MASTER_PORT\" "
                + "\"$MERIDIAN_WORK_MOUNT/code/examples/ddp_train.py\" --steps 20 --checkpoint-every 10");
        executor.launch(new WorkloadLaunch("env", members.stream()
                .map(member -> InstanceSpec.of(member.instanceId(), member.role().name().toLowerCase(Locale.ROOT), member.node(), train, storage)
                        .withEnv(envs.get(member.instanceId()).env())
                        .withResources(new Resources(1, 1024, 0))
                        .withEnvironment(pytorch))
                .toList()));

        for (String instance : List.of("env-master", "env-worker")) {
            InstanceState state = Poll.until(TIMEOUT, instance + " to end", () -> Optional.of(observed(executor, instance).state()).filter(InstanceState::isTerminal));
            assertThat(state).as(String.join("\n", logText(executor, instance))).isEqualTo(new InstanceState.Succeeded());
            assertThat(logText(executor, instance))
                    .contains("venv=%s python=%s torchrun=%s".formatted(pytorch.root(), pytorch.python(), pytorch.bin().resolve("torchrun")), "final step 20");
            assertThat(observed(executor, instance).notes()).contains("python: environment %s at %s (its bin/ first on PATH)".formatted(pytorch.name(), pytorch.root()));
        }
        assertThat(logText(executor, "env-worker")).anyMatch(line -> line.startsWith("rank 1 of 2 started"));
    }
}
