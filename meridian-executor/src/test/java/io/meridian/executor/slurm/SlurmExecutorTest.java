package io.meridian.executor.slurm;

import io.meridian.executor.Command;
import io.meridian.executor.Executor;
import io.meridian.executor.FaultDomain;
import io.meridian.executor.InstanceSpec;
import io.meridian.executor.InstanceState;
import io.meridian.executor.LogLine;
import io.meridian.executor.LogQuery;
import io.meridian.executor.ObservedInstance;
import io.meridian.executor.Resources;
import io.meridian.executor.WorkloadLaunch;
import io.meridian.executor.testing.Poll;
import io.meridian.executor.testing.Workdirs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The slurm backend against a real Slurm (two slurmd nodes, slurmctld, slurmrestd with JWT) started by
 * {@code bin/slurm-local}.
 */
@ExtendWith(SlurmLocal.class)
final class SlurmExecutorTest
{
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Resources SMALL = new Resources(1, 200, 0);

    @TempDir
    Path temp;

    static SlurmExecutor executor(SlurmLocal.Cluster cluster, Path root)
    {
        return new SlurmExecutor(SlurmExecutorConfig.defaults(root, cluster.connection()));
    }

    private InstanceSpec instance(String id, String node, Command command)
    {
        return InstanceSpec.of(id, "worker", node, command, Workdirs.under(temp.resolve("work"))).withResources(SMALL);
    }

    static ObservedInstance observed(Executor executor, String instanceId)
    {
        return executor.observe().stream()
                .filter(instance -> instance.instanceId().equals(instanceId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("not observed: " + instanceId));
    }

    static InstanceState awaitTerminal(Executor executor, String instanceId)
    {
        return Poll.until(TIMEOUT, instanceId + " to end", () -> Optional.of(observed(executor, instanceId).state()).filter(InstanceState::isTerminal));
    }

    static void awaitRunning(Executor executor, String... instanceIds)
    {
        for (String instanceId : instanceIds) {
            Poll.until(TIMEOUT, instanceId + " to run", () -> observed(executor, instanceId).state() instanceof InstanceState.Running);
        }
    }

    static List<String> logText(Executor executor, String instanceId)
    {
        return executor.logs().query(instanceId, LogQuery.all()).stream().map(LogLine::text).toList();
    }

    @Test
    void aGangRunsAsOneSlurmJobWithEachInstanceOnItsPlacedNodeAndExitCodesMapToStates(SlurmLocal.Cluster cluster)
            throws IOException
    {
        SlurmExecutor executor = executor(cluster, temp.resolve("runtime"));
        Command report = Command.shell("echo \"$MERIDIAN_INSTANCE_ID on $SLURMD_NODENAME with $GREETING\"; "
                + "\"$MERIDIAN_PYTHON\" -c 'import meridian_runtime; meridian_runtime.report(1, loss=0.5)'; exit $CODE");
        executor.launch(new WorkloadLaunch("gang", List.of(
                instance("gang-a", "node1", report).withEnv(Map.of("GREETING", "hello 'quoted' $(not run)", "CODE", "0")),
                instance("gang-b", "node2", report).withEnv(Map.of("GREETING", "greetings-from-b", "CODE", "3")))));

        assertThat(awaitTerminal(executor, "gang-a")).as(String.join("\n", logText(executor, "gang-a"))).isEqualTo(new InstanceState.Succeeded());
        assertThat(awaitTerminal(executor, "gang-b")).isEqualTo(new InstanceState.Failed(3, "exited with code 3", FaultDomain.INSTANCE));

        assertThat(logText(executor, "gang-a")).containsExactly("gang-a on node1 with hello 'quoted' $(not run)");
        assertThat(logText(executor, "gang-b")).containsExactly("gang-b on node2 with greetings-from-b");
        assertThat(executor.metrics().read("gang-a", 0, 4096).lines()).singleElement().asString().contains("\"step\":1", "\"loss\":0.5");
        List<ObservedInstance> observed = executor.observe();
        assertThat(observed).extracting(ObservedInstance::node).containsExactly("node1", "node2");
        // one Slurm job for the gang
        assertThat(observed).extracting(instance -> instance.notes().stream().filter(note -> note.startsWith("slurm: job ")).findFirst().orElseThrow())
                .containsOnly(observed.getFirst().notes().stream().filter(note -> note.startsWith("slurm: job ")).findFirst().orElseThrow());
        // the variables travel in files, never in the batch script
        try (Stream<Path> scripts = Files.list(temp.resolve("runtime/workloads/gang"))) {
            for (Path script : scripts.filter(path -> path.toString().endsWith(".sh")).toList()) {
                assertThat(Files.readString(script, UTF_8)).contains("srun").doesNotContain("not run", "greetings-from-b");
            }
        }
    }

    @Test
    void launchingTheSameInstancesAgainSubmitsNothingNew(SlurmLocal.Cluster cluster)
    {
        SlurmExecutor executor = executor(cluster, temp.resolve("runtime"));
        WorkloadLaunch launch = new WorkloadLaunch("again", List.of(instance("again-a", "node1", Command.shell("sleep 2"))));
        executor.launch(launch);
        executor.launch(launch);

        assertThat(awaitTerminal(executor, "again-a")).isEqualTo(new InstanceState.Succeeded());
        assertThat(cluster.slurm("squeue", "-h", "-t", "all", "-o", "%j")).containsOnlyOnce("meridian-again");
    }

    @Test
    void stoppingOneInstanceCancelsItsGangsJobAndEveryInstanceReportsStopped(SlurmLocal.Cluster cluster)
            throws Exception
    {
        SlurmExecutor executor = executor(cluster, temp.resolve("runtime"));
        executor.launch(new WorkloadLaunch("stop", List.of(
                instance("stop-a", "node1", Command.argv("sleep", "300")),
                instance("stop-b", "node2", Command.argv("sleep", "300")))));
        awaitRunning(executor, "stop-a", "stop-b");

        executor.stop("stop-a").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        assertThat(awaitTerminal(executor, "stop-a")).isEqualTo(new InstanceState.Stopped());
        assertThat(awaitTerminal(executor, "stop-b")).isEqualTo(new InstanceState.Stopped());
        assertThat(cluster.slurm("squeue", "-h", "-o", "%j")).doesNotContain("meridian-stop");
    }

    @Test
    void aNewExecutorOnTheSameRootReattachesToARunningJobAndSeesItFinish(SlurmLocal.Cluster cluster)
    {
        Path root = temp.resolve("runtime");
        SlurmExecutor first = executor(cluster, root);
        first.launch(new WorkloadLaunch("reattach", List.of(
                instance("reattach-a", "node1", Command.shell("echo started; sleep 4; echo finished")),
                instance("reattach-b", "node2", Command.shell("sleep 4; exit 7")))));
        awaitRunning(first, "reattach-a", "reattach-b");

        // a server restart: nothing of the first executor but its directory survives
        SlurmExecutor second = executor(cluster, root);

        assertThat(second.reattach()).extracting(ObservedInstance::instanceId, instance -> instance.state() instanceof InstanceState.Running)
                .containsExactly(tuple("reattach-a", true), tuple("reattach-b", true));
        assertThat(awaitTerminal(second, "reattach-a")).isEqualTo(new InstanceState.Succeeded());
        assertThat(awaitTerminal(second, "reattach-b")).isEqualTo(new InstanceState.Failed(7, "exited with code 7"));
        assertThat(logText(second, "reattach-a")).containsExactly("started", "finished");
    }

    @Test
    void nodesAreAdoptedWithTheirResourcesAndADrainedNodeIsNotReady(SlurmLocal.Cluster cluster)
    {
        SlurmExecutor executor = executor(cluster, temp.resolve("runtime"));
        assertThat(executor.nodes()).extracting(SlurmNode::name).containsExactly("node1", "node2");
        assertThat(executor.nodes()).allSatisfy(node -> {
            assertThat(node.readiness()).isEqualTo(SlurmNode.Readiness.READY);
            assertThat(node.cpus()).isEqualTo(Runtime.getRuntime().availableProcessors());
            assertThat(node.memoryMiB()).isPositive();
            assertThat(node.address()).isEqualTo("127.0.0.1");
        });

        cluster.slurm("scontrol", "update", "nodename=node2", "state=drain", "reason=meridian-test");
        try {
            SlurmNode drained = executor.nodes().stream().filter(node -> node.name().equals("node2")).findFirst().orElseThrow();
            assertThat(drained.readiness()).isEqualTo(SlurmNode.Readiness.NOT_READY);
            assertThat(drained.reason()).isEqualTo("meridian-test");
            assertThat(drained.state()).containsIgnoringCase("drain");
            assertThat(executor.nodes().stream().filter(node -> node.name().equals("node1")).findFirst().orElseThrow().readiness()).isEqualTo(SlurmNode.Readiness.READY);
        }
        finally {
            cluster.slurm("scontrol", "update", "nodename=node2", "state=resume");
        }
        Poll.until(TIMEOUT, "node2 to be ready again",
                () -> executor.nodes().stream().allMatch(node -> node.readiness() == SlurmNode.Readiness.READY));
    }

    @Test
    void aRefusedTokenAndAnUnreachableSlurmrestdAreClearErrors(SlurmLocal.Cluster cluster)
            throws IOException
    {
        SlurmConnection real = cluster.connection();
        SlurmExecutor refused = new SlurmExecutor(SlurmExecutorConfig.defaults(temp.resolve("refused"),
                new SlurmConnection(real.url(), real.user(), "eyJhbGciOiJIUzI1NiJ9.e30.not-a-valid-signature")));
        assertThatThrownBy(refused::nodes)
                .isInstanceOfSatisfying(SlurmException.class, e -> assertThat(e.kind()).isEqualTo(SlurmException.Kind.UNAUTHORIZED))
                .hasMessageContaining(real.url().toString())
                .hasMessageContaining("token of user " + real.user());

        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        SlurmExecutor unreachable = new SlurmExecutor(SlurmExecutorConfig.defaults(temp.resolve("unreachable"),
                SlurmConnection.of("http://127.0.0.1:" + closed, real.user(), real.token())));
        assertThatThrownBy(unreachable::nodes)
                .isInstanceOfSatisfying(SlurmException.class, e -> assertThat(e.kind()).isEqualTo(SlurmException.Kind.UNREACHABLE))
                .hasMessageContaining("slurmrestd at http://127.0.0.1:" + closed + " is unreachable");
        assertThat(real.toString()).doesNotContain(real.token());
    }
}
