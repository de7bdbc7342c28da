package io.meridian.cleaning.pipeline;

import io.meridian.cleaning.dedup.GlobalDedup;
import io.meridian.cleaning.io.JsonRow;
import io.meridian.cleaning.io.LineReader;
import io.meridian.cleaning.io.Shard;
import io.meridian.cleaning.operator.Operators;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static java.util.Objects.requireNonNull;

/**
 * A whole cleaning run: the first step on every shard (threads here; separate processes run {@link #runShard} each and
 * one of them {@link #merge}), then the global de-duplication step, then the output assembled from the shards' parts
 * in input order without the dropped rows.
 */
public final class CleaningEngine
{
    private final PipelineSpec spec;
    private final CleaningLog log;
    private final long memoryBudgetBytes;

    public CleaningEngine(PipelineSpec spec, CleaningLog log, long memoryBudgetBytes)
    {
        this.spec = requireNonNull(spec, "spec is null");
        this.log = requireNonNull(log, "log is null");
        this.memoryBudgetBytes = memoryBudgetBytes;
    }

    public RunSummary run(Path input, Path output, Path workDir, int workers)
            throws IOException
    {
        Files.createDirectories(workDir);
        long started = System.nanoTime();
        List<Shard> shards = Shard.plan(input, workers);
        List<ShardResult> results = new ArrayList<>();
        try (ExecutorService executor = Executors.newFixedThreadPool(workers)) {
            List<Future<ShardResult>> futures = new ArrayList<>();
            for (Shard shard : shards) {
                futures.add(executor.submit(() -> new ShardWorker(spec, log).run(input, shard, workDir)));
            }
            for (Future<ShardResult> future : futures) {
                results.add(future.get());
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("the run was interrupted", e);
        }
        catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(e.getCause());
        }
        double firstStep = (System.nanoTime() - started) / 1e9;
        RunSummary summary = merge(results, workDir, output);
        try {
            Files.deleteIfExists(workDir);
        }
        catch (DirectoryNotEmptyException e) {
            log.warn("merge", "the work directory " + workDir + " holds other files; it is left in place");
        }
        return summary.withTimes(firstStep, (System.nanoTime() - started) / 1e9, workers);
    }

    /**
     * The first step for one shard, for a process that takes shard i of n; its result is saved in the work directory
     * for {@link #merge}.
     */
    public ShardResult runShard(Path input, Shard shard, Path workDir)
            throws IOException
    {
        Files.createDirectories(workDir);
        ShardResult result = new ShardWorker(spec, log).run(input, shard, workDir);
        ShardResults.save(result, workDir);
        return result;
    }

    /**
     * The global step and the output, once every shard's first step is done.
     */
    public RunSummary merge(List<ShardResult> results, Path workDir, Path output)
            throws IOException
    {
        int shardCount = results.size();
        long started = System.nanoTime();
        long[] exactDrops = new long[0];
        long[] minHashDrops = new long[0];
        GlobalDedup dedup = new GlobalDedup(workDir, shardCount, memoryBudgetBytes);
        long exactNanos = 0;
        long minHashNanos = 0;
        // the global step runs on this thread: its CPU time is measured directly
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long exactCpu = 0;
        long minHashCpu = 0;
        if (spec.exactDedup()) {
            log.info("merge", "OP [document_deduplicator] start: global step over " + shardCount + " shards");
            long cpu = threads.getCurrentThreadCpuTime();
            exactDrops = dedup.exactDrops();
            exactNanos = System.nanoTime() - started;
            exactCpu = threads.getCurrentThreadCpuTime() - cpu;
        }
        if (spec.minHash().isPresent()) {
            long start = System.nanoTime();
            long cpu = threads.getCurrentThreadCpuTime();
            log.info("merge", "OP [document_minhash_deduplicator] start: global step over " + shardCount + " shards, " + spec.minHash().get());
            minHashDrops = dedup.minHashDrops(exactDrops);
            minHashNanos = System.nanoTime() - start;
            minHashCpu = threads.getCurrentThreadCpuTime() - cpu;
        }
        long[] droppedBytes = new long[2];
        long rowsOut = assemble(results, workDir, output, exactDrops, minHashDrops, droppedBytes);

        Map<String, OperatorStats> stats = new LinkedHashMap<>();
        long rowsRead = 0;
        long malformed = 0;
        long bytesRead = 0;
        for (ShardResult result : results) {
            rowsRead += result.rowsRead();
            malformed += result.malformedRows();
            bytesRead += result.bytesRead();
            for (OperatorStats operator : result.stats()) {
                stats.computeIfAbsent(operator.name(), OperatorStats::new).add(operator);
            }
        }
        OperatorStats exact = stats.get(Operators.DOCUMENT_DEDUPLICATOR);
        if (exact != null) {
            exact.rowsOut = exact.rowsIn - exactDrops.length;
            exact.bytesOut = exact.bytesIn - droppedBytes[0];
            exact.nanos += exactNanos;
            exact.cpuNanos += exactCpu;
            log.info("merge", String.format(Locale.ROOT, "OP [document_deduplicator] Done in %.3fs. Left %d samples.", exact.nanos / 1e9, exact.rowsOut));
        }
        OperatorStats minHash = stats.get(Operators.DOCUMENT_MINHASH_DEDUPLICATOR);
        if (minHash != null) {
            minHash.rowsIn -= exactDrops.length;
            minHash.bytesIn -= droppedBytes[0];
            minHash.rowsOut = minHash.rowsIn - minHashDrops.length;
            minHash.bytesOut = minHash.bytesIn - droppedBytes[1];
            minHash.nanos += minHashNanos;
            minHash.cpuNanos += minHashCpu;
            log.info("merge", String.format(Locale.ROOT, "OP [document_minhash_deduplicator] Done in %.3fs. Left %d samples.", minHash.nanos / 1e9, minHash.rowsOut));
        }
        double mergeSeconds = (System.nanoTime() - started) / 1e9;
        log.info("merge", String.format(Locale.ROOT, "wrote %d rows to %s in %.3fs", rowsOut, output.getFileName(), mergeSeconds));
        return new RunSummary(rowsRead, malformed, rowsOut, bytesRead, Files.size(output), List.copyOf(stats.values()), 0, 0, mergeSeconds, shardCount);
    }

    /**
     * Concatenates the parts in shard order, leaving out the dropped rows; adds the processed-field bytes of the rows
     * each de-duplicator dropped to {@code droppedBytes}.
     */
    private long assemble(List<ShardResult> results, Path workDir, Path output, long[] exactDrops, long[] minHashDrops, long[] droppedBytes)
            throws IOException
    {
        long written = 0;
        int exactAt = 0;
        int minHashAt = 0;
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        // the runs of rows kept between dropped ones are copied file to file by the kernel (every row in a part ends
        // with a line break); only the few dropped rows are parsed, to count their bytes
        try (FileChannel out = FileChannel.open(output, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            for (ShardResult result : results) {
                Path part = ShardWorker.part(workDir, result.shard());
                long size = Files.size(part);
                long row = 0;
                long runStart = 0;
                try (LineReader reader = new LineReader(part, new Shard(0, 1, 0, size));
                        FileChannel in = FileChannel.open(part, StandardOpenOption.READ)) {
                    while (reader.advance()) {
                        long global = GlobalDedup.globalRow(result.shard(), row++);
                        while (exactAt < exactDrops.length && exactDrops[exactAt] < global) {
                            exactAt++;
                        }
                        while (minHashAt < minHashDrops.length && minHashDrops[minHashAt] < global) {
                            minHashAt++;
                        }
                        boolean exactDrop = exactAt < exactDrops.length && exactDrops[exactAt] == global;
                        boolean minHashDrop = !exactDrop && minHashAt < minHashDrops.length && minHashDrops[minHashAt] == global;
                        if (!exactDrop && !minHashDrop) {
                            written++;
                            continue;
                        }
                        droppedBytes[exactDrop ? 0 : 1] += fieldBytes(reader);
                        transfer(in, runStart, reader.lineStart(), out);
                        runStart = reader.lineEnd();
                    }
                    transfer(in, runStart, size, out);
                }
                Files.delete(part);
            }
        }
        for (ShardResult result : results) {
            Files.deleteIfExists(GlobalDedup.exactKeys(workDir, result.shard()));
            Files.deleteIfExists(GlobalDedup.minHashKeys(workDir, result.shard()));
            Files.deleteIfExists(ShardResults.path(workDir, result.shard()));
        }
        return written;
    }

    private static void transfer(FileChannel in, long from, long to, FileChannel out)
            throws IOException
    {
        long at = from;
        while (at < to) {
            long moved = in.transferTo(at, to - at, out);
            if (moved <= 0) {
                throw new IOException("could not copy bytes [" + at + ", " + to + ") of a part to the output");
            }
            at += moved;
        }
    }

    private long fieldBytes(LineReader line)
    {
        JsonRow row = line.row(spec.fields());
        long bytes = 0;
        for (int f = 0; f < row.fieldCount(); f++) {
            bytes += row.value(f) == null ? 0 : RowProcessor.utf8Length(row.value(f));
        }
        return bytes;
    }
}
