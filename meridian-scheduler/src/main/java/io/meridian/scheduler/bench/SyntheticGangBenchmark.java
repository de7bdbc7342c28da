package io.meridian.scheduler.bench;

import io.meridian.scheduler.Scheduler;
import io.meridian.scheduler.admission.AdmissionConfig;
import io.meridian.scheduler.admission.Decision;
import io.meridian.scheduler.admission.QuotaSpec;
import io.meridian.scheduler.cache.RunningWorkload;
import io.meridian.scheduler.model.GpuRequest;
import io.meridian.scheduler.model.InstanceGroup;
import io.meridian.scheduler.model.Node;
import io.meridian.scheduler.model.Resources;
import io.meridian.scheduler.model.TopologyPolicy;
import io.meridian.scheduler.model.Workload;
import io.meridian.scheduler.model.WorkloadType;
import io.meridian.scheduler.placement.Policies;
import io.meridian.scheduler.placement.TaskDistribution;
import io.meridian.scheduler.placement.TaskShape;
import io.meridian.scheduler.state.ClusterState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A large synthetic cluster (8 cards per node, 5 zones, 25 nodes per leaf switch) and a queue of multi-node
 * gang workloads (a CPU master plus 2–4 workers of 1, 2, 4 or 8 cards, preferring one leaf switch), decided one
 * at a time through the full {@link Scheduler} (admission against a quota, then topology-aware gang placement).
 * Reports the latency distribution of those decisions.
 */
final class SyntheticGangBenchmark
{
    private SyntheticGangBenchmark() {}

    record Result(String policy, int nodes, long gpus, int workloads, int admitted, double p50Millis, double p99Millis, double maxMillis)
    {
        String toCsv()
        {
            return String.format("synthetic-gang,%s,%d,%d,%d,%d,%.3f,%.3f,%.3f", policy, nodes, gpus, workloads, admitted, p50Millis, p99Millis, maxMillis);
        }
    }

    static Result run(String policyName, int nodeCount, int workloadCount, long seed)
    {
        Random random = new Random(seed);
        List<Node> nodes = new ArrayList<>(nodeCount);
        for (int i = 0; i < nodeCount; i++) {
            nodes.add(Node.of(String.format("gpu-%05d", i), 128_000, 1_048_576, 8, "A100")
                    .withGpuMemoryMib(81_920)
                    .withTopology("zone-" + (i % 5), "leaf-" + (i / 25)));
        }
        ClusterState state = ClusterState.of(nodes);
        List<Workload> queue = new ArrayList<>(workloadCount);
        List<TaskShape> shapes = new ArrayList<>();
        int[] cardChoices = {1, 2, 4, 8};
        for (int i = 0; i < workloadCount; i++) {
            int workers = 2 + random.nextInt(3);
            int cards = cardChoices[random.nextInt(i % 10 == 0 ? 4 : 3)];
            InstanceGroup master = InstanceGroup.of("master", 1, 4_000, 16_384, GpuRequest.none());
            InstanceGroup worker = InstanceGroup.of("worker", workers, 12_000L * cards, 98_304L * cards, GpuRequest.wholeCards(cards, Set.of()));
            queue.add(new Workload("job-" + i, "tenant-" + (i % 7), "user-" + (i % 50), WorkloadType.TRAINING, "research", 0, i,
                    List.of(master, worker), TopologyPolicy.PREFER_SAME_SWITCH));
            shapes.add(new TaskShape(worker.cpuMilli(), cards, 1000, Set.of()));
        }
        Resources total = new Resources(128_000L * nodeCount, 1_048_576L * nodeCount, 8_000L * nodeCount);
        AdmissionConfig config = new AdmissionConfig(
                List.of(),
                List.of(new QuotaSpec("research", total, 1, 1, false, false)),
                total,
                Map.of(),
                Map.of(),
                false);
        Scheduler scheduler = new Scheduler(config, Policies.create(policyName, state, TaskDistribution.fromSamples(shapes, TaskDistribution.DEFAULT_POPULARITY_THRESHOLD)), new Random(seed));

        // Warm-up on a copy so the JIT has compiled the decision path before we time it.
        ClusterState warm = state.copy();
        List<RunningWorkload> warmRunning = new ArrayList<>();
        for (int i = 0; i < Math.min(200, workloadCount); i++) {
            admit(scheduler, warm, warmRunning, queue.get(i));
        }

        List<RunningWorkload> running = new ArrayList<>();
        long[] nanos = new long[workloadCount];
        int admitted = 0;
        for (int i = 0; i < workloadCount; i++) {
            long start = System.nanoTime();
            boolean ok = admit(scheduler, state, running, queue.get(i));
            nanos[i] = System.nanoTime() - start;
            admitted += ok ? 1 : 0;
        }
        Arrays.sort(nanos);
        return new Result(policyName, nodeCount, state.totalGpuMilli() / 1000, workloadCount, admitted,
                nanos[(int) Math.floor(0.50 * (workloadCount - 1))] / 1e6,
                nanos[(int) Math.ceil(0.99 * (workloadCount - 1))] / 1e6,
                nanos[workloadCount - 1] / 1e6);
    }

    private static boolean admit(Scheduler scheduler, ClusterState state, List<RunningWorkload> running, Workload workload)
    {
        Decision decision = scheduler.schedule(state, running, List.of(workload)).getFirst();
        if (decision instanceof Decision.Admitted admitted) {
            running.add(new RunningWorkload(workload, admitted.borrowed()));
            return true;
        }
        return false;
    }
}
