package io.meridian.server.platform.i18n;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/** Every message a person reads exists in both languages: each feature's bundle and its zh_CN twin have the same keys. */
class MessageBundlesTest
{
    private static final Path BUNDLES = Path.of("src/main/resources/messages");

    @Test
    void everyKeyHasBothLanguages()
            throws IOException
    {
        List<Path> english;
        try (Stream<Path> files = Files.list(BUNDLES)) {
            english = files.filter(file -> !file.getFileName().toString().contains("_")).sorted().toList();
        }
        assertThat(english).isNotEmpty();
        for (Path bundle : english) {
            Path chinese = bundle.resolveSibling(bundle.getFileName().toString().replace(".properties", "_zh_CN.properties"));
            assertThat(load(chinese).stringPropertyNames()).as(chinese.toString()).isEqualTo(load(bundle).stringPropertyNames());
        }
    }

    private static Properties load(Path file)
            throws IOException
    {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }
}
