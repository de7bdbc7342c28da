package io.meridian.executor.local;

import io.meridian.executor.testing.Environments;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the Python specification of the meridian_runtime helper (meridian-runtime-py/tests) with the interpreter of
 * the preset environment {@code pytorch}: its checkpoints are torch's files.
 */
final class RuntimePythonTest
{
    @Test
    void pythonHelperMeetsItsSpecification()
            throws Exception
    {
        Path python = Environments.preset("pytorch").python();
        ProcessBuilder builder = new ProcessBuilder(python.toString(), "-m", "unittest", "discover", "-s", "tests", "-v")
                .directory(Path.of("..", "meridian-runtime-py").toFile())
                .redirectErrorStream(true);
        // keep the source tree free of __pycache__
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("Ran 13 tests", "OK");
    }
}
