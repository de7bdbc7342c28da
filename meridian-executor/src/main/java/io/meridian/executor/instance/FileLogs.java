package io.meridian.executor.instance;

import io.meridian.executor.LogChunk;
import io.meridian.executor.LogLine;
import io.meridian.executor.LogQuery;
import io.meridian.executor.LogStore;
import io.meridian.executor.MetricsStore;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * Logs and metrics as the process backends (local, slurm) persist them: {@code output.log} with one UTC timestamp per line
 * (written by the instance wrapper) and the JSON lines of {@code metrics.jsonl}.
 */
public final class FileLogs
        implements LogStore
{
    private final Function<String, InstanceDir> instances;

    public FileLogs(Function<String, InstanceDir> instances)
    {
        this.instances = requireNonNull(instances, "instances is null");
    }

    @Override
    public LogChunk read(String instanceId, long offset, int maxBytes)
    {
        Lines lines = readLines(instances.apply(instanceId).output(), offset, maxBytes);
        List<LogLine> parsed = new ArrayList<>();
        Instant previous = Instant.EPOCH;
        for (String line : lines.lines()) {
            LogLine logLine = parse(line, previous);
            parsed.add(logLine);
            previous = logLine.time();
        }
        return new LogChunk(parsed, lines.nextOffset());
    }

    @Override
    public List<LogLine> query(String instanceId, LogQuery query)
    {
        Path output = instances.apply(instanceId).output();
        Deque<LogLine> matches = new ArrayDeque<>();
        if (!Files.exists(output)) {
            return List.of();
        }
        try (BufferedReader reader = Files.newBufferedReader(output, UTF_8)) {
            Instant previous = Instant.EPOCH;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                LogLine logLine = parse(line, previous);
                previous = logLine.time();
                if (query.matches(logLine)) {
                    if (matches.size() == query.limit()) {
                        matches.removeFirst();
                    }
                    matches.addLast(logLine);
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(matches);
    }

    public MetricsStore metrics()
    {
        return (instanceId, offset, maxBytes) -> {
            Lines lines = readLines(instances.apply(instanceId).metrics(), offset, maxBytes);
            return new MetricsStore.Chunk(lines.lines(), lines.nextOffset());
        };
    }

    private record Lines(List<String> lines, long nextOffset) {}

    /**
     * Complete lines from an offset. A line longer than {@code maxBytes} is returned in pieces so a reader always
     * makes progress; pieces end on a UTF-8 character boundary.
     */
    private static Lines readLines(Path file, long offset, int maxBytes)
    {
        if (offset < 0 || maxBytes <= 0) {
            throw new IllegalArgumentException("offset must be non-negative and maxBytes positive");
        }
        ByteBuffer buffer = ByteBuffer.allocate(maxBytes);
        // metrics.jsonl lies in io/, which the instance owns: a link there must not make the server read another file
        // (nor block on a pipe): anything but a regular file holds no metrics
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return new Lines(List.of(), offset);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            if (offset >= channel.size()) {
                // nothing there yet; also keeps offset + position from overflowing for offsets near Long.MAX_VALUE
                return new Lines(List.of(), offset);
            }
            while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) > 0) {
                // keep reading: one read may return less than what is there
            }
        }
        catch (NoSuchFileException e) {
            return new Lines(List.of(), offset);
        }
        catch (FileSystemException e) {
            // replaced by a link between the look and the open (ELOOP)
            return new Lines(List.of(), offset);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] bytes = buffer.array();
        int length = buffer.position();
        int end = length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        if (end == 0) {
            if (length < maxBytes) {
                return new Lines(List.of(), offset);
            }
            end = length;
            // do not split a multi-byte character: back off over continuation bytes and the lead byte
            while (end > 0 && (bytes[end - 1] & 0xC0) == 0x80) {
                end--;
            }
            if (end > 0 && (bytes[end - 1] & 0x80) != 0) {
                end--;
            }
            if (end == 0) {
                end = length;
            }
            return new Lines(List.of(new String(bytes, 0, end, UTF_8)), offset + end);
        }
        return new Lines(new String(bytes, 0, end - 1, UTF_8).lines().toList(), offset + end);
    }

    /**
     * Parses {@code 2026-01-02T03:04:05.123456Z text}; a line without a timestamp (none should exist) keeps the
     * previous line's time.
     */
    public static LogLine parse(String line, Instant previous)
    {
        int space = line.indexOf(' ');
        if (space > 0) {
            try {
                return new LogLine(Instant.parse(line.substring(0, space)), line.substring(space + 1));
            }
            catch (DateTimeParseException ignored) {
                // not stamped; fall through
            }
        }
        return new LogLine(previous, line);
    }
}
