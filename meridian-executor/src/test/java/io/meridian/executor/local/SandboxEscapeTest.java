package io.meridian.executor.local;

import io.meridian.executor.AssetKind;
import io.meridian.executor.Command;
import io.meridian.executor.DeviceAllocation;
import io.meridian.executor.InstanceSpec;
import io.meridian.executor.InstanceState;
import io.meridian.executor.Mount;
import io.meridian.executor.Storage;
import io.meridian.executor.Tenancy;
import io.meridian.executor.WorkloadLaunch;
import io.meridian.executor.instance.InstanceDir;
import io.meridian.executor.local.LocalExecutorConfig.Isolation;
import io.meridian.executor.testing.Poll;
import io.meridian.executor.testing.Workdirs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import static io.meridian.executor.local.Instances.awaitTerminal;
import static io.meridian.executor.local.Instances.logText;
import static io.meridian.executor.local.Instances.observed;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Attempts to escape the local backend, each of which must fail: code smuggled in through variables or shell
 * metacharacters, a job reading the host's root, the server's home or another tenant's files, writing outside its
 * mounts, or planting links for the server (root) to follow. Attempts that need a privilege switch or the sandbox
 * assume root and bubblewrap, which CI has.
 */
final class SandboxEscapeTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Tenancy TENANT_A = new Tenancy("tenant-a", Tenancy.BASE_UID + 11);
    private static final Tenancy TENANT_B = new Tenancy("tenant-b", Tenancy.BASE_UID + 12);

    @TempDir
    Path temp;

    private LocalExecutor executor(Isolation isolation)
    {
        return new LocalExecutor(TestConfigs.local(temp.resolve("server/runtime"))
                .withIsolation(isolation)
                .withAllowUnisolatedMultiTenant(true)
                .withStopGracePeriod(Duration.ofSeconds(2)));
    }

    private static void assumeRootWithBubblewrap(LocalExecutor executor)
    {
        assumeTrue(executor.switchesUser(), "needs root to switch users");
        assumeTrue(executor.isIsolated(), "bubblewrap cannot create a sandbox on this host");
    }

    private Path marker()
    {
        // in /tmp: the host's for the wrapper and unisolated instances; a sandbox has its own
        return Path.of("/tmp", "meridian-escape-" + UUID.randomUUID());
    }

    private InstanceState run(LocalExecutor executor, Tenancy tenancy, InstanceSpec spec)
    {
        executor.launch(new WorkloadLaunch("w-" + spec.id(), tenancy, List.of(spec)));
        return awaitTerminal(executor, spec.id(), TIMEOUT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"BASH_ENV", "ENV", "LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT", "PATH", "PYTHONSTARTUP", "HOME"})
    void variablesThatRunCodeBeforeTheCommandAreRefusedAtLaunchAndNeverRunOnTheHost(String name)
            throws IOException
    {
        LocalExecutor executor = executor(Isolation.AUTO);
        Path marker = marker();
        Path payload = Files.writeString(temp.resolve("payload.sh"), "touch " + marker + "\n");
        String value = switch (name) {
            case "PATH" -> temp.toString();
            case "LD_PRELOAD", "LD_AUDIT" -> temp.resolve("payload.so").toString();
            default -> name.startsWith("LD_") ? temp.toString() : "$(touch " + marker + ")" + payload;
        };
        InstanceSpec spec = InstanceSpec.of("env", "worker", "node-1", Command.argv("/bin/true"), Workdirs.under(temp.resolve("work")))
                .withEnv(Map.of(name, value));

        assertThatThrownBy(() -> executor.launch(new WorkloadLaunch("w", TENANT_A, List.of(spec))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(name);
        assertThat(marker).doesNotExist();
        assertThat(executor.observe()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = Isolation.class, names = {"AUTO", "NONE"})
    void anInstancesVariablesReachOnlyTheInstanceNeverAHostProcess(Isolation isolation)
            throws IOException
    {
        LocalExecutor executor = executor(isolation);
        String secret = "token-" + UUID.randomUUID();
        executor.launch(new WorkloadLaunch("w", TENANT_A, List.of(
                InstanceSpec.of("secret", "worker", "node-1", Command.shell("echo \"seen=$SECRET_TOKEN\"; exec sleep 30"), Workdirs.under(temp.resolve("work")))
                        .withEnv(Map.of("SECRET_TOKEN", secret)))));
        Poll.until(TIMEOUT, "the instance to print", () -> Optional.of(logText(executor, "secret")).filter(lines -> !lines.isEmpty()));
        assertThat(logText(executor, "secret")).containsExactly("seen=" + secret);

        // every process of the instance's tree that still runs as root: the wrapper, the stamper, bubblewrap
        long leader = new InstanceDir(temp.resolve("server/runtime/instances/secret")).leader().orElseThrow().pid();
        List<ProcessHandle> rootProcesses = ProcessHandle.of(leader).stream()
                .flatMap(process -> Stream.concat(Stream.of(process), process.descendants()))
                .filter(process -> owner(process.pid()) == 0)
                .toList();
        assertThat(rootProcesses).as("the wrapper runs as the server's user").isNotEmpty();
        for (ProcessHandle process : rootProcesses) {
            assertThat(read(Path.of("/proc", String.valueOf(process.pid()), "environ"))).as("environment of %s", process.info().command()).doesNotContain(secret);
            assertThat(read(Path.of("/proc", String.valueOf(process.pid()), "cmdline"))).as("command line of %s", process.info().command()).doesNotContain(secret);
        }
        executor.stop("secret").join();
    }

    @ParameterizedTest
    @EnumSource(value = Isolation.class, names = {"AUTO", "NONE"})
    void shellMetacharactersInEveryFieldThatReachesACommandLineAreInert(Isolation isolation)
    {
        LocalExecutor executor = executor(isolation);
        Path marker = marker();
        List<String> attacks = List.of("$(touch " + marker + ")", "`touch " + marker + "`", "; touch " + marker, "x\ntouch " + marker, "' \"; touch " + marker + " #");
        InstanceSpec spec = new InstanceSpec("meta", String.join("|", attacks), "node $(touch " + marker + ")", DeviceAllocation.none(),
                new Command.Argv(Stream.concat(Stream.of("/usr/bin/printf", "[%s]\\n"), attacks.stream()).toList()), Map.of("ATTACK", attacks.get(0)),
                "/work/home/$(touch " + marker + ");`touch " + marker + "`", Workdirs.under(temp.resolve("work")), Map.of("hostfile", attacks.get(1)));

        assertThat(run(executor, TENANT_A, spec)).isEqualTo(new InstanceState.Succeeded());
        assertThat(String.join("\n", logText(executor, "meta"))).isEqualTo("[" + String.join("]\n[", attacks) + "]");
        assertThat(marker).doesNotExist();

        InstanceSpec printer = InstanceSpec.of("meta-env", "worker", "node-1",
                        Command.argv("/bin/sh", "-c", "printf '%s|%s|%s\\n' \"$ATTACK\" \"$MERIDIAN_ROLE\" \"$(cat \"$MERIDIAN_CONFIG_DIR/hostfile\")\""),
                        Workdirs.under(temp.resolve("work")))
                .withEnv(Map.of("ATTACK", attacks.get(0)))
                .withFiles(Map.of("hostfile", attacks.get(1)));
        assertThat(run(executor, TENANT_A, printer)).isEqualTo(new InstanceState.Succeeded());
        assertThat(logText(executor, "meta-env")).containsExactly(attacks.get(0) + "|worker|" + attacks.get(1));
        assertThat(marker).doesNotExist();
    }

    @Test
    void anInstanceRunsAsItsTenantsUidWithoutCapabilitiesOrNewPrivileges()
    {
        LocalExecutor executor = executor(Isolation.AUTO);
        assumeTrue(executor.switchesUser(), "needs root to switch users");
        InstanceSpec spec = InstanceSpec.of("who", "worker", "node-1",
                Command.shell("id -u; id -g; grep -E '^(CapEff|CapBnd|NoNewPrivs)' /proc/self/status | tr -s '\\t' ' '; stat -c '%u %a' \"$HOME\""),
                Workdirs.under(temp.resolve("work")));

        assertThat(run(executor, TENANT_A, spec)).isEqualTo(new InstanceState.Succeeded());
        assertThat(logText(executor, "who")).containsExactly(
                String.valueOf(TENANT_A.uid()),
                String.valueOf(TENANT_A.uid()),
                "CapEff: 0000000000000000",
                "CapBnd: 0000000000000000",
                "NoNewPrivs: 1",
                TENANT_A.uid() + " 700");
        assertThat(observed(executor, "who").notes()).contains("user: uid %d of tenant tenant-a, without capabilities or new privileges".formatted(TENANT_A.uid()));
    }

    @ParameterizedTest
    @EnumSource(value = Isolation.class, names = {"AUTO", "NONE"})
    void anInstanceReadsNeitherTheHostsRootNorTheServersHomeNorAnotherTenantsHome(Isolation isolation)
            throws IOException
    {
        LocalExecutor executor = executor(isolation);
        assumeTrue(executor.switchesUser(), "needs root to switch users");
        // the server's home as the server leaves it (TrainingRuntime): passable, the database closed, the key the server's
        Path server = temp.resolve("server");
        Files.setPosixFilePermissions(server, PosixFilePermissions.fromString("rwx--x--x"));
        Path secretKey = Files.writeString(server.resolve("secret.key"), "the-secret-key\n");
        Files.setPosixFilePermissions(secretKey, PosixFilePermissions.fromString("rw-------"));
        Path database = Files.createDirectories(server.resolve("db"));
        Files.writeString(database.resolve("meridian.mv.db"), "rows\n");
        Files.setPosixFilePermissions(database, PosixFilePermissions.fromString("rwx------"));
        Storage other = Workdirs.under(temp.resolve("work-b"));
        Files.writeString(other.home().resolve("private.txt"), "tenant b's\n");
        assertThat(run(executor, TENANT_B, InstanceSpec.of("b", "worker", "node-1", Command.argv("/bin/true"), other).withFiles(Map.of("hostfile", "b's"))))
                .isEqualTo(new InstanceState.Succeeded());
        InstanceDir b = new InstanceDir(temp.resolve("server/runtime/instances/b"));

        List<String> targets = List.of(
                "/proc/1/root" + secretKey, "/proc/1/root/etc/hostname", secretKey.toString(), database.resolve("meridian.mv.db").toString(),
                other.home().resolve("private.txt").toString(), b.environment().toString(), b.config().resolve("hostfile").toString(), "/etc/shadow");
        StringBuilder script = new StringBuilder("ls /proc/1/root/ > /dev/null 2>&1 && echo 'listed /proc/1/root' || echo 'refused /proc/1/root'\n");
        script.append("ls '").append(other.home()).append("' > /dev/null 2>&1 && echo 'listed other home' || echo 'refused other home'\n");
        script.append("ls '").append(server).append("' > /dev/null 2>&1 && echo 'listed server home' || echo 'refused server home'\n");
        for (String target : targets) {
            script.append("cat '").append(target).append("' > /dev/null 2>&1 && echo 'read ").append(target).append("' || echo 'refused ").append(target).append("'\n");
        }
        assertThat(run(executor, TENANT_A, InstanceSpec.of("a", "worker", "node-1", Command.shell(script.toString()), Workdirs.under(temp.resolve("work-a")))))
                .isEqualTo(new InstanceState.Succeeded());

        List<String> lines = logText(executor, "a");
        assertThat(lines).hasSize(targets.size() + 3).allMatch(line -> line.startsWith("refused "));
    }

    @Test
    void aSandboxedInstanceWritesNowhereButItsMountsAndSeesOnlyItsOwnProcesses()
            throws IOException
    {
        LocalExecutor executor = executor(Isolation.AUTO);
        assumeRootWithBubblewrap(executor);
        Path dataset = Files.createDirectories(temp.resolve("datasets/mnist"));
        Storage storage = Workdirs.under(temp.resolve("work"), Mount.readOnly(AssetKind.DATASET, "mnist", dataset));
        List<String> targets = List.of("/escape", "/usr/escape", "/etc/escape", "/work/escape", "/meridian/escape", "/meridian/config/escape",
                "/work/mount/dataset/mnist/escape", "/work/mount/code/escape", temp.resolve("escape").toString());
        StringBuilder script = new StringBuilder();
        for (String target : targets) {
            script.append("touch '").append(target).append("' 2> /dev/null && echo 'wrote ").append(target).append("' || echo 'refused ").append(target).append("'\n");
        }
        script.append("touch /work/home/ok /work/cache/ok /work/share/ok /tmp/ok /meridian/instance/ok && echo 'wrote own'\n");
        script.append("echo \"processes=$(ls /proc | grep -c '^[0-9]')\"\n");

        assertThat(run(executor, TENANT_A, InstanceSpec.of("writer", "worker", "node-1", Command.shell(script.toString()), storage)))
                .isEqualTo(new InstanceState.Succeeded());

        List<String> lines = logText(executor, "writer");
        assertThat(lines.subList(0, targets.size())).allMatch(line -> line.startsWith("refused "));
        assertThat(lines.get(targets.size())).isEqualTo("wrote own");
        // bubblewrap's reaper, bash, ls and grep (and the command substitution's subshell)
        assertThat(Integer.parseInt(lines.get(targets.size() + 1).substring("processes=".length()))).isLessThanOrEqualTo(6);
        assertThat(dataset.resolve("escape")).doesNotExist();
        assertThat(temp.resolve("escape")).doesNotExist();
    }

    @ParameterizedTest
    @EnumSource(value = Isolation.class, names = {"AUTO", "NONE"})
    void aLinkPlantedAsTheMetricsFileDoesNotMakeTheServerReadItsTarget(Isolation isolation)
            throws IOException
    {
        LocalExecutor executor = executor(isolation);
        Path secretKey = Files.writeString(Files.createDirectories(temp.resolve("server")).resolve("secret.key"), "{\"the-secret-key\": 1}\n");
        InstanceSpec spec = InstanceSpec.of("linker", "worker", "node-1",
                Command.shell("ln -sf '" + secretKey + "' \"$MERIDIAN_METRICS_FILE\" && ln -sf '" + secretKey + "' \"$MERIDIAN_HEARTBEAT_FILE\" && echo planted"),
                Workdirs.under(temp.resolve("work")));

        assertThat(run(executor, TENANT_A, spec)).isEqualTo(new InstanceState.Succeeded());
        assertThat(logText(executor, "linker")).containsExactly("planted");
        assertThat(Files.isSymbolicLink(temp.resolve("server/runtime/instances/linker/io/metrics.jsonl"))).isTrue();
        assertThat(executor.metrics().read("linker", 0, 4096).lines()).isEmpty();
        executor.forget("linker");
        assertThat(secretKey).exists().hasContent("{\"the-secret-key\": 1}");
    }

    @Test
    void aLinkPlantedInTheHomeIsNeitherFollowedToCreateTheWorkingDirectoryNorWhenTheHomeIsHandedOver()
            throws IOException
    {
        LocalExecutor executor = executor(Isolation.AUTO);
        Storage storage = Workdirs.under(temp.resolve("work"));
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Path outsideFile = Files.writeString(temp.resolve("outside.txt"), "root's\n");
        // what a job of an earlier run could have left in its home
        Files.createSymbolicLink(storage.home().resolve("project"), outside);
        Files.createSymbolicLink(storage.home().resolve("file"), outsideFile);

        InstanceSpec spec = InstanceSpec.of("linked", "worker", "node-1", Command.argv("/bin/true"), storage).withWorkingDir("/work/home/project/sub");
        assertThatThrownBy(() -> executor.launch(new WorkloadLaunch("w", TENANT_A, List.of(spec))))
                .hasMessageContaining("symbolic link");
        assertThat(outside.resolve("sub")).doesNotExist();

        if (executor.switchesUser()) {
            // the home went to the tenant's uid before the working directory was refused: the links, not their targets
            assertThat(Files.getAttribute(storage.home().resolve("file"), "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(TENANT_A.uid());
            assertThat(Files.getAttribute(outsideFile, "unix:uid")).isEqualTo(0);
            assertThat(Files.getAttribute(outside, "unix:uid")).isEqualTo(0);
        }
    }

    @Test
    void withoutBubblewrapASecondTenantIsRefusedUnlessAnAdministratorAllowsIt()
    {
        LocalExecutor executor = new LocalExecutor(TestConfigs.local(temp.resolve("server/runtime")).withIsolation(Isolation.NONE));
        assertThat(run(executor, TENANT_A, InstanceSpec.of("a1", "worker", "node-1", Command.argv("/bin/true"), Workdirs.under(temp.resolve("work-a")))))
                .isEqualTo(new InstanceState.Succeeded());
        assertThat(run(executor, TENANT_A, InstanceSpec.of("a2", "worker", "node-1", Command.argv("/bin/true"), Workdirs.under(temp.resolve("work-a")))))
                .as("the first tenant keeps working").isEqualTo(new InstanceState.Succeeded());

        InstanceSpec second = InstanceSpec.of("b1", "worker", "node-1", Command.argv("/bin/true"), Workdirs.under(temp.resolve("work-b")));
        assertThatThrownBy(() -> executor.launch(new WorkloadLaunch("w-b", TENANT_B, List.of(second))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot keep tenants apart")
                .hasMessageContaining("meridian.executor.allow-unisolated-multi-tenant=true");
        assertThat(executor.observe()).extracting(instance -> instance.instanceId()).containsExactly("a1", "a2");

        LocalExecutor allowed = new LocalExecutor(TestConfigs.local(temp.resolve("server/runtime")).withIsolation(Isolation.NONE).withAllowUnisolatedMultiTenant(true));
        assertThat(run(allowed, TENANT_B, second)).isEqualTo(new InstanceState.Succeeded());
    }

    private static int owner(long pid)
    {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc", String.valueOf(pid)), "unix:uid");
        }
        catch (IOException e) {
            return -1;
        }
    }

    private static String read(Path file)
    {
        try {
            return new String(Files.readAllBytes(file), UTF_8);
        }
        catch (IOException e) {
            // the process ended meanwhile
            return "";
        }
    }
}
