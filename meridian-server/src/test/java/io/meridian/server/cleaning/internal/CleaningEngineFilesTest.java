package io.meridian.server.cleaning.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What cleaning instances run and how they are told: the engine's jar found inside a packaged boot jar, and a command
 * and pipeline made of fixed text, enum names and numbers only.
 */
class CleaningEngineFilesTest
{
    @TempDir
    Path directory;

    @Test
    void aJarNestedInTheBootJarIsReadOutOfIt()
            throws IOException
    {
        byte[] engine = "the engine's jar".getBytes(StandardCharsets.UTF_8);
        Path boot = directory.resolve("meridian-server.jar");
        try (OutputStream out = Files.newOutputStream(boot); ZipOutputStream zip = new ZipOutputStream(out)) {
            // Spring Boot stores nested jars uncompressed
            ZipEntry entry = new ZipEntry("BOOT-INF/lib/meridian-cleaning-0.1.0-SNAPSHOT.jar");
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(engine.length);
            CRC32 crc = new CRC32();
            crc.update(engine);
            entry.setCrc(crc.getValue());
            zip.putNextEntry(entry);
            zip.write(engine);
            zip.closeEntry();
        }
        Path target = directory.resolve("meridian-cleaning.jar");

        CleaningEngineFiles.copyNested("jar:nested:" + boot + "/!BOOT-INF/lib/meridian-cleaning-0.1.0-SNAPSHOT.jar!/", target);

        assertThat(target).hasBinaryContent(engine);
        assertThatThrownBy(() -> CleaningEngineFiles.copyNested("jar:nested:" + boot + "/!BOOT-INF/lib/other.jar!/", target))
                .hasMessageContaining("no BOOT-INF/lib/other.jar");
        assertThatThrownBy(() -> CleaningEngineFiles.copyNested("http://example.com/x.jar", target)).hasMessageContaining("neither a file");
    }

    @Test
    void theCommandHoldsNumbersAndFixedPathsAndThePipelineOnlyEnumNamesAndNumbers()
    {
        String command = CleaningOwner.command("ds-abc123", 3);
        assertThat(command).contains("--shard \"$SHARD/3\"", "--merge 3", "/dataset/ds-abc123/published/data.jsonl");
        assertThatThrownBy(() -> CleaningOwner.command("ds-x\"; rm -rf /", 1)).isInstanceOf(IllegalArgumentException.class);

        CleaningDefinition definition = new CleaningDefinition("ws-1", "ct-1", "任务", "ds-1", "ds-2", List.of("instruction", "output"),
                List.of(OperatorChoice.of(CleaningOperator.HTML), new OperatorChoice(CleaningOperator.LENGTH, 5, 100, null),
                        new OperatorChoice(CleaningOperator.NEAR_DEDUP, null, null, 0.8)),
                "c-1", "q-1", "CPU_8C-内存_16G", 1, 3);
        assertThat(CleaningOwner.pipeline(definition)).isEqualTo("{\"fields\":[\"instruction\",\"output\"],\"process\":[{\"clean_html_mapper\":{}},"
                + "{\"text_length_filter\":{\"min_len\":5,\"max_len\":100}},{\"document_minhash_deduplicator\":{\"jaccard_threshold\":0.8}}]}");
    }
}
