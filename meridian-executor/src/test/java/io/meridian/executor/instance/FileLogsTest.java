package io.meridian.executor.instance;

import io.meridian.executor.LogChunk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

class FileLogsTest
{
    @TempDir
    Path directory;

    @Test
    void anOffsetPastTheEndIsAnEmptyTailEvenNearLongMaxValue()
            throws IOException
    {
        Files.writeString(directory.resolve("output.log"), "2024-01-01T00:00:00Z hello\n", UTF_8);
        FileLogs logs = new FileLogs(id -> new InstanceDir(directory));

        LogChunk far = logs.read("i", Long.MAX_VALUE, 65_536);
        LogChunk justPast = logs.read("i", 1_000, 65_536);

        assertThat(far.lines()).isEmpty();
        assertThat(far.nextOffset()).isEqualTo(Long.MAX_VALUE);
        assertThat(justPast.lines()).isEmpty();
        assertThat(logs.read("i", 0, 65_536).lines()).hasSize(1);
    }
}
