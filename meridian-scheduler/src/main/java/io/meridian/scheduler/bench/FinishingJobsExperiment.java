package io.meridian.scheduler.bench;

import io.meridian.scheduler.model.GpuRequest;
import io.meridian.scheduler.model.InstanceGroup;
import io.meridian.scheduler.model.Node;
import io.meridian.scheduler.model.TopologyPolicy;
import io.meridian.scheduler.model.Workload;
import io.meridian.scheduler.model.WorkloadType;
import io.meridian.scheduler.placement.GangPlacer;
import io.meridian.scheduler.placement.PlacementResult;
import io.meridian.scheduler.placement.Policies;
import io.meridian.scheduler.placement.TaskDistribution;
import io.meridian.scheduler.placement.TaskShape;
import io.meridian.scheduler.state.ClusterState;
import io.meridian.scheduler.trace.TracePod;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

import static java.util.Objects.requireNonNull;

/**
 * What FGD's artifact cannot run: jobs that finish. Jobs arrive (Poisson) on the openb cluster, wait in one queue
 * until they fit, run for their duration and leave; some are gangs of 2–64 instances that start all together or not
 * at all. Compares placement policies on GPU allocation over time and on queueing delay.
 *
 * <ul>
 * <li>Jobs: with probability {@value #GANG_SHARE}, a gang of k instances, k ∈ {2, 4, 8, 16, 32, 64} with
 * probability ∝ 1/k, each instance one of the trace's whole-card pods (drawn uniformly from them); otherwise one
 * trace pod (drawn uniformly from the trace, shared-card pods included).</li>
 * <li>Durations: log-normal, median {@value #MEDIAN_MINUTES} minutes, σ = {@value #SIGMA} (mean ≈ 62 minutes),
 * clipped to [1 minute, 7 days]: the heavy tail of the published deep-learning cluster traces (Philly, Helios),
 * since the openb pod lists carry no durations.</li>
 * <li>Arrival rate: chosen so that the offered load (expected GPU-milli × duration per job × rate) is {@code load}
 * times the cluster's GPU capacity.</li>
 * <li>Queue: best-effort FIFO (Kueue's BestEffortFIFO): on every arrival and departure the pending jobs are tried
 * in arrival order and every one that fits starts, so small jobs pass a gang that does not fit yet. At most
 * {@value #SCAN_LIMIT} pending jobs are tried per event, which bounds the cost of a long queue.</li>
 * <li>Measured from the end of a warm-up ({@code warmupHours}) to the end ({@code hours}): time-weighted GPU
 * allocation, and the queueing delay of the jobs that arrived in that window, single jobs and gangs apart (jobs still
 * waiting at the end count with the time they have waited so far).</li>
 * </ul>
 */
final class FinishingJobsExperiment
{
    static final double GANG_SHARE = 0.05;
    static final double MEDIAN_MINUTES = 30;
    static final double SIGMA = 1.2;
    static final int SCAN_LIMIT = 32;
    private static final int[] GANG_SIZES = {2, 4, 8, 16, 32, 64};

    record Result(String trace, String policy, double load, long seed, double allocation, int jobs, int started,
            double singleMeanMinutes, double singleP95Minutes, double gangMeanMinutes, double gangP95Minutes, int waitingAtEnd, double seconds)
    {
        String toCsv()
        {
            return String.format("finishing,%s,%s,%.2f,%d,%.2f,%d,%d,%.1f,%.1f,%.1f,%.1f,%d,%.1f",
                    trace, policy, load, seed, allocation, jobs, started, singleMeanMinutes, singleP95Minutes, gangMeanMinutes, gangP95Minutes, waitingAtEnd, seconds);
        }
    }

    private record Job(Workload workload, boolean gang, double arrival, double duration) {}

    private record Departure(double time, Job job) {}

    private FinishingJobsExperiment() {}

    static Result run(String trace, List<Node> nodes, List<TracePod> pods, String policyName, double load, double hours, double warmupHours, long seed)
    {
        requireNonNull(pods, "pods is null");
        List<TracePod> wholeCard = pods.stream().filter(pod -> pod.gpus() >= 1 && pod.gpuMilli() >= GpuRequest.MILLI_PER_CARD).toList();
        if (wholeCard.isEmpty()) {
            throw new IllegalArgumentException("trace " + trace + " has no whole-card pods to build gangs of");
        }
        Random random = new Random(seed);
        ClusterState state = ClusterState.of(nodes);
        double capacity = state.totalGpuMilli();

        // The target workload the fragmentation-aware policies see: every instance shape the jobs will have.
        List<TaskShape> samples = new ArrayList<>();
        for (TracePod pod : pods) {
            samples.add(pod.taskShape());
        }
        GangPlacer placer = new GangPlacer(Policies.create(policyName, state, TaskDistribution.fromSamples(samples, TaskDistribution.DEFAULT_POPULARITY_THRESHOLD)), new Random(seed));

        double meanMilliMinutes = expectedMilliMinutes(pods, wholeCard);
        double ratePerMinute = load * capacity / meanMilliMinutes;
        double end = hours * 60;
        double warmup = warmupHours * 60;

        ArrayDeque<Job> pending = new ArrayDeque<>();
        PriorityQueue<Departure> departures = new PriorityQueue<>((a, b) -> Double.compare(a.time(), b.time()));
        List<Double> singleDelays = new ArrayList<>();
        List<Double> gangDelays = new ArrayList<>();
        double now = 0;
        double nextArrival = exponential(random, ratePerMinute);
        double allocationIntegral = 0;
        int jobs = 0;
        int started = 0;
        int nextId = 0;
        long wallStart = System.nanoTime();
        while (true) {
            double nextDeparture = departures.isEmpty() ? Double.POSITIVE_INFINITY : departures.peek().time();
            double next = Math.min(Math.min(nextArrival, nextDeparture), end);
            if (next > warmup) {
                allocationIntegral += (next - Math.max(now, warmup)) * state.allocatedGpuMilli();
            }
            now = next;
            if (now >= end) {
                break;
            }
            boolean freed = nextDeparture <= nextArrival;
            if (freed) {
                Departure departure = departures.poll();
                state.release(departure.job().workload().id());
            }
            else {
                pending.addLast(newJob(nextId++, random, pods, wholeCard, now));
                if (now >= warmup) {
                    jobs++;
                }
                nextArrival = now + exponential(random, ratePerMinute);
            }
            // After an arrival only the new job can have become placeable: nothing was freed for the others.
            int tried = 0;
            Iterator<Job> it = freed ? pending.iterator() : pending.descendingIterator();
            for (; it.hasNext() && tried < (freed ? SCAN_LIMIT : 1); tried++) {
                Job job = it.next();
                if (cannotFit(state, job.workload())) {
                    continue;
                }
                if (placer.place(state, job.workload()) instanceof PlacementResult.Placed) {
                    it.remove();
                    departures.add(new Departure(now + job.duration(), job));
                    if (job.arrival() >= warmup) {
                        started++;
                        (job.gang() ? gangDelays : singleDelays).add(now - job.arrival());
                    }
                }
            }
        }
        int waiting = 0;
        for (Job job : pending) {
            if (job.arrival() >= warmup) {
                waiting++;
                (job.gang() ? gangDelays : singleDelays).add(end - job.arrival());
            }
        }
        double allocation = 100 * allocationIntegral / ((end - warmup) * capacity);
        return new Result(trace, policyName, load, seed, allocation, jobs, started,
                mean(singleDelays), percentile(singleDelays, 0.95), mean(gangDelays), percentile(gangDelays, 0.95),
                waiting, (System.nanoTime() - wallStart) / 1e9);
    }

    /**
     * A cheap necessary condition, so that a long queue of gangs waiting for room costs little: the free GPU of the
     * cluster covers the job, and enough instances fit node by node (ignoring that they would share nodes' CPU).
     */
    private static boolean cannotFit(ClusterState state, Workload workload)
    {
        if (state.totalGpuMilli() - state.allocatedGpuMilli() < workload.totalResources().gpuMilli()) {
            return true;
        }
        InstanceGroup group = workload.groups().getFirst();
        int cards = group.gpu().cards();
        if (workload.groups().size() != 1 || group.count() == 1 || cards == 0 || group.gpu().milliPerCard() < GpuRequest.MILLI_PER_CARD) {
            return false;
        }
        int slots = 0;
        for (int node = 0; node < state.nodeCount() && slots < group.count(); node++) {
            int free = 0;
            for (int d = 0; d < state.gpuCount(node); d++) {
                if (state.gpuFree(node, d) == GpuRequest.MILLI_PER_CARD) {
                    free++;
                }
            }
            long byCpu = group.cpuMilli() == 0 ? Long.MAX_VALUE : state.cpuFree(node) / group.cpuMilli();
            slots += (int) Math.min(free / cards, byCpu);
        }
        return slots < group.count();
    }

    private static Job newJob(int id, Random random, List<TracePod> pods, List<TracePod> wholeCard, double now)
    {
        double duration = duration(random);
        String name = "job-" + id;
        if (random.nextDouble() < GANG_SHARE) {
            int size = gangSize(random);
            TracePod pod = wholeCard.get(random.nextInt(wholeCard.size()));
            InstanceGroup workers = InstanceGroup.of("worker", size, pod.cpuMilli(), pod.memoryMib(), pod.gpuRequest());
            Workload workload = new Workload(name, "bench", "bench", WorkloadType.TRAINING, "bench", 0, id, List.of(workers), TopologyPolicy.NONE);
            return new Job(workload, true, now, duration);
        }
        TracePod pod = pods.get(random.nextInt(pods.size()));
        return new Job(pod.toWorkload(name, id), false, now, duration);
    }

    /** Expected GPU-milli × minutes of one job, from the same distributions {@link #newJob} draws from. */
    private static double expectedMilliMinutes(List<TracePod> pods, List<TracePod> wholeCard)
    {
        double single = pods.stream().mapToLong(TracePod::gpuDemand).average().orElse(0);
        double instance = wholeCard.stream().mapToLong(TracePod::gpuDemand).average().orElse(0);
        double weights = 0;
        double size = 0;
        for (int k : GANG_SIZES) {
            weights += 1.0 / k;
            size += 1.0;
        }
        double meanGangSize = size / weights;
        double meanMilli = (1 - GANG_SHARE) * single + GANG_SHARE * meanGangSize * instance;
        // mean of the log-normal; the clip at [1 min, 7 days] changes it by well under 1%
        return meanMilli * MEDIAN_MINUTES * Math.exp(SIGMA * SIGMA / 2);
    }

    private static int gangSize(Random random)
    {
        double total = 0;
        for (int k : GANG_SIZES) {
            total += 1.0 / k;
        }
        double pick = random.nextDouble() * total;
        for (int k : GANG_SIZES) {
            pick -= 1.0 / k;
            if (pick <= 0) {
                return k;
            }
        }
        return GANG_SIZES[GANG_SIZES.length - 1];
    }

    private static double duration(Random random)
    {
        double minutes = MEDIAN_MINUTES * Math.exp(SIGMA * random.nextGaussian());
        return Math.clamp(minutes, 1, 7 * 24 * 60);
    }

    private static double exponential(Random random, double rate)
    {
        return -Math.log(1 - random.nextDouble()) / rate;
    }

    private static double mean(List<Double> values)
    {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    private static double percentile(List<Double> values, double p)
    {
        if (values.isEmpty()) {
            return 0;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(p * (sorted.length - 1))];
    }
}
