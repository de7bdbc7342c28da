package io.meridian.cleaning.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShardTest
{
    @TempDir
    Path dir;

    @Test
    void shardsCoverEveryLineExactlyOnceForAnyCount()
            throws IOException
    {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            lines.add("{\"n\":" + i + ",\"t\":\"" + "中文".repeat(i % 7) + "\"}");
        }
        Path file = dir.resolve("in.jsonl");
        // no line break after the last line, and one CRLF line
        Files.writeString(file, String.join("\n", lines).replaceFirst("\n", "\r\n"), StandardCharsets.UTF_8);
        for (int count : new int[] {1, 2, 3, 7, 64, 500}) {
            List<String> read = new ArrayList<>();
            long previousEnd = 0;
            for (Shard shard : Shard.plan(file, count)) {
                assertThat(shard.start()).isEqualTo(previousEnd);
                previousEnd = shard.end();
                try (LineReader reader = new LineReader(file, shard)) {
                    String line;
                    while ((line = reader.next()) != null) {
                        read.add(line);
                    }
                }
            }
            assertThat(previousEnd).isEqualTo(Files.size(file));
            assertThat(read).as("%d shards", count).isEqualTo(lines);
        }
    }

    @Test
    void aProcessComputesItsShardFromTheFileAlone()
            throws IOException
    {
        Path file = dir.resolve("in.jsonl");
        Files.writeString(file, "{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n");
        assertThat(Shard.of(file, 1, 3)).isEqualTo(Shard.plan(file, 3).get(1));
        assertThatThrownBy(() -> Shard.of(file, 3, 3)).hasMessageContaining("--shard must be i/n with 0 <= i < n, got 3/3");
    }

    @Test
    void linesLongerThanTheBufferAreRead()
            throws IOException
    {
        Path file = dir.resolve("long.jsonl");
        String longLine = "{\"t\":\"" + "x".repeat(3_000_000) + "\"}";
        Files.writeString(file, "{}\n" + longLine + "\n\n{}\n");
        try (LineReader reader = new LineReader(file, Shard.of(file, 0, 1))) {
            assertThat(reader.next()).isEqualTo("{}");
            assertThat(reader.next()).isEqualTo(longLine);
            assertThat(reader.next()).as("empty lines are skipped").isEqualTo("{}");
            assertThat(reader.lineStart()).isEqualTo(Files.size(file) - 3);
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void eachLineKnowsWhereItAndTheNextLineStartInTheFile()
            throws IOException
    {
        Path file = dir.resolve("offsets.jsonl");
        Files.writeString(file, "{}\r\r\n{\"a\":1}\n{}");
        try (LineReader reader = new LineReader(file, Shard.of(file, 0, 1))) {
            assertThat(reader.next()).as("one trailing \\r is dropped").isEqualTo("{}\r");
            assertThat(reader.lineStart()).isEqualTo(0);
            assertThat(reader.lineEnd()).isEqualTo(5);
            assertThat(reader.next()).isEqualTo("{\"a\":1}");
            assertThat(reader.lineEnd()).isEqualTo(13);
            assertThat(reader.next()).isEqualTo("{}");
            assertThat(reader.lineEnd()).as("the last line has no break").isEqualTo(15);
        }
    }
}
