package io.meridian.executor.local;

import io.meridian.executor.AssetKind;
import io.meridian.executor.Command;
import io.meridian.executor.DeviceAllocation;
import io.meridian.executor.InstanceSpec;
import io.meridian.executor.InstanceState;
import io.meridian.executor.MetricsStore;
import io.meridian.executor.Mount;
import io.meridian.executor.PythonEnvironment;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.meridian.executor.local.Instances.awaitTerminal;
import static io.meridian.executor.local.Instances.logText;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real distributed training through the local backend: two "nodes" of one process each, PyTorch DDP over gloo
 * on CPU, running meridian-runtime-py/examples/ddp_train.py in the preset environment {@code pytorch}.
 */
final class DistributedTrainingTest
{
    /** The system's interpreter, for instances without an environment; {@code -Dmeridian.test.python} changes it. */
    static final String PYTHON = System.getProperty("meridian.test.python", "/usr/bin/python3");

    private static final Path EXAMPLES = Path.of("..", "meridian-runtime-py", "examples").toAbsolutePath().normalize();
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern METRIC = Pattern.compile("\"step\":(\\d+),\"loss\":([-+0-9.eE]+|NaN|Infinity)");

    @TempDir
    Path temp;

    private PythonEnvironment pytorch;

    private record Metric(int step, double loss) {}

    @BeforeEach
    void setUp()
    {
        pytorch = Environments.preset("pytorch");
    }

    private LocalExecutor executor()
    {
        return new LocalExecutor(TestConfigs.local(temp.resolve("runtime"))
                .withStopGracePeriod(Duration.ofSeconds(5)));
    }

    /**
     * The launch the server would build: the scheduler placed a master and a worker on two nodes, the
     * distributed environment gives them a rendezvous, and the code is a mounted asset.
     */
    private WorkloadLaunch ddp(LocalExecutor executor, String workload, int attempt, String trainingArguments)
    {
        List<Member> members = List.of(
                new Member(workload + "-master-" + attempt, ReplicaRole.MASTER, "node-a"),
                new Member(workload + "-worker-" + attempt, ReplicaRole.WORKER, "node-b"));
        Map<String, InstanceEnv> envs = DistributedEnv.build(new Topology(Framework.PYTORCH_DDP, members, 1), executor.endpoints());
        Storage storage = Workdirs.under(temp.resolve("work"), Mount.readOnly(AssetKind.CODE, "examples", EXAMPLES));
        Command train = Command.shell("exec \"$MERIDIAN_PYTHON\" \"$MERIDIAN_WORK_MOUNT/code/examples/ddp_train.py\" " + trainingArguments);
        return new WorkloadLaunch(workload, members.stream()
                .map(member -> new InstanceSpec(
                        member.instanceId(),
                        member.role().name().toLowerCase(Locale.ROOT),
                        member.node(),
                        DeviceAllocation.none(),
                        train,
                        envs.get(member.instanceId()).env(),
                        InstanceSpec.DEFAULT_WORKING_DIR,
                        storage,
                        envs.get(member.instanceId()).files())
                        .withEnvironment(pytorch))
                .toList());
    }

    @Test
    void twoNodeDdpJobTrainsAndCheckpoints()
            throws IOException
    {
        LocalExecutor executor = executor();
        executor.launch(ddp(executor, "ddp", 1, "--steps 40 --checkpoint-every 10"));

        for (String instance : List.of("ddp-master-1", "ddp-worker-1")) {
            assertThat(awaitTerminal(executor, instance, TIMEOUT)).as(String.join("\n", logText(executor, instance))).isEqualTo(new InstanceState.Succeeded());
            assertThat(logText(executor, instance)).contains("final step 40");
        }
        List<Metric> metrics = metrics(executor.metrics(), "ddp-master-1");
        assertThat(metrics).extracting(Metric::step).containsExactlyElementsOf(steps(1, 40));
        assertThat(metrics.getLast().loss()).isLessThan(metrics.getFirst().loss() / 10);
        assertThat(metrics(executor.metrics(), "ddp-worker-1")).hasSize(40);

        Path checkpoints = temp.resolve("work/home/checkpoints/ddp");
        assertThat(checkpoints.resolve("latest")).hasContent("ckpt-000000040.pt");
        assertThat(checkpoints.resolve("ckpt-000000040.pt")).isNotEmptyFile();
        assertThat(executor.observe()).allSatisfy(instance -> assertThat(instance.lastHeartbeat()).isPresent());
    }

    @Test
    void afterAWorkerIsKilledTheRelaunchedJobResumesFromTheNewestCompleteCheckpoint()
            throws Exception
    {
        LocalExecutor executor = executor();
        String arguments = "--steps 80 --checkpoint-every 10 --step-delay 0.05";
        executor.launch(ddp(executor, "fault", 1, arguments));
        Path latest = temp.resolve("work/home/checkpoints/fault/latest");
        Poll.until(TIMEOUT, "a first checkpoint", () -> Files.exists(latest));

        long worker = Poll.until(TIMEOUT, "the worker's python process", () -> pythonProcessOf("fault-worker-1"));
        assertThat(ProcessHandle.of(worker).orElseThrow().destroyForcibly()).isTrue();

        assertThat(awaitTerminal(executor, "fault-worker-1", TIMEOUT)).isEqualTo(new InstanceState.Failed(137, "killed by SIGKILL (possibly out of memory)"));
        // the reconciler restarts the gang as a whole: stop what is left, then launch a new attempt
        executor.stopWorkload("fault").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(awaitTerminal(executor, "fault-master-1", TIMEOUT)).isNotEqualTo(new InstanceState.Succeeded());
        int killedAt = metrics(executor.metrics(), "fault-worker-1").getLast().step();
        int resumeFrom = checkpointStep(Files.readString(latest, UTF_8).strip());
        // rank 0 may have checkpointed the step the worker was killed in before reporting it
        assertThat(resumeFrom).isBetween(10, killedAt + 1);
        assertThat(killedAt).isLessThan(80);

        executor.launch(ddp(executor, "fault", 2, arguments));

        for (String instance : List.of("fault-master-2", "fault-worker-2")) {
            assertThat(awaitTerminal(executor, instance, TIMEOUT)).as(String.join("\n", logText(executor, instance))).isEqualTo(new InstanceState.Succeeded());
            assertThat(logText(executor, instance)).contains("resumed from checkpoint at step " + resumeFrom, "final step 80");
        }
        assertThat(metrics(executor.metrics(), "fault-master-2")).extracting(Metric::step).containsExactlyElementsOf(steps(resumeFrom + 1, 80));
        assertThat(latest).hasContent("ckpt-000000080.pt");
    }

    private static List<Metric> metrics(MetricsStore store, String instanceId)
    {
        List<Metric> metrics = new ArrayList<>();
        long offset = 0;
        for (MetricsStore.Chunk chunk = store.read(instanceId, 0, 1 << 16); !chunk.lines().isEmpty(); chunk = store.read(instanceId, offset, 1 << 16)) {
            for (String line : chunk.lines()) {
                Matcher matcher = METRIC.matcher(line);
                assertThat(matcher.find()).as(line).isTrue();
                metrics.add(new Metric(Integer.parseInt(matcher.group(1)), Double.parseDouble(matcher.group(2))));
            }
            offset = chunk.nextOffset();
        }
        return metrics;
    }

    private static List<Integer> steps(int first, int last)
    {
        return Stream.iterate(first, step -> step <= last, step -> step + 1).toList();
    }

    private static int checkpointStep(String name)
    {
        Matcher matcher = Pattern.compile("ckpt-(\\d+)\\.pt").matcher(name);
        assertThat(matcher.matches()).as(name).isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    /**
     * The training process of an instance: the python whose environment names the instance.
     */
    private static Optional<Long> pythonProcessOf(String instanceId)
    {
        byte[] wanted = ("MERIDIAN_INSTANCE_ID=" + instanceId + "\0").getBytes(UTF_8);
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes
                    .filter(path -> path.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(path -> {
                        try {
                            String[] argv = new String(Files.readAllBytes(path.resolve("cmdline")), UTF_8).split("\0");
                            return argv[0].contains("python")
                                    && Stream.of(argv).anyMatch(arg -> arg.endsWith("ddp_train.py"))
                                    && new String(Files.readAllBytes(path.resolve("environ")), UTF_8).contains(new String(wanted, UTF_8));
                        }
                        catch (IOException e) {
                            return false;
                        }
                    })
                    .map(path -> Long.parseLong(path.getFileName().toString()))
                    .findFirst();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
