package io.meridian.executor.instance;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * One instance's directory under the runtime root. The wrapper writes {@code pid}, {@code exit} and
 * {@code output.log}; the executor writes the rest; the instance itself sees only {@code io/} (read-write:
 * metrics and heartbeat) and {@code config/} (read-only).
 */
public final class InstanceDir
{
    private final Path path;

    public record Leader(long pid, long startTicks) {}

    public InstanceDir(Path path)
    {
        this.path = requireNonNull(path, "path is null");
    }

    /**
     * Removes the directory and everything in it. Links the instance planted are removed, never followed
     * ({@link Files#walk} does not follow them).
     */
    public void delete()
    {
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path path()
    {
        return path;
    }

    public String instanceId()
    {
        return path.getFileName().toString();
    }

    public Path output()
    {
        return path.resolve("output.log");
    }

    public Path io()
    {
        return path.resolve("io");
    }

    public Path metrics()
    {
        return io().resolve("metrics.jsonl");
    }

    public Path heartbeat()
    {
        return io().resolve("heartbeat");
    }

    public Path config()
    {
        return path.resolve("config");
    }

    /** The instance's variables, NUL-separated {@code NAME=VALUE}: read by the instance's user only, never by a host process's environment. */
    public Path environment()
    {
        return path.resolve("environment");
    }

    public Path mounts()
    {
        return path.resolve("mount");
    }

    public Path wrapperErrors()
    {
        return path.resolve("wrapper.err");
    }

    public Properties properties()
    {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path.resolve("instance.properties"), UTF_8)) {
            properties.load(reader);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    public void writeProperties(Properties properties)
            throws IOException
    {
        Path temporary = path.resolve("instance.properties.tmp");
        try (Writer writer = Files.newBufferedWriter(temporary, UTF_8)) {
            properties.store(writer, "Meridian local instance");
        }
        Files.move(temporary, path.resolve("instance.properties"), StandardCopyOption.ATOMIC_MOVE);
    }

    public boolean isLaunched()
    {
        return Files.exists(path.resolve("instance.properties"));
    }

    public List<String> notes()
    {
        return readString("notes").map(String::lines).map(lines -> lines.toList()).orElse(List.of());
    }

    public void writeNotes(List<String> notes)
            throws IOException
    {
        Files.write(path.resolve("notes"), notes, UTF_8);
    }

    public Optional<Leader> leader()
    {
        return readString("pid").map(String::strip).filter(text -> !text.isEmpty()).map(text -> {
            String[] parts = text.split(" ");
            return new Leader(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
        });
    }

    public Optional<Integer> exitCode()
    {
        return readString("exit").map(String::strip).filter(text -> !text.isEmpty()).map(Integer::parseInt);
    }

    public void writeExitCode(int code)
            throws IOException
    {
        Path temporary = path.resolve("exit.tmp");
        Files.writeString(temporary, code + "\n");
        Files.move(temporary, path.resolve("exit"), StandardCopyOption.ATOMIC_MOVE);
    }

    public boolean stopRequested()
    {
        return Files.exists(path.resolve("stop-requested"));
    }

    public void requestStop()
    {
        try {
            Files.writeString(path.resolve("stop-requested"), Instant.now() + "\n");
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<Instant> lastHeartbeat()
    {
        try {
            // the instance owns io/: never follow a link it put there
            return Optional.of(Files.getLastModifiedTime(heartbeat(), LinkOption.NOFOLLOW_LINKS).toInstant());
        }
        catch (IOException e) {
            return Optional.empty();
        }
    }

    private Optional<String> readString(String name)
    {
        try {
            return Optional.of(Files.readString(path.resolve(name), UTF_8));
        }
        catch (NoSuchFileException e) {
            return Optional.empty();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
