package io.meridian.scheduler;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The library's packages depend one way, as Kueue separates its scheduler: pending queues and the usage snapshot know
 * only the model, preemption reads the snapshot, and only the admission cycle puts them together.
 */
class PackageLayersTest
{
    private static final Path SOURCES = Path.of("src/main/java/io/meridian/scheduler");
    private static final Pattern IMPORT = Pattern.compile("^import io\\.meridian\\.scheduler\\.(?:([a-z]+)\\.)?[A-Z]\\w*;", Pattern.MULTILINE);
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "model", Set.of(),
            "state", Set.of("model"),
            "placement", Set.of("model", "state"),
            "queue", Set.of("model"),
            "cache", Set.of("model"),
            "preemption", Set.of("model", "cache"),
            "admission", Set.of("model", "state", "placement", "queue", "cache", "preemption"),
            "trace", Set.of("model", "state", "placement"));

    @Test
    void packagesDependOnlyDownwards()
            throws IOException
    {
        Map<String, Set<String>> actual = new HashMap<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(SOURCES)) {
            files = walk.filter(path -> path.toString().endsWith(".java")).toList();
        }
        for (Path file : files) {
            Path relative = SOURCES.relativize(file);
            String from = relative.getNameCount() == 1 ? "" : relative.getName(0).toString();
            Matcher imports = IMPORT.matcher(Files.readString(file));
            while (imports.find()) {
                String to = imports.group(1) == null ? "" : imports.group(1);
                if (!to.equals(from)) {
                    actual.computeIfAbsent(from, ignored -> new TreeSet<>()).add(to);
                }
            }
        }
        assertThat(actual).containsKey("admission");
        ALLOWED.forEach((layer, allowed) -> assertThat(actual.getOrDefault(layer, Set.of())).as(layer).isSubsetOf(allowed));
    }
}
