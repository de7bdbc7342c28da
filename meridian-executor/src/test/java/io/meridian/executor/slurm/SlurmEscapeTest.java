package io.meridian.executor.slurm;

import io.meridian.executor.Command;
import io.meridian.executor.InstanceSpec;
import io.meridian.executor.InstanceState;
import io.meridian.executor.Resources;
import io.meridian.executor.Storage;
import io.meridian.executor.Tenancy;
import io.meridian.executor.WorkloadLaunch;
import io.meridian.executor.instance.HostFiles;
import io.meridian.executor.instance.InstanceDir;
import io.meridian.executor.testing.Poll;
import io.meridian.executor.testing.Workdirs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import static io.meridian.executor.slurm.SlurmExecutorTest.TIMEOUT;
import static io.meridian.executor.slurm.SlurmExecutorTest.awaitTerminal;
import static io.meridian.executor.slurm.SlurmExecutorTest.executor;
import static io.meridian.executor.slurm.SlurmExecutorTest.logText;
import static io.meridian.executor.slurm.SlurmExecutorTest.observed;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Attempts to escape the slurm backend when Slurm runs jobs as root (as {@code bin/slurm-local} does for a root
 * caller, and CI is root), each of which must fail: the instance runs as its tenant's uid, reads neither the server's
 * secrets nor another tenant's home or instance, forges nothing the wrapper records, and no process that stays root
 * ever has its variables.
 */
@ExtendWith(SlurmLocal.class)
final class SlurmEscapeTest
{
    private static final Resources SMALL = new Resources(1, 200, 0);
    private static final Tenancy TENANT_A = new Tenancy("tenant-a", Tenancy.BASE_UID + 21);
    private static final Tenancy TENANT_B = new Tenancy("tenant-b", Tenancy.BASE_UID + 22);

    @TempDir
    Path temp;

    private SlurmExecutor executor;

    @BeforeEach
    void setUp(SlurmLocal.Cluster cluster)
    {
        assumeTrue(cluster.connection().user().equals("root") && HostFiles.isRoot(), "needs a root server whose Slurm runs jobs as root (CI's case)");
        executor = executor(cluster, temp.resolve("server/runtime"));
    }

    private static InstanceSpec instance(String id, Command command, Storage storage)
    {
        return InstanceSpec.of(id, "worker", "node1", command, storage).withResources(SMALL);
    }

    private InstanceState run(Tenancy tenancy, InstanceSpec spec)
    {
        executor.launch(new WorkloadLaunch("w-" + spec.id(), tenancy, List.of(spec)));
        return awaitTerminal(executor, spec.id());
    }

    private InstanceDir dir(String instanceId)
    {
        return new InstanceDir(temp.resolve("server/runtime/instances").resolve(instanceId));
    }

    @Test
    void anInstanceRunsAsItsTenantsUidWithoutCapabilitiesOrNewPrivileges()
    {
        InstanceSpec spec = instance("who",
                Command.shell("id -u; id -g; grep -E '^(CapEff|CapBnd|NoNewPrivs)' /proc/self/status | tr -s '\\t' ' '; stat -c '%u %a' \"$HOME\""),
                Workdirs.under(temp.resolve("work-a")));

        assertThat(run(TENANT_A, spec)).as(String.join("\n", logText(executor, "who"))).isEqualTo(new InstanceState.Succeeded());
        assertThat(logText(executor, "who")).containsExactly(
                String.valueOf(TENANT_A.uid()),
                String.valueOf(TENANT_A.uid()),
                "CapEff: 0000000000000000",
                "CapBnd: 0000000000000000",
                "NoNewPrivs: 1",
                TENANT_A.uid() + " 700");
        assertThat(observed(executor, "who").notes()).contains(
                "isolation: none on Slurm (no private mount or PID namespace), paths passed via environment",
                "user: uid %d of tenant tenant-a, without capabilities or new privileges".formatted(TENANT_A.uid()));
    }

    @Test
    void anInstanceReadsNeitherTheServersSecretsNorAnotherTenantsHomeOrInstance()
            throws IOException
    {
        // the server's home as the server leaves it: passable, the database closed, the key the server's alone
        Path server = temp.resolve("server");
        Files.setPosixFilePermissions(server, PosixFilePermissions.fromString("rwx--x--x"));
        Path secretKey = Files.writeString(server.resolve("secret.key"), "the-secret-key\n");
        Files.setPosixFilePermissions(secretKey, PosixFilePermissions.fromString("rw-------"));
        Path database = Files.createDirectories(server.resolve("db"));
        Files.writeString(database.resolve("meridian.mv.db"), "rows\n");
        Files.setPosixFilePermissions(database, PosixFilePermissions.fromString("rwx------"));

        // tenant b leaves a file in its home, a variable in its environment file and a file in its config
        Storage other = Workdirs.under(temp.resolve("work-b"));
        String secret = "b-" + UUID.randomUUID();
        InstanceSpec b = instance("b", Command.shell("echo \"$SECRET_OF_B\" > \"$HOME/private.txt\"; echo \"$SECRET_OF_B\" > \"$MERIDIAN_METRICS_FILE.txt\""), other)
                .withEnv(Map.of("SECRET_OF_B", secret))
                .withFiles(Map.of("hostfile", secret));
        assertThat(run(TENANT_B, b)).isEqualTo(new InstanceState.Succeeded());
        assertThat(other.home().resolve("private.txt")).hasContent(secret);
        InstanceDir bDir = dir("b");

        List<String> readTargets = List.of(secretKey.toString(), database.resolve("meridian.mv.db").toString(), other.home().resolve("private.txt").toString(),
                bDir.environment().toString(), bDir.config().resolve("hostfile").toString(), bDir.metrics() + ".txt", bDir.output().toString(), "/etc/shadow");
        List<String> listTargets = List.of(server.toString(), other.home().toString(), bDir.path().toString(), bDir.io().toString(), bDir.config().toString(),
                temp.resolve("server/runtime/instances").toString());
        List<String> writeTargets = List.of(other.home().resolve("planted").toString(), other.share().resolve("planted").toString(),
                bDir.io().resolve("heartbeat").toString(), server.resolve("planted").toString());
        StringBuilder script = new StringBuilder();
        readTargets.forEach(target -> script.append("cat '%s' > /dev/null 2>&1 && echo 'read %s' || echo 'refused %s'\n".formatted(target, target, target)));
        listTargets.forEach(target -> script.append("ls '%s' > /dev/null 2>&1 && echo 'listed %s' || echo 'refused %s'\n".formatted(target, target, target)));
        writeTargets.forEach(target -> script.append("touch '%s' 2> /dev/null && echo 'wrote %s' || echo 'refused %s'\n".formatted(target, target, target)));

        assertThat(run(TENANT_A, instance("a", Command.shell(script.toString()), Workdirs.under(temp.resolve("work-a"))))).isEqualTo(new InstanceState.Succeeded());

        List<String> lines = logText(executor, "a");
        assertThat(lines).hasSize(readTargets.size() + listTargets.size() + writeTargets.size()).allMatch(line -> line.startsWith("refused "));
        assertThat(other.home().resolve("planted")).doesNotExist();
        assertThat(server.resolve("planted")).doesNotExist();
    }

    @Test
    void anInstanceForgesNothingTheWrapperRecordsNorTheServerReads()
    {
        // its own directory: where the wrapper writes pid, exit and output.log, and the server slurm-job and stop-requested
        String script = """
                dir=$(dirname "$(dirname "$MERIDIAN_METRICS_FILE")")
                for file in exit pid output.log slurm-job slurm-node stop-requested instance.properties notes forged; do
                    (echo 0 > "$dir/$file") 2> /dev/null && echo "wrote $file" || echo "refused $file"
                done
                chmod 0777 "$dir" 2> /dev/null && echo 'opened dir' || echo 'refused dir'
                mv "$dir/io" "$dir/moved" 2> /dev/null && echo 'moved io' || echo 'refused io'
                exit 3
                """;
        assertThat(run(TENANT_A, instance("forger", Command.shell(script), Workdirs.under(temp.resolve("work-a")))))
                .isEqualTo(new InstanceState.Failed(3, "exited with code 3"));
        List<String> lines = logText(executor, "forger");
        assertThat(lines).hasSize(11).allMatch(line -> line.startsWith("refused "));
        assertThat(dir("forger").exitCode()).contains(3);
        assertThat(dir("forger").stopRequested()).isFalse();
        assertThat(dir("forger").path().resolve("forged")).doesNotExist();
    }

    @Test
    void anInstancesVariablesReachOnlyItsOwnProcessesNeverOneThatStaysRoot()
    {
        String secret = "token-" + UUID.randomUUID();
        executor.launch(new WorkloadLaunch("w-secret", TENANT_A, List.of(
                instance("secret", Command.shell("echo \"seen=$SECRET_TOKEN\"; exec sleep 60"), Workdirs.under(temp.resolve("work-a")))
                        .withEnv(Map.of("SECRET_TOKEN", secret)))));
        try {
            Poll.until(TIMEOUT, "the instance to print", () -> Optional.of(logText(executor, "secret")).filter(lines -> !lines.isEmpty()));
            assertThat(logText(executor, "secret")).containsExactly("seen=" + secret);

            // slurmstepd and, under it, the wrapper, the stamper and the instance's processes: Slurm's nodes run on this host
            ProcessHandle wrapper = ProcessHandle.of(dir("secret").leader().orElseThrow().pid()).orElseThrow();
            List<ProcessHandle> tree = Stream.concat(Stream.concat(wrapper.parent().stream(), Stream.of(wrapper)), wrapper.descendants()).toList();
            List<ProcessHandle> root = tree.stream().filter(process -> owner(process.pid()) == 0).toList();
            List<ProcessHandle> tenant = tree.stream().filter(process -> owner(process.pid()) == TENANT_A.uid()).toList();
            assertThat(root).as("slurmstepd and the wrapper stay root").hasSizeGreaterThanOrEqualTo(2);
            assertThat(tenant).as("the instance runs as its tenant").isNotEmpty();
            for (ProcessHandle process : root) {
                assertThat(read(Path.of("/proc", String.valueOf(process.pid()), "environ"))).as("environment of %s", process.info().command()).doesNotContain(secret);
                assertThat(read(Path.of("/proc", String.valueOf(process.pid()), "cmdline"))).as("command line of %s", process.info().command()).doesNotContain(secret);
            }
            assertThat(tenant).anySatisfy(process -> assertThat(read(Path.of("/proc", String.valueOf(process.pid()), "environ"))).contains(secret));
        }
        finally {
            executor.stop("secret").join();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"BASH_ENV", "ENV", "LD_PRELOAD", "LD_LIBRARY_PATH", "PATH", "PYTHONSTARTUP", "HOME"})
    void variablesThatRunCodeBeforeTheCommandAreRefusedAndNothingIsSubmitted(String name, SlurmLocal.Cluster cluster)
            throws IOException
    {
        Path marker = temp.resolve("marker");
        Path payload = Files.writeString(temp.resolve("payload.sh"), "touch " + marker + "\n");
        String value = name.startsWith("LD_") || name.equals("PATH") ? temp.toString() : "$(touch " + marker + ")" + payload;
        InstanceSpec spec = instance("env-" + name.toLowerCase(Locale.ROOT).replace('_', '-'), Command.argv("/bin/true"), Workdirs.under(temp.resolve("work-a")))
                .withEnv(Map.of(name, value));

        assertThatThrownBy(() -> executor.launch(new WorkloadLaunch("w-env", TENANT_A, List.of(spec))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(name);
        assertThat(marker).doesNotExist();
        assertThat(executor.observe()).isEmpty();
        assertThat(cluster.slurm("squeue", "-h", "-t", "all", "-o", "%j")).doesNotContain("meridian-w-env");
    }

    @Test
    void aLinkPlantedInTheHomeIsNeitherFollowedToCreateTheWorkingDirectoryNorWhenTheHomeIsHandedOver()
            throws IOException
    {
        Storage storage = Workdirs.under(temp.resolve("work-a"));
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Path outsideFile = Files.writeString(temp.resolve("outside.txt"), "root's\n");
        // what a job of an earlier run could have left in its home
        Files.createSymbolicLink(storage.home().resolve("project"), outside);
        Files.createSymbolicLink(storage.home().resolve("file"), outsideFile);

        InstanceSpec spec = instance("linked", Command.argv("/bin/true"), storage).withWorkingDir("/work/home/project/sub");
        assertThatThrownBy(() -> executor.launch(new WorkloadLaunch("w-linked", TENANT_A, List.of(spec))))
                .hasMessageContaining("symbolic link");
        assertThat(outside.resolve("sub")).doesNotExist();
        // the home went to the tenant's uid before the working directory was refused: the links, not their targets
        assertThat(Files.getAttribute(storage.home().resolve("file"), "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(TENANT_A.uid());
        assertThat(Files.getAttribute(outsideFile, "unix:uid")).isEqualTo(0);
        assertThat(Files.getAttribute(outside, "unix:uid")).isEqualTo(0);
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
