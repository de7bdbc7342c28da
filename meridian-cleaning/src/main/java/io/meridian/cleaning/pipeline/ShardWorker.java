package io.meridian.cleaning.pipeline;

import io.meridian.cleaning.dedup.GlobalDedup;
import io.meridian.cleaning.dedup.KeyFile;
import io.meridian.cleaning.dedup.MinHasher;
import io.meridian.cleaning.io.JsonRow;
import io.meridian.cleaning.io.LineReader;
import io.meridian.cleaning.io.LineWriter;
import io.meridian.cleaning.io.MalformedRowException;
import io.meridian.cleaning.io.Shard;
import io.meridian.cleaning.operator.Operator;
import io.meridian.cleaning.operator.Operators;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * The first step of a run, for one shard: reads its lines, runs the per-row operators, writes the rows left to
 * {@code part-<shard>.jsonl} in the work directory and spills their de-duplication keys next to it. Holds one row at
 * a time.
 */
public final class ShardWorker
{
    private static final int MALFORMED_LOGGED = 10;

    private final PipelineSpec spec;
    private final List<Operator> operators;
    private final MinHasher minHasher;
    private final CleaningLog log;

    public ShardWorker(PipelineSpec spec, CleaningLog log)
    {
        this.spec = requireNonNull(spec, "spec is null");
        this.operators = spec.createOperators();
        this.minHasher = spec.minHash().map(MinHasher::new).orElse(null);
        this.log = requireNonNull(log, "log is null");
    }

    public static Path part(Path workDir, int shard)
    {
        return workDir.resolve("part-" + shard + ".jsonl");
    }

    public ShardResult run(Path input, Shard shard, Path workDir)
            throws IOException
    {
        String source = "shard " + shard.index() + "/" + shard.count();
        log.info(source, "reading bytes [" + shard.start() + ", " + shard.end() + ") of " + input.getFileName());
        for (Operator operator : operators) {
            for (String field : spec.fields()) {
                log.info(source, "OP [" + operator.name() + "] start: {'" + operator.name() + "': {'text_key': '" + field + "'}}");
            }
        }
        RowProcessor processor = new RowProcessor(spec, operators, minHasher);
        OperatorStats exact = new OperatorStats(Operators.DOCUMENT_DEDUPLICATOR);
        OperatorStats minHash = new OperatorStats(Operators.DOCUMENT_MINHASH_DEDUPLICATOR);
        long rowsRead = 0;
        long rowsWritten = 0;
        long malformed = 0;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStarted = threads.getCurrentThreadCpuTime();
        long started = System.nanoTime();
        try (LineReader reader = new LineReader(input, shard);
                LineWriter out = new LineWriter(Files.newOutputStream(part(workDir, shard.index())));
                KeyFile.Writer exactKeys = spec.exactDedup() ? KeyFile.writer(GlobalDedup.exactKeys(workDir, shard.index())) : null;
                KeyFile.Writer minHashKeys = minHasher != null ? KeyFile.writer(GlobalDedup.minHashKeys(workDir, shard.index())) : null) {
            while (reader.advance()) {
                rowsRead++;
                JsonRow row;
                try {
                    row = reader.row(spec.fields());
                }
                catch (MalformedRowException e) {
                    malformed++;
                    if (malformed <= MALFORMED_LOGGED) {
                        log.warn(source, "skipping the line at byte " + reader.lineStart() + ": not a JSON object (" + e.getMessage() + ")");
                    }
                    continue;
                }
                if (!processor.process(row)) {
                    continue;
                }
                if (exactKeys != null) {
                    long start = System.nanoTime();
                    long[] key = RowProcessor.exactKey(row, false);
                    exactKeys.write(key[0], key[1], rowsWritten);
                    exact.record(1, 0, 0, processor.currentBytes(), 0, System.nanoTime() - start);
                }
                if (minHashKeys != null) {
                    long start = System.nanoTime();
                    long[] bands = processor.bandKeys(row);
                    if (bands != null) {
                        for (int band = 0; band < bands.length; band++) {
                            minHashKeys.write(band, bands[band], rowsWritten);
                        }
                    }
                    minHash.record(1, 0, 0, processor.currentBytes(), 0, System.nanoTime() - start);
                }
                // an unchanged row is copied as the bytes it was read as
                row.writeTo(out);
                out.newLine();
                rowsWritten++;
            }
        }
        long wall = System.nanoTime() - started;
        double seconds = wall / 1e9;
        double cpuShare = Math.min(1, (threads.getCurrentThreadCpuTime() - cpuStarted) / (double) Math.max(1, wall));
        List<OperatorStats> stats = new ArrayList<>(processor.stats());
        for (OperatorStats operator : processor.stats()) {
            operator.settleCpu(cpuShare);
        }
        exact.settleCpu(cpuShare);
        minHash.settleCpu(cpuShare);
        for (OperatorStats operator : processor.stats()) {
            log.info(source, String.format(Locale.ROOT, "OP [%s] Done in %.3fs. Left %d samples.", operator.name(), operator.nanos() / 1e9, operator.rowsOut()));
        }
        if (spec.exactDedup()) {
            stats.add(exact);
        }
        if (minHasher != null) {
            stats.add(minHash);
        }
        if (malformed > 0) {
            log.warn(source, malformed + " lines were not JSON objects and were skipped");
        }
        log.info(source, String.format(Locale.ROOT, "read %d rows, wrote %d in %.3fs (%.0f%% of it on a CPU)", rowsRead, rowsWritten, seconds, cpuShare * 100));
        return new ShardResult(shard.index(), rowsRead, rowsWritten, malformed, shard.length(), stats);
    }
}
