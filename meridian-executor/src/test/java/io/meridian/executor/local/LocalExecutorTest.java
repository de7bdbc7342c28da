package io.meridian.executor.local;

import io.meridian.executor.AssetKind;
import io.meridian.executor.Command;
import io.meridian.executor.DeviceAllocation;
import io.meridian.executor.DeviceVendor;
import io.meridian.executor.FaultDomain;
import io.meridian.executor.InstanceSpec;
import io.meridian.executor.InstanceState;
import io.meridian.executor.LogChunk;
import io.meridian.executor.LogLine;
import io.meridian.executor.LogQuery;
import io.meridian.executor.Mount;
import io.meridian.executor.Storage;
import io.meridian.executor.WorkloadLaunch;
import io.meridian.executor.local.LocalExecutorConfig.Isolation;
import io.meridian.executor.testing.Poll;
import io.meridian.executor.testing.Workdirs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static io.meridian.executor.local.Instances.awaitTerminal;
import static io.meridian.executor.local.Instances.logText;
import static io.meridian.executor.local.Instances.observed;
import static io.meridian.executor.local.Instances.sleepers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

final class LocalExecutorTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path temp;

    private LocalExecutor executor(Isolation isolation)
    {
        return new LocalExecutor(TestConfigs.local(temp.resolve("runtime"))
                .withIsolation(isolation)
                .withStopGracePeriod(Duration.ofSeconds(2)));
    }

    private InstanceSpec shell(String id, String script)
    {
        return InstanceSpec.of(id, "worker", "node-1", Command.shell(script), Workdirs.under(temp.resolve("work")));
    }

    @ParameterizedTest
    @EnumSource(value = Isolation.class, names = {"AUTO", "NONE"})
    void reportsHowEachInstanceEnded(Isolation isolation)
    {
        LocalExecutor executor = executor(isolation);
        executor.launch(new WorkloadLaunch("job", List.of(
                shell("succeeds", "true"),
                shell("fails", "exit 3"),
                shell("killed", "kill -KILL $$"),
                new InstanceSpec("argv", "worker", "node-1", DeviceAllocation.none(), Command.argv("sh", "-c", "exit 5"), Map.of(), "/work/home", Workdirs.under(temp.resolve("work")), Map.of()))));

        assertThat(awaitTerminal(executor, "succeeds", TIMEOUT)).isEqualTo(new InstanceState.Succeeded());
        assertThat(awaitTerminal(executor, "fails", TIMEOUT)).isEqualTo(new InstanceState.Failed(3, "exited with code 3"));
        assertThat(awaitTerminal(executor, "killed", TIMEOUT)).isEqualTo(new InstanceState.Failed(137, "killed by SIGKILL (possibly out of memory)"));
        assertThat(awaitTerminal(executor, "argv", TIMEOUT)).isEqualTo(new InstanceState.Failed(5, "exited with code 5"));
        assertThat(observed(executor, "fails").workloadId()).isEqualTo("job");
    }

    @Test
    void anInstanceThatVanishesWithItsSupervisorIsANodeFault()
            throws Exception
    {
        LocalExecutor executor = executor(Isolation.AUTO);
        executor.launch(new WorkloadLaunch("job", List.of(shell("vanishes", "sleep 300"))));
        assertThat(observed(executor, "vanishes").state()).isEqualTo(new InstanceState.Running());
        // the pid file holds "<pid> <start ticks>"
        long leader = Long.parseLong(Files.readString(temp.resolve("runtime/instances/vanishes/pid")).strip().split(" ")[0]);

        // what a node going down does to an instance: its whole session, the exit-code-recording wrapper included, is gone
        new ProcessBuilder("kill", "-KILL", "--", "-" + leader).inheritIO().start().waitFor();

        InstanceState state = awaitTerminal(executor, "vanishes", TIMEOUT);
        assertThat(state).isInstanceOfSatisfying(InstanceState.Failed.class, failed -> {
            assertThat(failed.domain()).isEqualTo(FaultDomain.NODE);
            assertThat(failed.exitCode()).isEqualTo(InstanceState.Failed.UNKNOWN_EXIT_CODE);
        });
    }

    @Test
    void aRunningInstanceIsObservedAsRunning()
    {
        LocalExecutor executor = executor(Isolation.AUTO);
        executor.launch(new WorkloadLaunch("job", List.of(shell("waits", "while [ ! -e \"$MERIDIAN_WORK_HOME/go\" ]; do sleep 0.05; done"))));

        assertThat(observed(executor, "waits").state()).isEqualTo(new InstanceState.Running());
        touch(temp.resolve("work/home/go"));
        assertThat(awaitTerminal(executor, "waits", TIMEOUT)).isEqualTo(new InstanceState.Succeeded());
    }

    @ParameterizedTest
    @EnumSource(value = Isolation.class, names = {"AUTO", "NONE"})
    void stopKillsTheWholeProcessTree(Isolation isolation)
            throws Exception
    {
        String marker = "98765" + isolation.ordinal();
        LocalExecutor executor = executor(isolation);
        // children, grandchildren, one ignoring SIGTERM (needs the SIGKILL after the grace period) and one that
        // left the instance's session
        executor.launch(new WorkloadLaunch("job", List.of(shell("tree", String.join("\n",
                "(sleep " + marker + "1 & sleep " + marker + "2 & wait) &",
                "bash -c 'trap \"\" TERM; sleep " + marker + "3; true' &",
                "setsid sleep " + marker + "4 &",
                "wait")))));
        List<Long> tree = Poll.until(TIMEOUT, "the four sleepers to start", () -> Optional.of(sleepers(marker)).filter(found -> found.size() == 4));

        executor.stop("tree").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        assertThat(tree).noneMatch(Instances::isRunning);
        assertThat(sleepers(marker)).isEmpty();
        assertThat(observed(executor, "tree").state()).isEqualTo(new InstanceState.Stopped());
        // stopping a stopped instance is harmless
        executor.stop("tree").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void stopWorkloadStopsEveryInstanceOfTheWorkloadOnly()
            throws Exception
    {
        LocalExecutor executor = executor(Isolation.AUTO);
        executor.launch(new WorkloadLaunch("gang", List.of(shell("a", "sleep 600"), shell("b", "sleep 600"))));
        executor.launch(new WorkloadLaunch("other", List.of(shell("c", "sleep 600"))));

        executor.stopWorkload("gang").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        assertThat(observed(executor, "a").state()).isEqualTo(new InstanceState.Stopped());
        assertThat(observed(executor, "b").state()).isEqualTo(new InstanceState.Stopped());
        assertThat(observed(executor, "c").state()).isEqualTo(new InstanceState.Running());
        executor.stop("c").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void logsArePersistedWithTimestampsAndFollowableFromAnOffset()
    {
        LocalExecutor executor = executor(Isolation.AUTO);
        Instant before = Instant.now();
        executor.launch(new WorkloadLaunch("job", List.of(shell("talks", String.join("\n",
                "echo 'line 1'",
                "echo 'error 1' >&2",
                "while [ ! -e \"$MERIDIAN_WORK_HOME/go\" ]; do sleep 0.05; done",
                "echo 'line 2 €'",
                "printf 'unterminated'")))));

        LogChunk first = Poll.until(TIMEOUT, "the first lines", () -> Optional.of(executor.logs().read("talks", 0, 1 << 20)).filter(chunk -> chunk.lines().size() == 2));
        assertThat(first.lines()).extracting(LogLine::text).containsExactly("line 1", "error 1");
        assertThat(executor.logs().read("talks", first.nextOffset(), 1 << 20)).isEqualTo(new LogChunk(List.of(), first.nextOffset()));

        touch(temp.resolve("work/home/go"));
        awaitTerminal(executor, "talks", TIMEOUT);
        Instant after = Instant.now();
        LogChunk rest = executor.logs().read("talks", first.nextOffset(), 1 << 20);
        assertThat(rest.lines()).extracting(LogLine::text).containsExactly("line 2 €", "unterminated");
        assertThat(executor.logs().read("talks", rest.nextOffset(), 1 << 20).lines()).isEmpty();

        List<LogLine> all = executor.logs().query("talks", LogQuery.all());
        assertThat(all).extracting(LogLine::time).allSatisfy(time -> assertThat(time).isBetween(before.minusSeconds(1), after));
        assertThat(executor.logs().query("talks", LogQuery.all().containing("line"))).extracting(LogLine::text).containsExactly("line 1", "line 2 €");
        assertThat(executor.logs().query("talks", LogQuery.all().last(1))).extracting(LogLine::text).containsExactly("unterminated");
        assertThat(executor.logs().query("talks", LogQuery.all().between(after, after.plusSeconds(3600)))).isEmpty();
        assertThat(executor.logs().query("talks", LogQuery.all().between(all.get(2).time(), after))).extracting(LogLine::text).containsExactly("line 2 €", "unterminated");

        // small reads make progress line by line, and a line longer than the read size comes in pieces
        List<String> pieces = new ArrayList<>();
        long offset = 0;
        for (LogChunk chunk = executor.logs().read("talks", 0, 20); !chunk.lines().isEmpty(); chunk = executor.logs().read("talks", offset, 20)) {
            chunk.lines().forEach(line -> pieces.add(line.text()));
            offset = chunk.nextOffset();
        }
        assertThat(String.join("", pieces)).contains("line 1", "line 2 €");
    }

    @Test
    void withoutIsolationThePathsArePassedThroughTheEnvironment()
            throws Exception
    {
        LocalExecutor executor = new LocalExecutor(TestConfigs.local(temp.resolve("runtime"))
                .withBubblewrap(temp.resolve("no-such-bwrap")));
        assertThat(executor.isIsolated()).isFalse();
        Path dataset = Files.createDirectories(temp.resolve("datasets/mnist"));
        Files.writeString(dataset.resolve("data.txt"), "digits\n");
        Storage storage = Workdirs.under(temp.resolve("work"), Mount.readOnly(AssetKind.DATASET, "mnist", dataset));
        executor.launch(new WorkloadLaunch("job", List.of(
                InstanceSpec.of("env", "worker", "node-1", Command.shell(String.join("\n",
                                "echo \"home=$MERIDIAN_WORK_HOME cache=$MERIDIAN_WORK_CACHE share=$MERIDIAN_WORK_SHARE\"",
                                "cat \"$MERIDIAN_WORK_MOUNT/dataset/mnist/data.txt\"",
                                "echo \"pwd=$PWD cuda=$CUDA_VISIBLE_DEVICES devices=$MERIDIAN_DEVICES isolation=$MERIDIAN_ISOLATION\"",
                                "echo \"custom=$CUSTOM python=$MERIDIAN_PYTHON\"",
                                "cat \"$MERIDIAN_CONFIG_DIR/hostfile\"")), storage)
                        .withDevices(DeviceAllocation.of(DeviceVendor.NVIDIA, 0, 1))
                        .withEnv(Map.of("CUSTOM", "yes", "CUDA_VISIBLE_DEVICES", "0,1,2,3"))
                        .withWorkingDir("/work/home/project")
                        .withFiles(Map.of("hostfile", "env slots=1\n")))));

        assertThat(awaitTerminal(executor, "env", TIMEOUT)).isEqualTo(new InstanceState.Succeeded());
        assertThat(logText(executor, "env")).containsExactly(
                "home=%s cache=%s share=%s".formatted(storage.home(), storage.cache(), storage.share()),
                "digits",
                "pwd=%s cuda=0,1 devices=0,1 isolation=none".formatted(storage.home().resolve("project")),
                "custom=yes python=/usr/bin/python3",
                "env slots=1");
        assertThat(observed(executor, "env").notes()).contains(
                "isolation: none, paths passed via environment",
                "devices: nvidia 0,1 assigned by placement but not present on this host; CUDA_VISIBLE_DEVICES is set, nothing runs on them");
    }

    @Test
    void bubblewrapPresentsExactlyTheWorkLayout()
            throws Exception
    {
        LocalExecutor executor = executor(Isolation.AUTO);
        assumeTrue(executor.isIsolated(), "bubblewrap cannot create a sandbox on this host");
        Path dataset = Files.createDirectories(temp.resolve("datasets/mnist"));
        Files.writeString(dataset.resolve("data.txt"), "digits\n");
        Storage storage = Workdirs.under(temp.resolve("work"), Mount.readOnly(AssetKind.DATASET, "mnist", dataset));
        executor.launch(new WorkloadLaunch("job", List.of(InstanceSpec.of("boxed", "worker", "node-1", Command.shell(String.join("\n",
                "ls /work | tr '\\n' ' '; echo",
                "ls /work/mount | tr '\\n' ' '; echo",
                "cat /work/mount/dataset/mnist/data.txt",
                "touch /work/mount/dataset/mnist/new 2>/dev/null && echo dataset-writable || echo dataset-read-only",
                "echo written > /work/home/out.txt && echo home-writable",
                "echo \"home=$MERIDIAN_WORK_HOME mount=$MERIDIAN_WORK_MOUNT pwd=$PWD\"",
                "test -e '" + temp + "' && echo host-visible || echo host-hidden",
                "echo \"init=$(cat /proc/1/comm)\"")), storage))));

        assertThat(awaitTerminal(executor, "boxed", TIMEOUT)).isEqualTo(new InstanceState.Succeeded());
        assertThat(logText(executor, "boxed")).containsExactly(
                "cache home mount share ",
                "code dataset model ",
                "digits",
                "dataset-read-only",
                "home-writable",
                "home=/work/home mount=/work/mount pwd=/work/home",
                "host-hidden",
                // a private PID namespace, whose first process is the sandbox's own
                "init=bwrap");
        assertThat(storage.home().resolve("out.txt")).hasContent("written");
        assertThat(observed(executor, "boxed").notes()).anyMatch(note -> note.startsWith("isolation: bubblewrap"));
    }

    @Test
    void rejectsUnknownInstancesAndAnInstanceOfAnotherWorkload()
    {
        LocalExecutor executor = executor(Isolation.NONE);
        executor.launch(new WorkloadLaunch("job", List.of(shell("once", "sleep 600"))));

        assertThatThrownBy(() -> executor.launch(new WorkloadLaunch("other-job", List.of(shell("once", "true")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already exists in workload job");
        assertThatThrownBy(() -> executor.forget("once")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> executor.logs().read("never", 0, 100)).isInstanceOf(NoSuchElementException.class);

        executor.stop("once").join();
        executor.forget("once");
        assertThat(executor.observe()).isEmpty();
    }

    @Test
    void launchingAgainAfterTheCallerCrashedStartsOnlyWhatDidNotStart()
            throws IOException
    {
        Path runtime = temp.resolve("runtime");
        LocalExecutor first = executor(Isolation.NONE);
        first.launch(new WorkloadLaunch("job", List.of(shell("started", "sleep 600"))));
        long startedPid = pidOf(runtime, "started");
        // what a server killed in the middle of starting two more leaves: a directory only, and one without a process
        Files.createDirectories(runtime.resolve("instances/no-properties"));
        Path noProcess = Files.createDirectories(runtime.resolve("instances/no-process"));
        Files.writeString(noProcess.resolve("instance.properties"), "workload=job\nrole=worker\nnode=node-1\n");

        // the next server process: the same launch, again
        LocalExecutor second = executor(Isolation.NONE);
        second.launch(new WorkloadLaunch("job", List.of(shell("started", "sleep 600"), shell("no-properties", "true"), shell("no-process", "true"))));
        second.launch(new WorkloadLaunch("job", List.of(shell("started", "sleep 600"), shell("no-properties", "true"), shell("no-process", "true"))));

        assertThat(pidOf(runtime, "started")).as("the instance that ran is not started twice").isEqualTo(startedPid);
        assertThat(awaitTerminal(second, "no-properties", TIMEOUT)).isEqualTo(new InstanceState.Succeeded());
        assertThat(awaitTerminal(second, "no-process", TIMEOUT)).isEqualTo(new InstanceState.Succeeded());
        assertThat(observed(second, "started").state()).isEqualTo(new InstanceState.Running());
        second.stop("started").join();
    }

    private static long pidOf(Path runtime, String instanceId)
            throws IOException
    {
        return Long.parseLong(Files.readString(runtime.resolve("instances").resolve(instanceId).resolve("pid")).strip().split(" ")[0]);
    }

    private static void touch(Path path)
    {
        try {
            Files.writeString(path, "");
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
