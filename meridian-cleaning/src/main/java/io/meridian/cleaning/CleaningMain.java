package io.meridian.cleaning;

import io.meridian.cleaning.io.Shard;
import io.meridian.cleaning.pipeline.CleaningEngine;
import io.meridian.cleaning.pipeline.CleaningLog;
import io.meridian.cleaning.pipeline.PipelineSpec;
import io.meridian.cleaning.pipeline.RunSummary;
import io.meridian.cleaning.pipeline.ShardResult;
import io.meridian.cleaning.pipeline.ShardResults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The cleaning engine's command line, what a cleaning workload runs:
 * <pre>
 * CleaningMain --input in.jsonl --output out.jsonl [--config pipeline.yaml] [--workers N] [--work-dir DIR]
 *              [--stats stats.json] [--memory-mb 256]
 * CleaningMain --input in.jsonl --shard i/n --work-dir DIR [--config ...]     # one shard, in its own process
 * CleaningMain --merge n --work-dir DIR --output out.jsonl [--config ...]     # after all n shards
 * </pre>
 * Without {@code --config} the default pipeline runs: every operator of the spec's form and exact de-duplication on
 * {@code instruction}, {@code input} and {@code output}. The statistics summary goes to {@code --stats} (default:
 * the output path plus {@code .stats.json}); log lines go to standard output. Exit status 2 for bad arguments.
 */
public final class CleaningMain
{
    private CleaningMain() {}

    public static void main(String[] args)
    {
        int status;
        try {
            status = run(args);
        }
        catch (IOException | UncheckedIOException e) {
            System.err.println("error: " + e.getMessage());
            status = 1;
        }
        if (status != 0) {
            System.exit(status);
        }
    }

    static int run(String[] args)
            throws IOException
    {
        Arguments arguments;
        PipelineSpec spec;
        try {
            arguments = Arguments.parse(args);
            spec = arguments.config == null ? PipelineSpec.defaults() : PipelineSpec.parse(Files.readString(arguments.config));
        }
        catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println("usage: CleaningMain --input FILE --output FILE [--config FILE] [--workers N] [--work-dir DIR] [--stats FILE]"
                    + " [--memory-mb N] | --input FILE --shard i/n --work-dir DIR | --merge n --work-dir DIR --output FILE");
            return 2;
        }
        CleaningLog log = new CleaningLog(System.out);
        CleaningEngine engine = new CleaningEngine(spec, log, arguments.memoryMb * 1024L * 1024L);
        if (arguments.shardIndex >= 0) {
            Shard shard = Shard.of(arguments.input, arguments.shardIndex, arguments.shardCount);
            engine.runShard(arguments.input, shard, arguments.workDir);
            return 0;
        }
        RunSummary summary;
        if (arguments.merge > 0) {
            List<ShardResult> results = new ArrayList<>();
            for (int i = 0; i < arguments.merge; i++) {
                results.add(ShardResults.load(arguments.workDir, i));
            }
            summary = engine.merge(results, arguments.workDir, arguments.output);
        }
        else {
            summary = engine.run(arguments.input, arguments.output, arguments.workDir, arguments.workers);
        }
        Path stats = arguments.stats != null ? arguments.stats : Path.of(arguments.output + ".stats.json");
        Files.writeString(stats, summary.toJson() + "\n");
        log.info("main", "statistics: " + stats);
        return 0;
    }

    private static final class Arguments
    {
        Path input;
        Path output;
        Path config;
        Path workDir;
        Path stats;
        int workers = 1;
        int shardIndex = -1;
        int shardCount;
        int merge;
        long memoryMb = 256;

        static Arguments parse(String[] args)
        {
            Arguments a = new Arguments();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                String value = args[++i];
                switch (name) {
                    case "--input" -> a.input = Path.of(value);
                    case "--output" -> a.output = Path.of(value);
                    case "--config" -> a.config = Path.of(value);
                    case "--work-dir" -> a.workDir = Path.of(value);
                    case "--stats" -> a.stats = Path.of(value);
                    case "--workers" -> a.workers = positive(name, value);
                    case "--merge" -> a.merge = positive(name, value);
                    case "--memory-mb" -> a.memoryMb = positive(name, value);
                    case "--shard" -> {
                        String[] parts = value.split("/");
                        if (parts.length != 2) {
                            throw new IllegalArgumentException("--shard must be i/n, got " + value);
                        }
                        a.shardIndex = nonNegative(name, parts[0]);
                        a.shardCount = positive(name, parts[1]);
                        if (a.shardIndex >= a.shardCount) {
                            throw new IllegalArgumentException("--shard i/n needs i < n, got " + value);
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            if (a.merge == 0 && a.input == null) {
                throw new IllegalArgumentException("--input is required");
            }
            if (a.shardIndex < 0 && a.output == null) {
                throw new IllegalArgumentException("--output is required");
            }
            if ((a.shardIndex >= 0 || a.merge > 0) && a.workDir == null) {
                throw new IllegalArgumentException("--shard and --merge need --work-dir, shared by every shard's process");
            }
            if (a.workDir == null) {
                a.workDir = Path.of(a.output + ".work");
            }
            if (a.input != null && !Files.isRegularFile(a.input)) {
                throw new IllegalArgumentException("--input " + a.input + " is not a readable file");
            }
            return a;
        }

        private static int positive(String name, String value)
        {
            int number = nonNegative(name, value);
            if (number < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, got " + value);
            }
            return number;
        }

        private static int nonNegative(String name, String value)
        {
            try {
                int number = Integer.parseInt(value);
                if (number < 0) {
                    throw new IllegalArgumentException(name + " must not be negative, got " + value);
                }
                return number;
            }
            catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a number, got " + value);
            }
        }
    }
}
