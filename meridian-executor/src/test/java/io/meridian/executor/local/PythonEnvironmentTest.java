package io.meridian.executor.local;

import io.meridian.executor.Command;
import io.meridian.executor.InstanceSpec;
import io.meridian.executor.InstanceState;
import io.meridian.executor.PythonEnvironment;
import io.meridian.executor.WorkloadLaunch;
import io.meridian.executor.instance.InstanceFiles;
import io.meridian.executor.local.LocalExecutorConfig.Isolation;
import io.meridian.executor.testing.Workdirs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.meridian.executor.local.Instances.awaitTerminal;
import static io.meridian.executor.local.Instances.logText;
import static io.meridian.executor.local.Instances.observed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An instance runs in the Python environment its spec names: a real virtual environment of Debian's interpreter,
 * made here without pip so that the test needs nothing from a package index.
 */
final class PythonEnvironmentTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String REPORT = String.join("\n",
            "echo \"path=$PATH\"",
            "echo \"venv=${VIRTUAL_ENV:-unset} python=$MERIDIAN_PYTHON environment=${MERIDIAN_ENVIRONMENT:-unset}\"",
            "echo \"which=$(command -v python || echo none)\"",
            "\"$MERIDIAN_PYTHON\" -c 'import sys; print(\"prefix=\" + sys.prefix + \" base=\" + sys.base_prefix)'",
            "if touch \"${VIRTUAL_ENV:-/usr}/written-by-the-instance\" 2> /dev/null; then echo writable; else echo read-only; fi");

    @TempDir
    Path temp;

    private PythonEnvironment virtualEnvironment()
            throws Exception
    {
        Path root = temp.resolve("environments/demo-1.0");
        Process venv = new ProcessBuilder("/usr/bin/python3", "-m", "venv", "--without-pip", root.toString()).inheritIO().start();
        assertThat(venv.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(venv.exitValue()).isZero();
        return new PythonEnvironment("demo-1.0", root);
    }

    @ParameterizedTest
    @EnumSource(value = Isolation.class, names = {"AUTO", "NONE"})
    void anInstanceRunsInItsEnvironmentAndAnotherWithTheSystemInterpreter(Isolation isolation)
            throws Exception
    {
        PythonEnvironment environment = virtualEnvironment();
        LocalExecutor executor = new LocalExecutor(TestConfigs.local(temp.resolve("runtime")).withIsolation(isolation));
        InstanceSpec inEnvironment = InstanceSpec.of("in-env", "worker", "node-1", Command.shell(REPORT), Workdirs.under(temp.resolve("work")))
                .withEnvironment(environment);
        InstanceSpec plain = InstanceSpec.of("plain", "worker", "node-1", Command.shell(REPORT), Workdirs.under(temp.resolve("work")));
        executor.launch(new WorkloadLaunch("job", List.of(inEnvironment, plain)));

        assertThat(awaitTerminal(executor, "in-env", TIMEOUT)).as(String.join("\n", logText(executor, "in-env"))).isEqualTo(new InstanceState.Succeeded());
        List<String> log = logText(executor, "in-env");
        // a shell command runs in a login bash: the profile's PATH, the environment's bin/ in front of it
        assertThat(log.getFirst()).startsWith("path=" + environment.bin() + ":");
        assertThat(log.subList(1, 4)).containsExactly(
                "venv=%s python=%s environment=demo-1.0".formatted(environment.root(), environment.python()),
                "which=" + environment.python(),
                "prefix=%s base=/usr".formatted(environment.root()));
        // under bubblewrap the environment is bound read-only; without it, only an instance of another uid cannot write
        if (executor.isIsolated() || executor.switchesUser()) {
            assertThat(log).endsWith("read-only");
            assertThat(environment.root().resolve("written-by-the-instance")).doesNotExist();
        }
        assertThat(observed(executor, "in-env").notes()).contains("python: environment demo-1.0 at %s (its bin/ first on PATH)".formatted(environment.root()));

        assertThat(awaitTerminal(executor, "plain", TIMEOUT)).isEqualTo(new InstanceState.Succeeded());
        assertThat(logText(executor, "plain").getFirst()).startsWith("path=/").doesNotContain(environment.root().toString());
        assertThat(logText(executor, "plain").subList(1, 4)).containsExactly(
                "venv=unset python=/usr/bin/python3 environment=unset",
                "which=none",
                "prefix=/usr base=/usr");
        assertThat(observed(executor, "plain").notes()).contains("python: /usr/bin/python3 (no environment: the system's interpreter and PATH)");
    }

    @Test
    void aCommandWithoutAShellFindsTheEnvironmentsProgramsFirst()
            throws Exception
    {
        PythonEnvironment environment = virtualEnvironment();
        LocalExecutor executor = new LocalExecutor(TestConfigs.local(temp.resolve("runtime")));
        executor.launch(new WorkloadLaunch("job", List.of(InstanceSpec.of("argv", "worker", "node-1",
                Command.argv("python", "-c", "import os, sys; print(sys.prefix); print(os.environ['PATH'])"), Workdirs.under(temp.resolve("work")))
                .withEnvironment(environment))));

        assertThat(awaitTerminal(executor, "argv", TIMEOUT)).as(String.join("\n", logText(executor, "argv"))).isEqualTo(new InstanceState.Succeeded());
        assertThat(logText(executor, "argv")).containsExactly(environment.root().toString(), environment.bin() + ":" + InstanceFiles.DEFAULT_PATH);
    }

    @Test
    void anEnvironmentThatIsNotInstalledIsRefusedBeforeAnythingStarts()
    {
        LocalExecutor executor = new LocalExecutor(TestConfigs.local(temp.resolve("runtime")));
        PythonEnvironment missing = new PythonEnvironment("pytorch-9.9.9", temp.resolve("environments/pytorch-9.9.9"));
        InstanceSpec fine = InstanceSpec.of("fine", "worker", "node-1", Command.shell("true"), Workdirs.under(temp.resolve("work")));

        assertThatThrownBy(() -> executor.launch(new WorkloadLaunch("job", List.of(fine, InstanceSpec.of("needs-env", "worker", "node-1", Command.shell("true"),
                Workdirs.under(temp.resolve("work"))).withEnvironment(missing)))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Python environment pytorch-9.9.9 is not installed: %s is missing (bin/meridian-env install creates the preset environments)"
                        .formatted(missing.python()));
        assertThat(executor.observe()).isEmpty();
        assertThat(Files.exists(temp.resolve("runtime/instances/fine"))).isFalse();
    }

    @Test
    void anEnvironmentIsAnAbsolutePathThatCanGoOnPath()
    {
        assertThatThrownBy(() -> new PythonEnvironment("demo", Path.of("relative/demo")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("environment root must be an absolute path: relative/demo");
        assertThatThrownBy(() -> new PythonEnvironment("demo", Path.of("/opt/a:b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("environment root must not contain ':' or a line break: /opt/a:b");
        assertThatThrownBy(() -> new PythonEnvironment("no/slash", Path.of("/opt/demo")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("environment name must match");
        assertThat(new PythonEnvironment("demo", Path.of("/opt/envs/../envs/demo")).python()).isEqualTo(Path.of("/opt/envs/demo/bin/python"));
    }
}
