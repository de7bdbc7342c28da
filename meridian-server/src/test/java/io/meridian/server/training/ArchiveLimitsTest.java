package io.meridian.server.training;

import io.meridian.server.platform.config.MeridianProperties;
import io.meridian.server.testing.ApiClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Archive bombs uploaded as code packages are refused while they are extracted, with the limit and its numbers, and
 * leave nothing on disk. The bombs are made here, small on the wire: never shipped.
 */
class ArchiveLimitsTest
        extends TrainingTestSupport
{
    @Autowired
    MeridianProperties properties;

    @Test
    void aZipOfAHundredThousandEntriesIsRefusedAndNothingIsKept()
            throws IOException
    {
        List<String> before = codeDirectory();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < 100_000; i++) {
                zip.putNextEntry(new ZipEntry("f/" + i));
                zip.closeEntry();
            }
        }

        ApiClient.Response refused = uploadCodePackage(admin, unique("many"), bytes.toByteArray());

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.fieldErrors()).containsExactly("file:archive.limit.entries");
        assertThat(refused.json().path("errors").get(0).path("message").asString()).contains("20,000");
        assertThat(codeDirectory()).isEqualTo(before);
    }

    @Test
    void aHighlyCompressibleEntryIsRefusedByItsRatioLongBeforeItFillsTheDisk()
            throws IOException
    {
        List<String> before = codeDirectory();
        // 128 MiB of zeros deflate to about 128 KB: a ratio near 1000, where source code compresses a few times
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("train.py"));
            zip.write("print('hi')\n".getBytes());
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("zeros.bin"));
            byte[] block = new byte[1024 * 1024];
            for (int i = 0; i < 128; i++) {
                zip.write(block);
            }
            zip.closeEntry();
        }
        assertThat(bytes.size()).isLessThan(1024 * 1024);

        ApiClient.Response refused = uploadCodePackage(admin, unique("bomb"), bytes.toByteArray());

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.fieldErrors()).containsExactly("file:archive.limit.ratio");
        assertThat(refused.json().path("errors").get(0).path("message").asString()).contains("100 times");
        assertThat(codeDirectory()).isEqualTo(before);
    }

    @Test
    void anOrdinaryPackageStillExtracts()
    {
        ApiClient.Response uploaded = uploadCodePackage(admin, unique("fine"), zip(Map.of("train.py", "print('hi')\n".repeat(10_000))));

        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
    }

    /** What the code-package directory holds (new packages of other tests aside, nothing of a refused upload). */
    private List<String> codeDirectory()
            throws IOException
    {
        Path directory = properties.home().resolve("storage/code");
        if (!Files.exists(directory)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(path -> path.getFileName().toString()).filter(name -> name.startsWith(".")).sorted().toList();
        }
    }
}
