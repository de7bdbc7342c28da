package io.meridian.executor.bench;

import io.meridian.executor.Command;
import io.meridian.executor.InstanceSpec;
import io.meridian.executor.InstanceState;
import io.meridian.executor.LogChunk;
import io.meridian.executor.LogQuery;
import io.meridian.executor.ObservedInstance;
import io.meridian.executor.Storage;
import io.meridian.executor.WorkloadLaunch;
import io.meridian.executor.local.LocalExecutor;
import io.meridian.executor.local.LocalExecutorConfig;
import io.meridian.executor.local.LocalExecutorConfig.Isolation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * What the local backend costs per instance, measured on this host: launching, the reconciler's {@code observe()} and
 * the sampler's {@code usage()} with N instances running, stopping them, and writing and reading a log. The reconciler
 * observes every instance once a second and the sampler every 15 s, so the per-instance costs say how many instances
 * one server can supervise before its passes run back to back.
 *
 * <p>{@code ./mvnw -q -pl meridian-executor exec:java -Dexec.args="--instances 200 --isolation AUTO --log-mib 64"}
 */
public final class LocalExecutorBenchmark
{
    private LocalExecutorBenchmark() {}

    public static void main(String[] args)
            throws Exception
    {
        int instances = 200;
        Isolation isolation = Isolation.AUTO;
        int logMib = 64;
        int rounds = 20;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--instances" -> instances = Integer.parseInt(args[i + 1]);
                case "--isolation" -> isolation = Isolation.valueOf(args[i + 1].toUpperCase(Locale.ROOT));
                case "--log-mib" -> logMib = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; use --instances N --isolation AUTO|NONE --log-mib M --rounds R");
            }
        }
        Path root = Files.createTempDirectory("meridian-executor-bench");
        try {
            run(root, instances, isolation, logMib, rounds);
        }
        finally {
            delete(root);
        }
    }

    private static void run(Path root, int count, Isolation isolation, int logMib, int rounds)
            throws Exception
    {
        LocalExecutor executor = new LocalExecutor(LocalExecutorConfig.defaults(root.resolve("runtime")).withIsolation(isolation));
        Storage storage = storage(root.resolve("work"));
        System.out.printf("host: %d cores; isolation %s (%s); %d instances%n", Runtime.getRuntime().availableProcessors(), isolation,
                executor.isIsolated() ? "bubblewrap" : "none", count);

        List<InstanceSpec> sleepers = IntStream.range(0, count)
                .mapToObj(i -> InstanceSpec.of("bench-%04d".formatted(i), "worker", "node-" + (i % 8), Command.shell("exec sleep 600"), storage))
                .toList();
        long start = System.nanoTime();
        executor.launch(new WorkloadLaunch("bench", sleepers));
        long launchNanos = System.nanoTime() - start;
        // launch returns once each instance is Pending; wait until all of them run before measuring observe()
        start = System.nanoTime();
        while (executor.observe().stream().filter(instance -> instance.state() instanceof InstanceState.Running).count() < count) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        long runningNanos = System.nanoTime() - start;
        report("launch", launchNanos, count, "per instance, until Pending");
        report("all running after launch", runningNanos, count, "per instance");

        long[] observe = new long[rounds];
        long[] usage = new long[rounds];
        for (int round = 0; round < rounds; round++) {
            long t0 = System.nanoTime();
            List<ObservedInstance> observed = executor.observe();
            long t1 = System.nanoTime();
            int sampled = executor.usage().size();
            long t2 = System.nanoTime();
            if (observed.size() != count || sampled != count) {
                throw new IllegalStateException("observed %d, sampled %d of %d".formatted(observed.size(), sampled, count));
            }
            observe[round] = t1 - t0;
            usage[round] = t2 - t1;
        }
        report("observe() (median of %d)".formatted(rounds), median(observe), count, "per instance");
        report("usage() (median of %d)".formatted(rounds), median(usage), count, "per instance");
        System.out.printf("  -> a 1 s reconciler period supervises about %,d instances before its observe() alone fills the period%n",
                (long) (1e9 / (median(observe) / (double) count)));

        start = System.nanoTime();
        CompletableFuture.allOf(sleepers.stream().map(spec -> executor.stop(spec.id())).toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        report("stop (all, concurrently)", System.nanoTime() - start, count, "per instance");

        // a log: the instance writes logMib MiB of 100-byte lines through the wrapper's timestamping into its log file
        long lines = logMib * 1024L * 1024 / 100;
        String writer = "\"$MERIDIAN_PYTHON\" -c 'import sys\nline = \"x\" * 99 + \"\\n\"\nw = sys.stdout.write\nfor _ in range(%d): w(line)'".formatted(lines);
        start = System.nanoTime();
        executor.launch(new WorkloadLaunch("bench-log", List.of(InstanceSpec.of("bench-log", "worker", "node-0", Command.shell(writer), storage))));
        while (!(executor.observe().stream().filter(instance -> instance.instanceId().equals("bench-log")).findFirst().orElseThrow().state().isTerminal())) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        long writeNanos = System.nanoTime() - start;
        System.out.printf("%-40s %10.1f MiB/s  (%d MiB of 100-byte lines, process start included)%n", "log write", logMib / (writeNanos / 1e9), logMib);

        start = System.nanoTime();
        long offset = 0;
        long read = 0;
        while (true) {
            LogChunk chunk = executor.logs().read("bench-log", offset, 1 << 20);
            if (chunk.lines().isEmpty()) {
                break;
            }
            read += chunk.lines().size();
            offset = chunk.nextOffset();
        }
        long tailNanos = System.nanoTime() - start;
        System.out.printf("%-40s %10.1f MiB/s  (%,d lines in 1 MiB pages, as the console's tail and meridian logs -f read)%n", "log read (tail)",
                offset / 1048576.0 / (tailNanos / 1e9), read);
        start = System.nanoTime();
        int found = executor.logs().query("bench-log", LogQuery.all().containing("no such text").last(1000)).size();
        long searchNanos = System.nanoTime() - start;
        System.out.printf("%-40s %10.1f MiB/s  (%d matches: the whole log scanned)%n", "log search", offset / 1048576.0 / (searchNanos / 1e9), found);
        System.out.printf("%-40s %10.1f MiB/s  (dd of the same file, page cache: the limit a reader can reach)%n", "file read (reference)",
                referenceRead(root.resolve("runtime")));
    }

    private static double referenceRead(Path runtime)
            throws IOException
    {
        Path log;
        try (Stream<Path> files = Files.walk(runtime)) {
            log = files.filter(Files::isRegularFile).max(Comparator.comparingLong(LocalExecutorBenchmark::size)).orElseThrow();
        }
        long start = System.nanoTime();
        long bytes = 0;
        byte[] buffer = new byte[1 << 20];
        try (var in = Files.newInputStream(log)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                bytes += n;
            }
        }
        return bytes / 1048576.0 / ((System.nanoTime() - start) / 1e9);
    }

    private static long size(Path file)
    {
        try {
            return Files.size(file);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void report(String what, long nanos, int count, String unit)
    {
        System.out.printf("%-40s %10.3f ms  (%.1f µs %s)%n", what, nanos / 1e6, nanos / 1e3 / count, unit);
    }

    private static long median(long[] values)
    {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static Storage storage(Path directory)
            throws IOException
    {
        return new Storage(Files.createDirectories(directory.resolve("home")), Files.createDirectories(directory.resolve("cache")),
                Files.createDirectories(directory.resolve("share")), List.of());
    }

    private static void delete(Path root)
            throws IOException
    {
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> all = new ArrayList<>(files.toList());
            all.sort(Comparator.reverseOrder());
            for (Path path : all) {
                Files.deleteIfExists(path);
            }
        }
    }
}
