package io.meridian.server.platform.archive;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared extractor's limits, counted on what is really inflated while streaming, for zip and tar.gz alike. */
class ArchivesTest
{
    private static final ArchiveLimits GENEROUS = new ArchiveLimits(1L << 30, 1000, 1000, 0);

    @TempDir
    Path directory;

    @Test
    void extractionStopsAtTheExpandedSizeLimitEvenWhenNoHeaderStatesASize()
            throws IOException
    {
        // deflated entries streamed with data descriptors: the local headers claim size 0
        Path archive = zip("big.bin", 3 * 1024 * 1024);

        assertThatThrownBy(() -> Archives.extract(archive, Archives.Format.ZIP, directory.resolve("out"), new ArchiveLimits(1024 * 1024, 1000, 10_000, 0)))
                .isInstanceOfSatisfying(ArchiveLimitException.class, e -> {
                    assertThat(e.code()).isEqualTo("archive.limit.bytes");
                    assertThat(e.args()).containsExactly(1L);
                });
        // it stopped at the limit: never more than one buffer past it
        assertThat(Files.size(directory.resolve("out/big.bin"))).isLessThanOrEqualTo(1024 * 1024 + 64 * 1024);
    }

    @Test
    void directoriesCountAsEntries()
            throws IOException
    {
        Path archive = directory.resolve("dirs.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive))) {
            for (int i = 0; i < 11; i++) {
                zip.putNextEntry(new ZipEntry("d" + i + "/"));
                zip.closeEntry();
            }
        }

        assertThatThrownBy(() -> Archives.extract(archive, Archives.Format.ZIP, directory.resolve("out"), new ArchiveLimits(1 << 20, 10, 100, 0)))
                .isInstanceOfSatisfying(ArchiveLimitException.class, e -> assertThat(e.code()).isEqualTo("archive.limit.entries"));
    }

    @Test
    void aTarGzBombIsRefusedByItsCompressionRatio()
            throws IOException
    {
        Path archive = directory.resolve("bomb.tar.gz");
        int size = 32 * 1024 * 1024;
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(archive))) {
            out.write(tarHeader("zeros.bin", size, '0'));
            byte[] block = new byte[1024 * 1024];
            for (int i = 0; i < size / block.length; i++) {
                out.write(block);
            }
            out.write(new byte[1024]);
        }

        assertThat(Archives.detect(archive)).isEqualTo(Archives.Format.TAR_GZ);
        assertThatThrownBy(() -> Archives.extract(archive, Archives.Format.TAR_GZ, directory.resolve("out"), new ArchiveLimits(1L << 30, 1000, 100, 1024 * 1024)))
                .isInstanceOfSatisfying(ArchiveLimitException.class, e -> assertThat(e.code()).isEqualTo("archive.limit.ratio"));
    }

    @Test
    void linksAndEscapingPathsAreStillRefused()
            throws IOException
    {
        Path link = directory.resolve("link.tar");
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        tar.write(tarHeader("evil", 0, '2'));
        tar.write(new byte[1024]);
        Files.write(link, tar.toByteArray());

        assertThatThrownBy(() -> Archives.extract(link, Archives.Format.TAR, directory.resolve("out"), GENEROUS))
                .isInstanceOf(Archives.UnsafeEntryException.class);
        assertThatThrownBy(() -> Archives.resolve(directory, "../outside")).isInstanceOf(Archives.UnsafeEntryException.class);
        assertThatThrownBy(() -> Archives.resolve(directory, "/etc/passwd")).isInstanceOf(Archives.UnsafeEntryException.class);
    }

    @Test
    void readStreamsEveryFileWithItsNormalizedNameWithoutWritingAnything()
            throws IOException
    {
        Path archive = directory.resolve("two.tar");
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        byte[] first = "0123456789".repeat(100).getBytes(StandardCharsets.UTF_8);
        tar.write(tarHeader("data/./first.jsonl", first.length, '0'));
        tar.write(first);
        tar.write(new byte[512 - first.length % 512]);
        tar.write(tarHeader("second.txt", 3, '0'));
        tar.write("abc".getBytes(StandardCharsets.UTF_8));
        tar.write(new byte[509]);
        tar.write(new byte[1024]);
        Files.write(archive, tar.toByteArray());
        Map<String, String> read = new LinkedHashMap<>();

        // the sink reads only the start of the first entry: the rest is skipped, the second entry is still found
        int files = Archives.read(archive, Archives.Format.TAR, GENEROUS,
                (name, content) -> read.put(name, new String(content.readNBytes(4), StandardCharsets.UTF_8)));

        assertThat(files).isEqualTo(2);
        assertThat(read).containsExactly(Map.entry("data/first.jsonl", "0123"), Map.entry("second.txt", "abc"));
        try (Stream<Path> written = Files.list(directory)) {
            assertThat(written).containsExactly(archive);
        }
    }

    @Test
    void readRefusesWhatExtractRefuses()
            throws IOException
    {
        Path escaping = directory.resolve("escaping.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(escaping))) {
            zip.putNextEntry(new ZipEntry("../../outside.jsonl"));
            zip.write('x');
            zip.closeEntry();
        }

        assertThatThrownBy(() -> Archives.read(escaping, Archives.Format.ZIP, GENEROUS, (name, content) -> {
            throw new AssertionError("handed out " + name);
        }))
                .isInstanceOfSatisfying(Archives.UnsafeEntryException.class, e -> assertThat(e.entry()).isEqualTo("../../outside.jsonl"));
    }

    private Path zip(String name, int zeros)
            throws IOException
    {
        Path archive = directory.resolve(name + ".zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive))) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(new byte[zeros]);
            zip.closeEntry();
        }
        return archive;
    }

    /** A ustar header block: name, size in octal, type, checksum. */
    private static byte[] tarHeader(String name, long size, char type)
    {
        byte[] header = new byte[512];
        put(header, 0, name);
        put(header, 100, "0000644");
        put(header, 124, String.format("%011o", size));
        put(header, 136, String.format("%011o", 0));
        header[156] = (byte) type;
        put(header, 257, "ustar");
        put(header, 263, "00");
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        int sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, String.format("%06o", sum));
        header[154] = 0;
        return header;
    }

    private static void put(byte[] header, int offset, String value)
    {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
