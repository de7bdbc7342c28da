package io.meridian.scheduler.bench;

import io.meridian.scheduler.Scheduler;
import io.meridian.scheduler.admission.AdmissionConfig;
import io.meridian.scheduler.admission.ClusterSettings;
import io.meridian.scheduler.admission.Decision;
import io.meridian.scheduler.admission.QueueSpec;
import io.meridian.scheduler.admission.QuotaSpec;
import io.meridian.scheduler.cache.RunningWorkload;
import io.meridian.scheduler.model.GpuRequest;
import io.meridian.scheduler.model.InstanceGroup;
import io.meridian.scheduler.model.Node;
import io.meridian.scheduler.model.Resources;
import io.meridian.scheduler.model.TopologyPolicy;
import io.meridian.scheduler.model.Workload;
import io.meridian.scheduler.model.WorkloadType;
import io.meridian.scheduler.queue.QueueingStrategy;
import io.meridian.scheduler.state.ClusterState;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The scale benchmark of issue 10: a synthetic cluster of 8-card nodes (two zones, four leaf switches per zone), 100
 * pools (10 tenants, each with 2 queues and 8 quotas, half of those borrowing), a backlog of pending workloads (single
 * instances of 1–8 whole cards or a shared card, CPU-only tasks, and gangs of 2–64 eight-card instances, up to 512
 * cards) kept steady by arrivals, and running workloads that finish after a few cycles.
 * <p>
 * Every cycle goes through {@link Scheduler#schedule} built as the server's {@code ClusterCycle} builds it (policy from
 * the cluster's settings, a new scheduler per cycle), over the whole backlog; preemption victims are stopped as the
 * server stops them. After each measured cycle, {@code samples} single decisions are timed: one pending workload
 * decided alone against the whole cluster (a cycle of one, on a copy of the state, so nothing it admits stays).
 */
final class ScaleBenchmark
{
    private static final int TENANTS = 10;
    private static final int QUEUES_PER_TENANT = 2;
    private static final int QUOTAS_PER_TENANT = 8;
    private static final int POOLS = TENANTS * (QUEUES_PER_TENANT + QUOTAS_PER_TENANT);
    private static final long NODE_CPU_MILLI = 192_000;
    private static final long NODE_MEMORY_MIB = 2_097_152;
    private static final int CARDS_PER_NODE = 8;

    private ScaleBenchmark() {}

    record Result(
            int cards,
            int nodes,
            int backlog,
            int cycles,
            double decisionP50Millis,
            double decisionP99Millis,
            double decisionMaxMillis,
            double decisionCpuP99Millis,
            double cycleP50Millis,
            double cycleMaxMillis,
            double cycleCpuP50Millis,
            double decisionsPerSecond,
            double admittedPerCycle,
            double allocatedPercent)
    {
        static String csvHeader()
        {
            return "scale,cards,nodes,backlog,cycles,decision_p50_ms,decision_p99_ms,decision_max_ms,decision_cpu_p99_ms,cycle_p50_ms,cycle_max_ms,cycle_cpu_p50_ms,decisions_per_s,admitted_per_cycle,allocated_pct";
        }

        String toCsv()
        {
            return String.format("scale,%d,%d,%d,%d,%.3f,%.3f,%.3f,%.3f,%.1f,%.1f,%.1f,%.0f,%.1f,%.1f", cards, nodes, backlog, cycles,
                    decisionP50Millis, decisionP99Millis, decisionMaxMillis, decisionCpuP99Millis, cycleP50Millis, cycleMaxMillis, cycleCpuP50Millis, decisionsPerSecond, admittedPerCycle, allocatedPercent);
        }
    }

    static Result run(int cards, int backlog, int warmupCycles, int cycles, int samples, long seed)
    {
        Simulation simulation = new Simulation(cards, backlog, seed);
        for (int cycle = 0; cycle < warmupCycles; cycle++) {
            simulation.step(cycle);
        }
        long[] cycleNanos = new long[cycles];
        long[] cycleCpuNanos = new long[cycles];
        long[] decisionNanos = new long[cycles * samples];
        // Thread CPU time as well as wall time: on a shared machine the wall-clock tail is mostly waiting for a core.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] decisionCpuNanos = new long[cycles * samples];
        long decided = 0;
        long admitted = 0;
        double allocated = 0;
        Random sampler = new Random(seed + 1);
        for (int measured = 0; measured < cycles; measured++) {
            Simulation.Step step = simulation.step(warmupCycles + measured);
            cycleNanos[measured] = step.nanos();
            cycleCpuNanos[measured] = step.cpuNanos();
            decided += step.decisions();
            admitted += step.admitted();
            allocated += 100.0 * simulation.state.allocatedGpuMilli() / simulation.state.totalGpuMilli();
            for (int s = 0; s < samples; s++) {
                Workload one = simulation.pending.get(sampler.nextInt(simulation.pending.size()));
                ClusterState copy = simulation.state.copy();
                long cpu0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                new Scheduler(simulation.config, new Random(1)).schedule(copy, simulation.running, List.of(one));
                decisionNanos[measured * samples + s] = System.nanoTime() - t0;
                decisionCpuNanos[measured * samples + s] = threads.getCurrentThreadCpuTime() - cpu0;
            }
        }
        Arrays.sort(cycleNanos);
        Arrays.sort(cycleCpuNanos);
        Arrays.sort(decisionNanos);
        Arrays.sort(decisionCpuNanos);
        long cycleTotal = Arrays.stream(cycleNanos).sum();
        return new Result((int) (simulation.state.totalGpuMilli() / 1000),
                simulation.state.nodeCount(), backlog, cycles,
                percentile(decisionNanos, 0.50), percentile(decisionNanos, 0.99), decisionNanos[decisionNanos.length - 1] / 1e6, percentile(decisionCpuNanos, 0.99),
                percentile(cycleNanos, 0.50), cycleNanos[cycles - 1] / 1e6, percentile(cycleCpuNanos, 0.50),
                decided / (cycleTotal / 1e9), (double) admitted / cycles, allocated / cycles);
    }

    /**
     * The cluster, its pools and its work, advanced one admission cycle at a time. Also the fixture of the JMH harness
     * ({@code src/jmh/java}), which measures the same cycle.
     */
    static final class Simulation
    {
        final AdmissionConfig config;
        final ClusterState state;
        final List<Workload> pending;
        List<RunningWorkload> running = new ArrayList<>();
        private final int backlog;
        private final List<String> pools = new ArrayList<>();
        private final int maxGangInstances;
        private final Map<String, Integer> endsAt = new HashMap<>();
        private final Random random;
        private int next;

        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

        record Step(long nanos, long cpuNanos, int decisions, int admitted) {}

        Simulation(int cards, int backlog, long seed)
        {
            int nodeCount = cards / CARDS_PER_NODE;
            if (nodeCount < POOLS / 10) {
                throw new IllegalArgumentException("at least " + POOLS / 10 * CARDS_PER_NODE + " cards");
            }
            List<Node> nodes = new ArrayList<>(nodeCount);
            for (int i = 0; i < nodeCount; i++) {
                // Contiguous blocks: the first half of the nodes in zone-0, each zone cut into four leaf switches.
                int zone = i * 2 / nodeCount;
                int leaf = i * 8 / nodeCount;
                nodes.add(Node.of(String.format("gpu-%05d", i), NODE_CPU_MILLI, NODE_MEMORY_MIB, CARDS_PER_NODE, "A100")
                        .withGpuMemoryMib(81_920)
                        .withTopology("zone-" + zone, "leaf-" + leaf));
            }
            Resources total = new Resources(NODE_CPU_MILLI * nodeCount, NODE_MEMORY_MIB * nodeCount, 1000L * CARDS_PER_NODE * nodeCount);
            Resources nodeSpec = new Resources(NODE_CPU_MILLI, NODE_MEMORY_MIB, 1000L * CARDS_PER_NODE);
            int nodesPerPool = Math.max(1, nodeCount / POOLS);
            List<QueueSpec> queues = new ArrayList<>();
            List<QuotaSpec> quotas = new ArrayList<>();
            for (int t = 0; t < TENANTS; t++) {
                String tenant = "tenant-" + t;
                for (int q = 0; q < QUEUES_PER_TENANT; q++) {
                    String name = tenant + "-queue-" + q;
                    queues.add(new QueueSpec(name, tenant, nodeSpec, nodesPerPool, false, Set.of(), false, QueueingStrategy.BEST_EFFORT_FIFO));
                    pools.add(name);
                }
                for (int q = 0; q < QUOTAS_PER_TENANT; q++) {
                    String name = tenant + "-quota-" + q;
                    quotas.add(new QuotaSpec(name, tenant, nodeSpec, nodesPerPool, q + 1, q % 2 == 0, false, false,
                            q < 4 ? QueueingStrategy.BEST_EFFORT_FIFO : QueueingStrategy.STRICT_FIFO));
                    pools.add(name);
                }
            }
            this.config = new AdmissionConfig(queues, quotas, total, Map.of(), Map.of(), Map.of(), Map.of(), ClusterSettings.DEFAULT);
            this.state = ClusterState.of(nodes);
            this.backlog = backlog;
            this.pending = new ArrayList<>(backlog);
            this.maxGangInstances = Math.min(64, Integer.highestOneBit(Math.max(2, nodeCount / 16)));
            this.random = new Random(seed);
        }

        /** Departures, arrivals up to the backlog, one timed admission cycle as the server runs it, then its decisions applied. */
        Step step(int cycle)
        {
            List<RunningWorkload> stillRunning = new ArrayList<>(running.size());
            for (RunningWorkload workload : running) {
                if (endsAt.get(workload.workload().id()) <= cycle) {
                    state.release(workload.workload().id());
                    endsAt.remove(workload.workload().id());
                }
                else {
                    stillRunning.add(workload);
                }
            }
            running = stillRunning;
            while (pending.size() < backlog) {
                pending.add(arrival(random, pools, maxGangInstances, next++, cycle));
            }

            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            List<Decision> decisions = new Scheduler(config, new Random(1)).schedule(state, running, pending);
            long elapsed = System.nanoTime() - start;
            long cpu = threads.getCurrentThreadCpuTime() - cpuStart;

            Set<String> done = new HashSet<>();
            Set<String> stopped = new HashSet<>();
            int admitted = 0;
            for (Decision decision : decisions) {
                switch (decision) {
                    case Decision.Admitted a -> {
                        running.add(new RunningWorkload(a.workload(), a.borrowed()));
                        endsAt.put(a.workload().id(), cycle + 5 + random.nextInt(26));
                        done.add(a.workload().id());
                        admitted++;
                    }
                    case Decision.Rejected r -> done.add(r.workload().id());
                    case Decision.Preempting p -> p.victims().forEach(victim -> stopped.add(victim.workloadId()));
                    case Decision.Waiting ignored -> { }
                }
            }
            pending.removeIf(workload -> done.contains(workload.id()));
            // Victims are stopped as the server stops them: their reservations go, they no longer run.
            running.removeIf(workload -> {
                if (stopped.contains(workload.workload().id())) {
                    state.release(workload.workload().id());
                    endsAt.remove(workload.workload().id());
                    return true;
                }
                return false;
            });
            return new Step(elapsed, cpu, decisions.size(), admitted);
        }
    }

    private static double percentile(long[] sorted, double p)
    {
        return sorted[(int) Math.ceil(p * (sorted.length - 1))] / 1e6;
    }

    /**
     * One new workload: 55% a single instance of 1, 2, 4 or 8 whole cards, 10% a half card, 10% CPU only, 25% a gang of
     * 2–64 eight-card instances (most preferring one leaf switch, one in ten requiring it). Priorities 20, 50 or 80.
     */
    private static Workload arrival(Random random, List<String> pools, int maxGangInstances, int index, int cycle)
    {
        String pool = pools.get(random.nextInt(pools.size()));
        String tenant = pool.substring(0, pool.indexOf("-", "tenant-".length()));
        String user = tenant + "-user-" + random.nextInt(10);
        int roll = random.nextInt(100);
        int priority = roll < 10 ? 80 : roll < 20 ? 20 : 50;
        int kind = random.nextInt(100);
        List<InstanceGroup> groups;
        TopologyPolicy topology = TopologyPolicy.NONE;
        if (kind < 55) {
            int cards = 1 << random.nextInt(4);
            groups = List.of(InstanceGroup.of("worker", 1, 12_000L * cards, 98_304L * cards, GpuRequest.wholeCards(cards, Set.of())));
        }
        else if (kind < 65) {
            groups = List.of(InstanceGroup.of("worker", 1, 4_000, 32_768, GpuRequest.shared(500, 40_960, Set.of())));
        }
        else if (kind < 75) {
            groups = List.of(InstanceGroup.of("worker", 1, 16_000, 65_536, GpuRequest.none()));
        }
        else {
            int instances = 2 << random.nextInt(Integer.numberOfTrailingZeros(maxGangInstances));
            groups = List.of(
                    InstanceGroup.of("master", 1, 4_000, 16_384, GpuRequest.none()),
                    InstanceGroup.of("worker", instances, 96_000, 786_432, GpuRequest.wholeCards(8, Set.of())));
            topology = random.nextInt(10) == 0 ? TopologyPolicy.REQUIRE_SAME_SWITCH : TopologyPolicy.PREFER_SAME_SWITCH;
        }
        return new Workload("w-" + index, tenant, user, WorkloadType.TRAINING, pool, priority, (long) cycle * 1000 + index % 1000, groups, topology);
    }
}
