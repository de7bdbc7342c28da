package io.meridian.scheduler;

import io.meridian.scheduler.admission.AdmissionConfig;
import io.meridian.scheduler.admission.Decision;
import io.meridian.scheduler.admission.SchedulingCycle;
import io.meridian.scheduler.cache.RunningWorkload;
import io.meridian.scheduler.model.InstanceGroup;
import io.meridian.scheduler.model.Workload;
import io.meridian.scheduler.placement.GangPlacer;
import io.meridian.scheduler.placement.PlacementPolicy;
import io.meridian.scheduler.placement.Policies;
import io.meridian.scheduler.placement.TaskDistribution;
import io.meridian.scheduler.placement.TaskShape;
import io.meridian.scheduler.state.ClusterState;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

import static java.util.Objects.requireNonNull;

/**
 * Entry point of the library. The server builds a {@link ClusterState} (from its node records and persisted
 * reservations, see {@link ClusterState#rebuild}) and an {@link AdmissionConfig} (every tenant's queues and quotas of
 * the cluster, limits, the cluster's settings), passes them with the running and pending workloads, persists the
 * reservations of {@link Decision.Admitted} decisions, shows the reasons of the others, stops the victims of
 * {@link Decision.Preempting} decisions, and calls {@link ClusterState#release} when a workload ends.
 */
public final class Scheduler
{
    private final SchedulingCycle cycle;
    private final AdmissionConfig config;
    private final Optional<PlacementPolicy> policy;
    private final RandomGenerator random;

    /** A scheduler that places with the policy the cluster's settings name, fitted to the cycle's workloads. */
    public Scheduler(AdmissionConfig config, RandomGenerator random)
    {
        this(config, Optional.empty(), random);
    }

    /** A scheduler that places with the given policy whatever the settings say (benchmarks, tests). */
    public Scheduler(AdmissionConfig config, PlacementPolicy policy, RandomGenerator random)
    {
        this(config, Optional.of(requireNonNull(policy, "policy is null")), random);
    }

    private Scheduler(AdmissionConfig config, Optional<PlacementPolicy> policy, RandomGenerator random)
    {
        this.config = requireNonNull(config, "config is null");
        this.cycle = new SchedulingCycle(config);
        this.policy = policy;
        this.random = requireNonNull(random, "random is null");
    }

    /** Runs one scheduling cycle; admitted workloads' reservations are applied to {@code state}. */
    public List<Decision> schedule(ClusterState state, List<RunningWorkload> running, List<Workload> pending)
    {
        requireNonNull(state, "state is null");
        PlacementPolicy placement = policy.orElseGet(() -> Policies.create(config.settings().placementPolicy(), state, distribution(running, pending)));
        return cycle.run(state, new GangPlacer(placement, random), List.copyOf(running), List.copyOf(pending));
    }

    /** The task shapes the fragmentation-aware packer plans for: every instance running or waiting here. */
    static TaskDistribution distribution(List<RunningWorkload> running, List<Workload> pending)
    {
        Map<TaskShape, Long> counts = new LinkedHashMap<>();
        running.forEach(workload -> addShapes(workload.workload(), counts));
        pending.forEach(workload -> addShapes(workload, counts));
        return TaskDistribution.fromCounts(counts, TaskDistribution.DEFAULT_POPULARITY_THRESHOLD);
    }

    private static void addShapes(Workload workload, Map<TaskShape, Long> counts)
    {
        for (InstanceGroup group : workload.groups()) {
            TaskShape shape = new TaskShape(group.cpuMilli(), group.gpu().cards(), group.gpu().milliPerCard(), group.gpu().acceptableModels());
            counts.merge(shape, (long) group.count(), Long::sum);
        }
    }
}
