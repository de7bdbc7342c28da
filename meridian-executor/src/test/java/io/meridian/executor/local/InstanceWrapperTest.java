package io.meridian.executor.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The bash wrapper on its own, for what the executor cannot provoke on demand.
 */
final class InstanceWrapperTest
{
    @Test
    void aStopRequestedBeforeTheWrapperRanKeepsTheCommandFromStarting(@TempDir Path temp)
            throws Exception
    {
        Path root = temp.resolve("runtime");
        new LocalExecutor(TestConfigs.local(root));
        Path dir = Files.createDirectories(temp.resolve("instance"));
        Files.writeString(dir.resolve("stop-requested"), "");
        Path marker = temp.resolve("ran");

        Process wrapper = new ProcessBuilder("/bin/bash", root.resolve("bin/meridian-instance.sh").toString(), dir.toString(), "touch", marker.toString())
                .redirectErrorStream(true)
                .start();

        assertThat(wrapper.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(wrapper.exitValue()).isEqualTo(143);
        assertThat(dir.resolve("exit")).hasContent("143");
        assertThat(dir.resolve("pid")).exists();
        assertThat(marker).doesNotExist();
    }

    /**
     * Both stampers write the same lines: Perl's (reading the pipe in blocks) where Perl has Time::HiRes, and the bash
     * loop on a host without Perl, which the test stands for with a PATH that has no perl on it.
     */
    @ParameterizedTest(name = "with Perl: {0}")
    @ValueSource(booleans = {true, false})
    void recordsTheExitCodeAndStampsEveryLine(boolean perl, @TempDir Path temp)
            throws Exception
    {
        Path root = temp.resolve("runtime");
        new LocalExecutor(TestConfigs.local(root));
        Path dir = Files.createDirectories(temp.resolve("instance"));
        ProcessBuilder builder = new ProcessBuilder("/bin/bash", root.resolve("bin/meridian-instance.sh").toString(), dir.toString(),
                "sh", "-c", "echo out; echo err >&2; printf 'no newline at the end'; exit 4")
                .redirectErrorStream(true);
        if (perl) {
            assumeTrue(new ProcessBuilder("perl", "-MPOSIX", "-MTime::HiRes", "-e", "1").start().waitFor() == 0, "no Perl with Time::HiRes here");
        }
        else {
            Path bin = Files.createDirectories(temp.resolve("bin-without-perl"));
            for (String tool : List.of("sh", "mv")) {
                Files.createSymbolicLink(bin.resolve(tool), Path.of("/bin", tool).toRealPath());
            }
            builder.environment().put("PATH", bin.toString());
        }

        Process wrapper = builder.start();

        assertThat(wrapper.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(wrapper.exitValue()).isEqualTo(4);
        assertThat(dir.resolve("exit")).hasContent("4");
        List<String> lines = Files.readAllLines(dir.resolve("output.log"));
        assertThat(lines).allMatch(line -> line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z .*"));
        assertThat(lines).extracting(line -> line.substring(line.indexOf(' ') + 1)).containsExactly("out", "err", "no newline at the end");
    }
}
