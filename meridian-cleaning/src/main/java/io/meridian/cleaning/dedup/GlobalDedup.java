package io.meridian.cleaning.dedup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The global step of de-duplication across shards, with memory bounded by a budget rather than by the input.
 *
 * <p>Each shard spilled its keys in row order ({@link KeyFile}): the exact de-duplicator one 128-bit content hash per
 * row, MinHash one key per LSH band per row. Here the keys are partitioned by hash into as many bucket files as it
 * takes for one bucket to fit the budget, reading the shards in order so every bucket holds its keys in global row
 * order (shard, then row); each bucket is then read into an open-addressing table that remembers the first row of
 * each key. For exact de-duplication a later row whose key was seen is dropped: the first occurrence is kept. For
 * MinHash two rows sharing a band key are candidates joined in a union-find over the rows that have candidates (only
 * those are held in memory); every row but the first of each connected component is dropped, as Data-Juicer does.
 * Rows already dropped as exact duplicates take no part in the MinHash step.
 *
 * <p>A row is named globally as {@code shard << 40 | row}.
 */
public final class GlobalDedup
{
    private final Path workDir;
    private final int shardCount;
    private final long memoryBudgetBytes;

    public GlobalDedup(Path workDir, int shardCount, long memoryBudgetBytes)
    {
        this.workDir = requireNonNull(workDir, "workDir is null");
        this.shardCount = shardCount;
        this.memoryBudgetBytes = memoryBudgetBytes;
    }

    public static long globalRow(int shard, long row)
    {
        return ((long) shard << 40) | row;
    }

    public static Path exactKeys(Path workDir, int shard)
    {
        return workDir.resolve("exact-" + shard + ".keys");
    }

    public static Path minHashKeys(Path workDir, int shard)
    {
        return workDir.resolve("minhash-" + shard + ".keys");
    }

    /**
     * The global rows that exact de-duplication drops, sorted.
     */
    public long[] exactDrops()
            throws IOException
    {
        LongList drops = new LongList();
        forEachBucket("exact", shard -> exactKeys(workDir, shard), (bucket, count) -> {
            KeyTable table = new KeyTable(count);
            while (bucket.next()) {
                long first = table.putIfAbsent(bucket.key1, bucket.key2, bucket.row);
                if (first >= 0) {
                    drops.add(bucket.row);
                }
            }
        });
        return drops.sorted();
    }

    /**
     * The global rows that MinHash near-duplicate removal drops, sorted, not counting rows in {@code alreadyDropped}.
     */
    public long[] minHashDrops(long[] alreadyDropped)
            throws IOException
    {
        Map<Long, Long> parent = new HashMap<>();
        forEachBucket("minhash", shard -> minHashKeys(workDir, shard), (bucket, count) -> {
            KeyTable table = new KeyTable(count);
            while (bucket.next()) {
                if (Arrays.binarySearch(alreadyDropped, bucket.row) >= 0) {
                    continue;
                }
                long first = table.putIfAbsent(bucket.key1, bucket.key2, bucket.row);
                if (first >= 0 && first != bucket.row) {
                    union(parent, first, bucket.row);
                }
            }
        });
        LongList drops = new LongList();
        for (Long row : parent.keySet()) {
            if (find(parent, row) != row) {
                drops.add(row);
            }
        }
        return drops.sorted();
    }

    private static long find(Map<Long, Long> parent, long row)
    {
        long root = row;
        while (true) {
            Long up = parent.get(root);
            if (up == null || up == root) {
                break;
            }
            root = up;
        }
        // path compression
        long node = row;
        while (node != root) {
            long up = parent.get(node);
            parent.put(node, root);
            node = up;
        }
        return root;
    }

    private static void union(Map<Long, Long> parent, long a, long b)
    {
        parent.putIfAbsent(a, a);
        parent.putIfAbsent(b, b);
        long rootA = find(parent, a);
        long rootB = find(parent, b);
        if (rootA == rootB) {
            return;
        }
        // the smaller row (the earlier one) is the root: it is the one kept
        if (rootA < rootB) {
            parent.put(rootB, rootA);
        }
        else {
            parent.put(rootA, rootB);
        }
    }

    private interface ShardFile
    {
        Path of(int shard);
    }

    private interface BucketConsumer
    {
        void accept(KeyFile.Reader bucket, long records)
                throws IOException;
    }

    private void forEachBucket(String kind, ShardFile shardFile, BucketConsumer consumer)
            throws IOException
    {
        long records = 0;
        for (int shard = 0; shard < shardCount; shard++) {
            records += KeyFile.records(shardFile.of(shard));
        }
        // a bucket's table takes 25 bytes per slot and up to 4 slots per record (twice the records, rounded up to a
        // power of two)
        long perBucket = Math.max(1024, memoryBudgetBytes / 100);
        int buckets = (int) Math.max(1, (records + perBucket - 1) / perBucket);
        List<Path> bucketFiles = new ArrayList<>(buckets);
        List<KeyFile.Writer> writers = new ArrayList<>(buckets);
        try {
            for (int i = 0; i < buckets; i++) {
                Path path = workDir.resolve(kind + "-bucket-" + i + ".keys");
                bucketFiles.add(path);
                writers.add(KeyFile.writer(path));
            }
            for (int shard = 0; shard < shardCount; shard++) {
                Path path = shardFile.of(shard);
                if (!Files.exists(path)) {
                    continue;
                }
                try (KeyFile.Reader reader = KeyFile.reader(path)) {
                    while (reader.next()) {
                        int bucket = buckets == 1 ? 0 : (int) Long.remainderUnsigned(Hashing.mix(reader.key1, reader.key2), buckets);
                        writers.get(bucket).write(reader.key1, reader.key2, globalRow(shard, reader.row));
                    }
                }
            }
        }
        finally {
            for (KeyFile.Writer writer : writers) {
                writer.close();
            }
        }
        for (Path path : bucketFiles) {
            try (KeyFile.Reader reader = KeyFile.reader(path)) {
                consumer.accept(reader, KeyFile.records(path));
            }
            Files.delete(path);
        }
    }

    /**
     * Open addressing from a 128-bit key to the first row that had it.
     */
    private static final class KeyTable
    {
        private final long[] keys1;
        private final long[] keys2;
        private final long[] rows;
        private final boolean[] used;
        private final int mask;

        KeyTable(long expected)
        {
            int capacity = Integer.highestOneBit((int) Math.min(1 << 30, Math.max(16, expected * 2)) - 1) << 1;
            keys1 = new long[capacity];
            keys2 = new long[capacity];
            rows = new long[capacity];
            used = new boolean[capacity];
            mask = capacity - 1;
        }

        /**
         * The first row with this key, or -1 after recording {@code row} as the first.
         */
        long putIfAbsent(long key1, long key2, long row)
        {
            int slot = (int) Hashing.mix(key1, key2) & mask;
            while (used[slot]) {
                if (keys1[slot] == key1 && keys2[slot] == key2) {
                    return rows[slot];
                }
                slot = (slot + 1) & mask;
            }
            used[slot] = true;
            keys1[slot] = key1;
            keys2[slot] = key2;
            rows[slot] = row;
            return -1;
        }
    }

    /**
     * A growable list of longs.
     */
    static final class LongList
    {
        private long[] values = new long[16];
        private int size;

        void add(long value)
        {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        long[] sorted()
        {
            long[] result = Arrays.copyOf(values, size);
            Arrays.sort(result);
            return result;
        }
    }
}
