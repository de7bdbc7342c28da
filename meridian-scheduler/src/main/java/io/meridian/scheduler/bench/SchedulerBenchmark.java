package io.meridian.scheduler.bench;

import io.meridian.scheduler.model.Node;
import io.meridian.scheduler.placement.Policies;
import io.meridian.scheduler.trace.OpenbTrace;
import io.meridian.scheduler.trace.TracePod;
import io.meridian.scheduler.trace.TraceReplay;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark command.
 * <pre>
 * --nodes FILE --pods FILE[,FILE...] --policy NAME[,NAME...]|all --seeds 42-51
 *     prints trace,policy,alloc_at_100,alloc_at_130,decisions_per_second per trace and policy
 * --synthetic-gang [--nodes-count 1250] [--workloads 1000] [--policy meridian] [--seeds 42]
 *     prints synthetic-gang,policy,nodes,gpus,workloads,admitted,p50_ms,p99_ms,max_ms
 * --finishing --nodes FILE --pods FILE[,FILE...] [--policy meridian,fgd,best-fit,spread] [--seeds 42] [--load 0.9,1.1]
 *     [--hours 24] [--warmup 8]
 *     jobs that finish, gangs of 2-64 ({@link FinishingJobsExperiment}); prints finishing,trace,policy,load,seed,
 *     allocation_pct,jobs,started,single_mean_min,single_p95_min,gang_mean_min,gang_p95_min,waiting_at_end,seconds
 * --scale [--cards 1000,10000,50000] [--backlog 5000] [--cycles 10] [--samples 50] [--seeds 42]
 *     prints a CSV header and one line per cluster size ({@link ScaleBenchmark})
 * </pre>
 * Relative paths resolve against the working directory of the JVM, which for {@code exec:java} is the
 * directory Maven was started in.
 */
public final class SchedulerBenchmark
{
    private SchedulerBenchmark() {}

    public static void main(String[] args)
    {
        Locale.setDefault(Locale.ROOT);
        if (args.length > 0 && args[0].equals("--scale")) {
            scale(args);
            return;
        }
        String nodes = null;
        String pods = null;
        String policy = "all";
        String seeds = "42-51";
        boolean syntheticGang = false;
        int nodeCount = 1250;
        int workloads = 1000;
        boolean finishing = false;
        String loads = "0.9,1.1";
        double hours = 24;
        double warmup = 8;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--nodes" -> nodes = args[++i];
                case "--pods" -> pods = args[++i];
                case "--policy" -> policy = args[++i];
                case "--seeds" -> seeds = args[++i];
                case "--synthetic-gang" -> syntheticGang = true;
                case "--nodes-count" -> nodeCount = Integer.parseInt(args[++i]);
                case "--workloads" -> workloads = Integer.parseInt(args[++i]);
                case "--finishing" -> finishing = true;
                case "--load" -> loads = args[++i];
                case "--hours" -> hours = Double.parseDouble(args[++i]);
                case "--warmup" -> warmup = Double.parseDouble(args[++i]);
                default -> usage("unknown argument " + args[i]);
            }
        }
        List<String> policies = policy.equals("all") ? List.of("random", "best-fit", "fgd", "meridian") : List.of(policy.split(","));
        for (String name : policies) {
            if (!Policies.NAMES.contains(name)) {
                usage("unknown policy " + name + ", known: " + Policies.NAMES);
            }
        }
        List<Long> seedList = parseSeeds(seeds);
        if (syntheticGang) {
            for (String name : policies) {
                System.out.println(SyntheticGangBenchmark.run(name, nodeCount, workloads, seedList.getFirst()).toCsv());
            }
            return;
        }
        if (nodes == null || pods == null) {
            usage("--nodes and --pods are required");
        }
        List<Node> cluster = OpenbTrace.readNodes(Path.of(nodes).toAbsolutePath());
        if (finishing) {
            for (String podFile : pods.split(",")) {
                Path podPath = Path.of(podFile).toAbsolutePath();
                List<TracePod> trace = OpenbTrace.readPods(podPath);
                for (String load : loads.split(",")) {
                    for (long seed : seedList) {
                        for (String name : policies) {
                            System.out.println(FinishingJobsExperiment.run(traceName(podPath), cluster, trace, name, Double.parseDouble(load), hours, warmup, seed).toCsv());
                            System.out.flush();
                        }
                    }
                }
            }
            return;
        }
        for (String podFile : pods.split(",")) {
            Path podPath = Path.of(podFile).toAbsolutePath();
            List<TracePod> trace = OpenbTrace.readPods(podPath);
            TraceReplay replay = new TraceReplay(cluster, trace);
            String traceName = traceName(podPath);
            for (String name : policies) {
                double sum100 = 0;
                double sum130 = 0;
                long decisions = 0;
                long nanos = 0;
                for (long seed : seedList) {
                    TraceReplay.Result result = replay.run(name, seed);
                    sum100 += result.allocAt100();
                    sum130 += result.allocAt130();
                    decisions += result.decisions();
                    nanos += result.nanos();
                    if (Boolean.getBoolean("bench.verbose")) {
                        System.err.printf("%s,%s,seed=%d,%.2f,%.2f,%d decisions,%.2f s%n", traceName, name, seed, result.allocAt100(), result.allocAt130(), result.decisions(), result.nanos() / 1e9);
                    }
                }
                System.out.printf("%s,%s,%.2f,%.2f,%.0f%n", traceName, name, sum100 / seedList.size(), sum130 / seedList.size(), decisions / (nanos / 1e9));
                System.out.flush();
            }
        }
    }

    /** The scale benchmark of issue 10, its own options. */
    private static void scale(String[] args)
    {
        String cards = "1000,10000,50000";
        int backlog = 5000;
        int cycles = 10;
        int samples = 50;
        long seed = 42;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--cards" -> cards = args[++i];
                case "--backlog" -> backlog = Integer.parseInt(args[++i]);
                case "--cycles" -> cycles = Integer.parseInt(args[++i]);
                case "--samples" -> samples = Integer.parseInt(args[++i]);
                case "--seeds" -> seed = parseSeeds(args[++i]).getFirst();
                default -> usage("unknown argument " + args[i]);
            }
        }
        System.out.println(ScaleBenchmark.Result.csvHeader());
        for (String size : cards.split(",")) {
            System.out.println(ScaleBenchmark.run(Integer.parseInt(size), backlog, 5, cycles, samples, seed).toCsv());
            System.out.flush();
        }
    }

    static String traceName(Path podFile)
    {
        String name = podFile.getFileName().toString();
        if (name.startsWith("openb_pod_list_")) {
            name = name.substring("openb_pod_list_".length());
        }
        if (name.endsWith(".csv")) {
            name = name.substring(0, name.length() - ".csv".length());
        }
        return name;
    }

    static List<Long> parseSeeds(String seeds)
    {
        List<Long> list = new ArrayList<>();
        for (String part : seeds.split(",")) {
            int dash = part.indexOf('-', 1);
            if (dash > 0) {
                long from = Long.parseLong(part.substring(0, dash));
                long to = Long.parseLong(part.substring(dash + 1));
                for (long seed = from; seed <= to; seed++) {
                    list.add(seed);
                }
            }
            else {
                list.add(Long.parseLong(part));
            }
        }
        if (list.isEmpty()) {
            usage("no seeds");
        }
        return list;
    }

    private static void usage(String problem)
    {
        System.err.println(problem);
        System.err.println("usage: --nodes FILE --pods FILE[,FILE...] --policy NAME[,NAME...]|all --seeds 42-51");
        System.err.println("       --synthetic-gang [--nodes-count 1250] [--workloads 1000] [--policy NAME] [--seeds 42]");
        System.err.println("       --finishing --nodes FILE --pods FILE[,FILE...] [--policy NAME,...] [--seeds 42] [--load 0.9,1.1] [--hours 24] [--warmup 8]");
        System.err.println("       --scale [--cards 1000,10000,50000] [--backlog 5000] [--cycles 10] [--samples 50] [--seeds 42]");
        System.exit(2);
    }
}
