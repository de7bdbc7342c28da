package io.meridian.scheduler.placement;

import io.meridian.scheduler.state.ClusterState;

import static java.util.Objects.requireNonNull;

/**
 * Meridian's fragmentation-aware policy. It keeps FGD's objective — the node (and card) where the expected
 * fragmentation against the target workload grows least — and changes what is measured and how candidates are
 * compared. Each change was measured on tuning seeds 1–3 of the openb traces (the benchmark reports seeds
 * 42–51), see docs/benchmarks/scheduler.md:
 * <ol>
 * <li>CPU-stranding look-ahead ({@link FragmentationModel#FragmentationModel(TaskDistribution, ClusterState, double)},
 * weight {@value #CPU_STRANDING_WEIGHT}). What FGD leaves unallocated on these traces is mostly GPU on nodes
 * whose CPU is gone; counting the milli that the remaining CPU cannot serve steers CPU-heavy tasks to nodes
 * with CPU to spare. Higher weights (0.25–1) gain more on the CPU-bound traces and lose on multigpu/gpushare80.</li>
 * <li>Model scarcity (weight {@value #SCARCITY_WEIGHT}). A task pays
 * {@code pressure(model) × its milli}, where pressure is how over-subscribed the model is by tasks that accept
 * only a few models ({@link FragmentationModel#modelPressure}); this keeps T4/P100/G2 capacity for the
 * model-constrained tasks of the gpuspec traces. Zero on traces without constraints.</li>
 * <li>Δ resolution proportional to the task. FGD ranks by {@code int(100·sigmoid(−Δ/1000))}: ~40-milli buckets
 * near Δ = 0, hundreds of milli for large |Δ|. Meridian compares {@code floor(Δ / q)} with
 * q = {@value #DELTA_QUANTUM} milli per requested card, so small and large tasks are judged at the same relative
 * resolution.</li>
 * <li>Exact card choice for shared tasks (every card with room, exact Δ, ties to the fullest card, keeping whole
 * cards whole), and equal nodes go to the first in node order: a fixed order packs work onto the same nodes
 * (random ties cost about four points, "fewest free cards" ties up to six on the gpuspec traces).</li>
 * <li>CPU credit cap in the stranding look-ahead ({@value #CPU_CORES_PER_CARD_CAP} cores per free card): CPU
 * beyond that per free card (CPU-rich nodes, nodes with few cards left) is not counted as able to serve the
 * node's cards, so those nodes stop looking stranding-free to CPU-heavy shapes. Measured on seeds 1–10: +0.06 to
 * +0.09 on the multigpu traces, neutral elsewhere (14–16 cores per card all behave alike).</li>
 * <li>Card-level pairing look-ahead (weight {@value #PAIRING_WEIGHT}): the free milli of each card that no sum of
 * the target workload's common shared sizes can fill exactly counts as fragmentation, so shared tasks go to the
 * card (and node) whose remainder can still be used up. Only sizes at least {@value #PAIRING_FILLER_SHARE} times
 * as frequent as the most frequent shared size count as fillers: rarer ones arrive too seldom to fill what the
 * common sizes leave. With that, the weight can be high enough to keep a shared task off a card it would leave
 * unfillable (a 320 on a lone 470's card leaves 210) when a fresh card would pair (680 = 650 + 30); counting the
 * rare sizes too makes a high weight lose points (measured at weight 20, seeds 1–10:
 * −3.4 points on multigpu30, −6 on gpushare80).</li>
 * <li>CPU in the pairing look-ahead: a fillable remainder counts as lost when the node's free CPU cannot serve the
 * fillers it needs (at their average CPU per milli). At the 100% mark a fifth of what is left was such
 * remainders on nodes with 1–4 free cores, where no 470-milli task (8–11 cores) can ever land; measured on seeds
 * 1–10: +0.24 / +0.26 on multigpu30 and +0.07 to +0.32 on every other trace.</li>
 * </ol>
 * Shares of several cards for one instance (eGPU, none in the traces) take the fullest cards that fit and are scored
 * like whole cards.
 */
public final class MeridianPolicy
        implements PlacementPolicy
{
    /** Δ resolution in milli per requested card (at least one card). */
    public static final double DELTA_QUANTUM = 40;
    public static final double CPU_STRANDING_WEIGHT = 0.1;
    public static final double SCARCITY_WEIGHT = 0.1;
    /** At most this many free cores per free card count as usable in the CPU-stranding look-ahead. */
    public static final double CPU_CORES_PER_CARD_CAP = 15;
    public static final double PAIRING_WEIGHT = 20;
    /** A shared size fills remainders in the pairing look-ahead only if at least this share as frequent as the most frequent. */
    public static final double PAIRING_FILLER_SHARE = 0.1;

    private final FragmentationModel fragmentation;
    private final double quantum;
    private final double scarcityWeight;
    private final double[] pressure;
    private final int[] buffer = new int[256];

    /** The tuned policy for {@code distribution} on {@code state}'s cluster. */
    public static MeridianPolicy create(TaskDistribution distribution, ClusterState state)
    {
        return new MeridianPolicy(
                new FragmentationModel(distribution, state, CPU_STRANDING_WEIGHT, CPU_CORES_PER_CARD_CAP, PAIRING_WEIGHT, PAIRING_FILLER_SHARE),
                state,
                DELTA_QUANTUM,
                SCARCITY_WEIGHT);
    }

    /**
     * @param quantum Δ resolution in milli per requested card; 0 ranks by FGD's sigmoid score instead
     * @param scarcityWeight weight of the model-scarcity term; 0 turns it off
     */
    public MeridianPolicy(FragmentationModel fragmentation, ClusterState state, double quantum, double scarcityWeight)
    {
        if (quantum < 0 || scarcityWeight < 0) {
            throw new IllegalArgumentException("quantum and scarcityWeight must not be negative");
        }
        this.fragmentation = requireNonNull(fragmentation, "fragmentation is null");
        this.quantum = quantum;
        this.scarcityWeight = scarcityWeight;
        this.pressure = fragmentation.modelPressure(state);
    }

    @Override
    public String name()
    {
        return "meridian";
    }

    @Override
    public double score(ClusterState state, int node, InstanceShape shape, DeviceChoice choice)
    {
        double before = fragmentation.of(state, node);
        int model = state.modelOf(node);
        int count = state.gpuCount(node);
        long cpuAfter = state.cpuFree(node) - shape.cpuMilli();
        double increase;
        if (shape.isShared() && !shape.isMultiShared()) {
            double bestIncrease = Double.POSITIVE_INFINITY;
            int bestDevice = -1;
            for (int d = 0; d < count; d++) {
                if (!Feasibility.deviceFits(state, node, d, shape)) {
                    continue;
                }
                load(state, node, count);
                buffer[d] -= shape.milliPerCard();
                double candidate = fragmentation.of(model, cpuAfter, buffer, count) - before;
                if (candidate < bestIncrease - 1e-9
                        || (candidate <= bestIncrease + 1e-9 && state.gpuFree(node, d) < state.gpuFree(node, bestDevice))) {
                    bestIncrease = candidate;
                    bestDevice = d;
                }
            }
            choice.clear();
            choice.add(bestDevice);
            increase = bestIncrease;
        }
        else {
            pickCards(state, node, shape, choice);
            load(state, node, count);
            for (int i = 0; i < choice.count(); i++) {
                buffer[choice.device(i)] -= shape.milliPerCard();
            }
            increase = fragmentation.of(model, cpuAfter, buffer, count) - before;
        }
        // Equal buckets tie; GangPlacer then keeps the first node in node order (randomTieBreak is false).
        if (scarcityWeight > 0 && model >= 0) {
            increase += scarcityWeight * pressure[model] * shape.gpuMilli();
        }
        if (quantum == 0) {
            return Math.floor(100.0 / (1.0 + Math.exp(increase / 1000.0)));
        }
        return -Math.floor(increase / (quantum * Math.max(1.0, shape.gpuMilli() / 1000.0)));
    }

    /** Whole cards: the first that fit; shares of several cards: the fullest that fit (001-A §5.9), scored like whole cards. */
    private static void pickCards(ClusterState state, int node, InstanceShape shape, DeviceChoice choice)
    {
        if (shape.isMultiShared()) {
            Feasibility.fullestFit(state, node, shape, choice);
        }
        else {
            Feasibility.firstFit(state, node, shape, choice);
        }
    }

    private void load(ClusterState state, int node, int count)
    {
        for (int d = 0; d < count; d++) {
            buffer[d] = state.gpuFree(node, d);
        }
    }
}
