package io.meridian.scheduler.bench;

import io.meridian.scheduler.Scheduler;
import io.meridian.scheduler.admission.Decision;
import io.meridian.scheduler.model.GpuRequest;
import io.meridian.scheduler.model.InstanceGroup;
import io.meridian.scheduler.placement.DeviceChoice;
import io.meridian.scheduler.placement.Feasibility;
import io.meridian.scheduler.placement.InstanceShape;
import io.meridian.scheduler.placement.MeridianPolicy;
import io.meridian.scheduler.placement.TaskDistribution;
import io.meridian.scheduler.placement.TaskShape;
import io.meridian.scheduler.state.ClusterState;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The scheduler's hot paths on the scale benchmark's cluster in its steady state (after five cycles of
 * {@link ScaleBenchmark.Simulation}): one admission cycle over the whole backlog, and placement scoring (the
 * {@code meridian} policy ranking every node for one instance, the inner loop of every placement). Run only with the
 * {@code jmh} profile, see docs/benchmarks/scheduler.md ("Scale").
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SchedulerHotPathsBenchmark
{
    @Param("10000")
    public int cards;

    @Param("5000")
    public int backlog;

    private ScaleBenchmark.Simulation simulation;
    private ClusterState cycleState;
    private MeridianPolicy policy;
    private InstanceShape oneCard;
    private final DeviceChoice choice = new DeviceChoice();

    @Setup(Level.Trial)
    public void steadyState()
    {
        simulation = new ScaleBenchmark.Simulation(cards, backlog, 42);
        for (int cycle = 0; cycle < 5; cycle++) {
            simulation.step(cycle);
        }
        List<TaskShape> shapes = new ArrayList<>();
        simulation.pending.forEach(workload -> workload.groups().forEach(group ->
                shapes.add(new TaskShape(group.cpuMilli(), group.gpu().cards(), group.gpu().milliPerCard(), group.gpu().acceptableModels()))));
        policy = MeridianPolicy.create(TaskDistribution.fromSamples(shapes, TaskDistribution.DEFAULT_POPULARITY_THRESHOLD), simulation.state);
        oneCard = InstanceShape.compile(InstanceGroup.of("worker", 1, 12_000, 98_304, GpuRequest.wholeCards(1, Set.of())), simulation.state);
    }

    /** Every cycle starts from the same steady state: what one cycle admits must not leak into the next. */
    @Setup(Level.Invocation)
    public void freshState()
    {
        cycleState = simulation.state.copy();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public List<Decision> admissionCycle()
    {
        return new Scheduler(simulation.config, new Random(1)).schedule(cycleState, simulation.running, simulation.pending);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public double placementScoring()
    {
        ClusterState state = simulation.state;
        double best = Double.NEGATIVE_INFINITY;
        for (int node = 0; node < state.nodeCount(); node++) {
            if (Feasibility.fits(state, node, oneCard)) {
                best = Math.max(best, policy.score(state, node, oneCard, choice));
            }
        }
        return best;
    }
}
