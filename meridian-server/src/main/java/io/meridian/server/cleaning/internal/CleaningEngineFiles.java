package io.meridian.server.cleaning.internal;

import io.meridian.cleaning.CleaningMain;
import io.meridian.server.platform.config.MeridianProperties;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static java.util.Objects.requireNonNull;

/**
 * What a cleaning instance runs: this server's own Java runtime and the engine's jars, the same ones the server loaded
 * ({@code meridian-cleaning} and SnakeYAML, which reads its pipeline spec). The jars are copied once per server start
 * into {@code $MERIDIAN_HOME/engines/cleaning}: from {@code target/classes} (zipped) or the jar in {@code ~/.m2} when
 * the server runs from its build, and out of {@code BOOT-INF/lib} when it runs as the packaged boot jar. Both
 * directories are mounted read-only into the instances at {@code /work/mount/code/meridian-java} and
 * {@code /work/mount/code/meridian-cleaning}, so the command works in the sandbox and without it; on Slurm both must be
 * on the file system the nodes share (docs/features/cleaning.md).
 */
@Component
class CleaningEngineFiles
{
    static final String JAVA_MOUNT = "meridian-java";
    static final String ENGINE_MOUNT = "meridian-cleaning";
    /** {@code jar:nested:<boot jar>/!<entry>!/}, as Spring Boot's loader names a nested jar. */
    private static final Pattern NESTED = Pattern.compile("(?:jar:)?nested:(.+?)/!(BOOT-INF/lib/[^!]+\\.jar)(?:!/?)?");

    private final Path engineDirectory;
    private boolean prepared;

    CleaningEngineFiles(MeridianProperties properties)
    {
        this.engineDirectory = requireNonNull(properties, "properties is null").home().resolve("engines").resolve("cleaning");
    }

    /** The Java home the instances run the engine with: the server's own. */
    Path javaHome()
    {
        return Path.of(System.getProperty("java.home"));
    }

    /** The directory holding the engine's jars, filled on first use after a start. */
    synchronized Path engineDirectory()
    {
        if (!prepared) {
            try {
                Files.createDirectories(engineDirectory);
                copyJar(CleaningMain.class, "meridian-cleaning.jar");
                copyJar(Yaml.class, "snakeyaml.jar");
            }
            catch (IOException e) {
                throw new UncheckedIOException("cannot prepare the cleaning engine in " + engineDirectory, e);
            }
            prepared = true;
        }
        return engineDirectory;
    }

    /** Writes the jar {@code type} was loaded from to {@code name}, replacing it by a rename so that running instances keep theirs. */
    private void copyJar(Class<?> type, String name)
            throws IOException
    {
        URL location = type.getProtectionDomain().getCodeSource().getLocation();
        Path target = engineDirectory.resolve(name);
        Path temporary = engineDirectory.resolve(name + ".tmp");
        if (location.getProtocol().equals("file")) {
            Path source = path(location);
            if (Files.isDirectory(source)) {
                zip(source, temporary);
            }
            else {
                Files.copy(source, temporary, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        else {
            copyNested(location.toString(), temporary);
        }
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The boot jar's case: {@code jar:nested:/srv/meridian.jar/!BOOT-INF/lib/x.jar!/} names a jar stored inside the
     * boot jar, which is read out of it as a zip entry (Spring Boot stores nested jars uncompressed), without relying
     * on the loader's URL handlers.
     */
    static void copyNested(String location, Path target)
            throws IOException
    {
        Matcher nested = NESTED.matcher(location);
        if (!nested.matches()) {
            throw new IOException("cannot find the jar of " + location + ": neither a file nor a jar nested in the boot jar");
        }
        try (ZipFile boot = new ZipFile(nested.group(1))) {
            ZipEntry entry = boot.getEntry(nested.group(2));
            if (entry == null) {
                throw new IOException("no " + nested.group(2) + " in " + nested.group(1));
            }
            try (InputStream in = boot.getInputStream(entry)) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static Path path(URL location)
    {
        try {
            return Path.of(location.toURI());
        }
        catch (URISyntaxException e) {
            throw new IllegalStateException("cannot read the location " + location, e);
        }
    }

    private static void zip(Path classes, Path jar)
            throws IOException
    {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Path file : files) {
                zip.putNextEntry(new ZipEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
    }
}
