package io.meridian.cleaning.dedup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyFileTest
{
    @TempDir
    Path dir;

    @Test
    void recordsAreReadBackInOrderAcrossBufferRefills()
            throws IOException
    {
        Path file = dir.resolve("a.keys");
        int count = 10_000;
        try (KeyFile.Writer writer = KeyFile.writer(file)) {
            for (long i = 0; i < count; i++) {
                writer.write(i * 0x9e3779b97f4a7c15L, -i, i);
            }
        }
        assertThat(KeyFile.records(file)).isEqualTo(count);
        try (KeyFile.Reader reader = KeyFile.reader(file)) {
            for (long i = 0; i < count; i++) {
                assertThat(reader.next()).isTrue();
                assertThat(new long[] {reader.key1, reader.key2, reader.row}).containsExactly(i * 0x9e3779b97f4a7c15L, -i, i);
            }
            assertThat(reader.next()).isFalse();
        }
    }

    @Test
    void theFormatIsBigEndianLongsAndATruncatedRecordIsAnError()
            throws IOException
    {
        Path file = dir.resolve("b.keys");
        try (KeyFile.Writer writer = KeyFile.writer(file)) {
            writer.write(1, 2, 3);
        }
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes[7]).isEqualTo((byte) 1);
        assertThat(bytes[23]).isEqualTo((byte) 3);
        Files.write(file, Arrays.copyOf(bytes, 30));
        try (KeyFile.Reader reader = KeyFile.reader(file)) {
            assertThat(reader.next()).isTrue();
            assertThatThrownBy(reader::next).isInstanceOf(EOFException.class);
        }
    }
}
