package io.meridian.cleaning.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Shard {@code index} of {@code count}: the byte range {@code [start, end)} of a jsonl file, aligned to line boundaries,
 * so that separate processes (or threads) can each take one shard without talking to each other. The nominal cut
 * points are {@code size * i / count}; each moves forward to just after the next line break, so a line belongs to the
 * shard in which it starts and every process computes the same ranges from the file alone.
 */
public record Shard(int index, int count, long start, long end)
{
    public Shard
    {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("shard " + index + "/" + count + " does not exist");
        }
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("shard byte range [" + start + ", " + end + ") is empty or negative");
        }
    }

    public long length()
    {
        return end - start;
    }

    /**
     * Shard {@code index} of {@code count} of the file: reads only a little around its two cut points.
     */
    public static Shard of(Path file, int index, int count)
            throws IOException
    {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("--shard must be i/n with 0 <= i < n, got " + index + "/" + count);
        }
        long size = Files.size(file);
        return new Shard(index, count, cutPoint(file, size, index, count), cutPoint(file, size, index + 1, count));
    }

    public static List<Shard> plan(Path file, int count)
            throws IOException
    {
        List<Shard> shards = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            shards.add(of(file, i, count));
        }
        return List.copyOf(shards);
    }

    private static long cutPoint(Path file, long size, int i, int count)
            throws IOException
    {
        if (i == 0) {
            return 0;
        }
        if (i == count) {
            return size;
        }
        long nominal = size * i / count;
        if (nominal == 0) {
            return 0;
        }
        // the cut is after the first line break at or after nominal - 1: a line starting exactly at nominal stays whole
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(nominal - 1);
            long position = nominal - 1;
            byte[] buffer = new byte[8192];
            while (true) {
                int read = in.read(buffer);
                if (read < 0) {
                    return size;
                }
                for (int k = 0; k < read; k++) {
                    if (buffer[k] == '\n') {
                        return position + k + 1;
                    }
                }
                position += read;
            }
        }
    }
}
