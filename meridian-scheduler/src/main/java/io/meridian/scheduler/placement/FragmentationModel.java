package io.meridian.scheduler.placement;

import io.meridian.scheduler.state.ClusterState;

import java.util.Arrays;

/**
 * Expected GPU fragmentation of a node against a target workload, as defined by FGD (Weng et al., ATC'23):
 * for each task shape m with popularity p(m), the fragment F(n, m) is
 * <ul>
 * <li>all unallocated GPU milli of n if m cannot run on n (needs no GPU, wrong model, too few cards with
 * enough room, or too little CPU left), and otherwise</li>
 * <li>the unallocated milli of the cards that have less room than m needs per card.</li>
 * </ul>
 * The node's fragmentation is Σ p(m)·F(n, m). It depends only on the node's model, free CPU and the multiset of
 * free card milli, so values are memoised on that key: a cluster of a few hundred node types in a handful of
 * states makes the memo hit almost always, which keeps the scoring loop cheap.
 * Not thread-safe (scratch buffers); one instance per scheduling loop.
 */
public final class FragmentationModel
{
    private final long[] cpu;
    private final int[] cards;
    private final int[] milli;
    private final long[] mask;
    private final double[] frequency;
    private final int[] sorted = new int[256];
    private final FragMemo memo = new FragMemo();

    private final double cpuWeight;
    private final double cpuPerGpuMilliCap;
    private final double pairingWeight;
    /** {@code waste[r]}: milli of a card with {@code r} free that no combination of the shared shapes can fill. */
    private final int[] waste = new int[1001];
    /** Expected CPU milli per GPU milli of the shared tasks that fill remainders (0 when there are none). */
    private final double fillerCpuPerMilli;

    /** FGD's measure, exactly. */
    public FragmentationModel(TaskDistribution distribution, ClusterState state)
    {
        this(distribution, state, 0);
    }

    /**
     * FGD's measure plus {@code cpuWeight} times the CPU-stranded milli: for each shape that fits, the part of
     * the usable free milli that the node's free CPU cannot serve when it is filled with tasks of that shape,
     * {@code max(0, usable − ⌊free CPU / task CPU⌋ · cards · milli)}. FGD only asks whether one more task fits,
     * so it does not see a node drifting towards "eight free cards, CPU for five tasks".
     */
    public FragmentationModel(TaskDistribution distribution, ClusterState state, double cpuWeight)
    {
        this(distribution, state, cpuWeight, 0, 0);
    }

    /**
     * As {@link #FragmentationModel(TaskDistribution, ClusterState, double)}, plus two refinements of Meridian:
     * <ul>
     * <li>{@code cpuCoresPerCardCap} (0 = none): the CPU-stranding look-ahead credits a node with at most this
     * many free cores per free card ({@code min(free CPU, cap · free milli)}). CPU beyond that on a CPU-rich node
     * (T4: 52 cores per card, nodes with few cards left) does not make the node look stranding-free for
     * CPU-heavy shapes.</li>
     * <li>{@code pairingWeight} (0 = none): a card-level pairing look-ahead. For every card, the part of its free
     * milli that no sum of the target workload's shared shapes (one card, milli &lt; 1000, repetition allowed)
     * can fill exactly is counted as lost ({@code waste[r] = r − max reachable sum ≤ r}; a whole free card
     * counts 0). FGD only asks whether one more task fits on the remainder; this asks whether the remainder can
     * ever be used up. Filling takes CPU too: of the fillable part of a node's partly used cards, what its free
     * CPU cannot serve at the fillers' average CPU per milli counts as lost as well.</li>
     * </ul>
     */
    public FragmentationModel(TaskDistribution distribution, ClusterState state, double cpuWeight, double cpuCoresPerCardCap, double pairingWeight)
    {
        this(distribution, state, cpuWeight, cpuCoresPerCardCap, pairingWeight, 0);
    }

    /**
     * As {@link #FragmentationModel(TaskDistribution, ClusterState, double, double, double)}, with the pairing
     * look-ahead counting a shared size as able to fill a remainder only if it is at least {@code fillerShare}
     * times as frequent as the most frequent shared size (0 = every shared size). A size that rare arrives too
     * seldom to fill the remainders the common sizes leave (160-milli tasks against the 190 left by each
     * 810-milli one on the openb traces), so counting it would call those remainders fillable when in practice
     * they stay empty.
     */
    public FragmentationModel(TaskDistribution distribution, ClusterState state, double cpuWeight, double cpuCoresPerCardCap, double pairingWeight, double fillerShare)
    {
        if (cpuWeight < 0 || cpuCoresPerCardCap < 0 || pairingWeight < 0 || fillerShare < 0) {
            throw new IllegalArgumentException("cpuWeight, cpuCoresPerCardCap, pairingWeight and fillerShare must not be negative");
        }
        this.cpuWeight = cpuWeight;
        // cores per card = CPU milli per 1000 GPU milli = CPU milli per GPU milli.
        this.cpuPerGpuMilliCap = cpuCoresPerCardCap;
        this.pairingWeight = pairingWeight;
        int n = distribution.shapes().size();
        cpu = new long[n];
        cards = new int[n];
        milli = new int[n];
        mask = new long[n];
        frequency = new double[n];
        for (int i = 0; i < n; i++) {
            TaskShape shape = distribution.shapes().get(i);
            cpu[i] = shape.cpuMilli();
            cards[i] = shape.cards();
            milli[i] = shape.milliPerCard();
            mask[i] = state.modelMask(shape.models());
            frequency[i] = distribution.frequencies().get(i);
        }
        // Frequency of each shared milli size (one card, less than a whole one), summed over the shapes of that size.
        double[] sizeFrequency = new double[1000];
        double mostFrequent = 0;
        for (int i = 0; i < n; i++) {
            if (cards[i] == 1 && milli[i] > 0 && milli[i] < 1000) {
                sizeFrequency[milli[i]] += frequency[i];
                mostFrequent = Math.max(mostFrequent, sizeFrequency[milli[i]]);
            }
        }
        // Unbounded subset sum over the filler sizes: which remainders can be filled exactly.
        boolean[] reachable = new boolean[1001];
        reachable[0] = true;
        for (int r = 1; r <= 1000; r++) {
            for (int s = 1; s < 1000 && s <= r && !reachable[r]; s++) {
                reachable[r] = sizeFrequency[s] > 0 && sizeFrequency[s] >= fillerShare * mostFrequent && reachable[r - s];
            }
        }
        double fillerCpu = 0;
        double fillerMilli = 0;
        for (int i = 0; i < n; i++) {
            if (cards[i] == 1 && milli[i] > 0 && milli[i] < 1000 && sizeFrequency[milli[i]] >= fillerShare * mostFrequent) {
                fillerCpu += frequency[i] * cpu[i];
                fillerMilli += frequency[i] * milli[i];
            }
        }
        fillerCpuPerMilli = fillerMilli == 0 ? 0 : fillerCpu / fillerMilli;
        int best = 0;
        for (int r = 0; r < 1000; r++) {
            if (reachable[r]) {
                best = r;
            }
            waste[r] = r - best;
        }
        waste[1000] = 0;
    }

    /**
     * How over-subscribed each GPU model is by tasks that cannot go elsewhere: the share of the expected GPU
     * demand of model-constrained shapes that falls on the model (spread evenly over the models a shape
     * accepts), divided by the model's share of the cluster's cards. 0 for models no constrained shape wants;
     * above 1 when constrained demand alone exceeds the model's fair share.
     */
    public double[] modelPressure(ClusterState state)
    {
        int models = state.models().size();
        double[] capacity = new double[models];
        double totalCapacity = 0;
        for (int node = 0; node < state.nodeCount(); node++) {
            if (state.modelOf(node) >= 0) {
                capacity[state.modelOf(node)] += state.gpuCount(node) * 1000.0;
                totalCapacity += state.gpuCount(node) * 1000.0;
            }
        }
        double totalDemand = 0;
        double[] demand = new double[models];
        for (int t = 0; t < cpu.length; t++) {
            double milliPerTask = frequency[t] * cards[t] * milli[t];
            totalDemand += milliPerTask;
            if (cards[t] == 0 || mask[t] == -1L) {
                continue;
            }
            int accepted = Long.bitCount(mask[t] & ((1L << models) - 1));
            for (int m = 0; m < models; m++) {
                if ((mask[t] & (1L << m)) != 0) {
                    demand[m] += milliPerTask / accepted;
                }
            }
        }
        double[] pressure = new double[models];
        for (int m = 0; m < models; m++) {
            pressure[m] = capacity[m] == 0 || totalDemand == 0 ? 0 : (demand[m] / totalDemand) / (capacity[m] / totalCapacity);
        }
        return pressure;
    }

    /** Fragmentation of node {@code node} in its current state. */
    public double of(ClusterState state, int node)
    {
        int count = state.gpuCount(node);
        for (int d = 0; d < count; d++) {
            sorted[d] = state.gpuFree(node, d);
        }
        return of(state.modelOf(node), state.cpuFree(node), sorted, count);
    }

    /**
     * Fragmentation of a node with model index {@code model}, {@code cpuFree} CPU and cards with
     * {@code gpuFree[0..count)} free milli. {@code gpuFree} is reordered.
     */
    public double of(int model, long cpuFree, int[] gpuFree, int count)
    {
        if (count == 0) {
            return 0;
        }
        sortDescending(gpuFree, count);
        boolean memoisable = count <= 8 && model < 16 && cpuFree >= 0 && cpuFree < (1L << 40);
        long keyA = 0;
        long keyB = 0;
        if (memoisable) {
            for (int d = 0; d < Math.min(count, 6); d++) {
                keyA |= ((long) gpuFree[d]) << (10 * d);
            }
            keyA |= ((long) model) << 60;
            for (int d = 6; d < count; d++) {
                keyB |= ((long) gpuFree[d]) << (10 * (d - 6));
            }
            keyB |= cpuFree << 20;
            double cached = memo.get(keyA, keyB);
            if (!Double.isNaN(cached)) {
                return cached;
            }
        }
        double value = compute(model, cpuFree, gpuFree, count);
        if (memoisable) {
            memo.put(keyA, keyB, value);
        }
        return value;
    }

    private double compute(int model, long cpuFree, int[] free, int count)
    {
        long total = 0;
        for (int d = 0; d < count; d++) {
            total += free[d];
        }
        double fragmentation = 0;
        double stranded = 0;
        for (int t = 0; t < cpu.length; t++) {
            long fragment = total;
            if (cards[t] > 0 && model >= 0 && (mask[t] & (1L << model)) != 0 && cpuFree >= cpu[t]) {
                // free[] is sorted descending: the cards with room for one card of the task come first.
                int fitting = 0;
                long fittingMilli = 0;
                while (fitting < count && free[fitting] >= milli[t]) {
                    fittingMilli += free[fitting];
                    fitting++;
                }
                if (fitting >= cards[t]) {
                    fragment = total - fittingMilli;
                    if (cpuWeight > 0 && cpu[t] > 0) {
                        // How much of the usable milli the free CPU can actually serve with tasks of this shape.
                        long cpuUsable = cpuPerGpuMilliCap > 0 ? Math.min(cpuFree, (long) (cpuPerGpuMilliCap * total)) : cpuFree;
                        long byCpu = cpuUsable / cpu[t] * cards[t] * (long) milli[t];
                        if (byCpu < fittingMilli) {
                            stranded += frequency[t] * (fittingMilli - byCpu);
                        }
                    }
                }
            }
            fragmentation += frequency[t] * fragment;
        }
        double unpairable = 0;
        if (pairingWeight > 0) {
            long fillable = 0;
            for (int d = 0; d < count; d++) {
                int remainder = Math.clamp(free[d], 0, 1000);
                unpairable += waste[remainder];
                if (remainder > 0 && remainder < 1000) {
                    fillable += remainder - waste[remainder];
                }
            }
            // A remainder on a node whose CPU is gone stays empty however well it pairs (470s need 8–11 cores).
            if (fillerCpuPerMilli > 0) {
                unpairable += Math.max(0, fillable - cpuFree / fillerCpuPerMilli);
            }
        }
        return fragmentation + cpuWeight * stranded + pairingWeight * unpairable;
    }

    private static void sortDescending(int[] values, int count)
    {
        for (int i = 1; i < count; i++) {
            int value = values[i];
            int j = i - 1;
            while (j >= 0 && values[j] < value) {
                values[j + 1] = values[j];
                j--;
            }
            values[j + 1] = value;
        }
    }

    /** Open-addressing map from a 128-bit node-state key to its fragmentation; cleared when it grows too big. */
    private static final class FragMemo
    {
        private static final int MAX_ENTRIES = 1 << 20;

        private long[] keysA = new long[1 << 14];
        private long[] keysB = new long[1 << 14];
        private double[] values = newValues(1 << 14);
        private int size;

        double get(long a, long b)
        {
            int mask = keysA.length - 1;
            int slot = hash(a, b) & mask;
            while (!Double.isNaN(values[slot])) {
                if (keysA[slot] == a && keysB[slot] == b) {
                    return values[slot];
                }
                slot = (slot + 1) & mask;
            }
            return Double.NaN;
        }

        void put(long a, long b, double value)
        {
            if (size >= MAX_ENTRIES) {
                Arrays.fill(values, Double.NaN);
                size = 0;
            }
            if (2 * (size + 1) > keysA.length) {
                grow();
            }
            insert(a, b, value);
        }

        private void insert(long a, long b, double value)
        {
            int mask = keysA.length - 1;
            int slot = hash(a, b) & mask;
            while (!Double.isNaN(values[slot])) {
                if (keysA[slot] == a && keysB[slot] == b) {
                    values[slot] = value;
                    return;
                }
                slot = (slot + 1) & mask;
            }
            keysA[slot] = a;
            keysB[slot] = b;
            values[slot] = value;
            size++;
        }

        private void grow()
        {
            long[] oldA = keysA;
            long[] oldB = keysB;
            double[] oldValues = values;
            keysA = new long[oldA.length * 2];
            keysB = new long[oldA.length * 2];
            values = newValues(oldA.length * 2);
            size = 0;
            for (int i = 0; i < oldA.length; i++) {
                if (!Double.isNaN(oldValues[i])) {
                    insert(oldA[i], oldB[i], oldValues[i]);
                }
            }
        }

        private static double[] newValues(int size)
        {
            double[] values = new double[size];
            Arrays.fill(values, Double.NaN);
            return values;
        }

        private static int hash(long a, long b)
        {
            long h = a * 0x9E3779B97F4A7C15L + b * 0xC2B2AE3D27D4EB4FL;
            return (int) (h ^ (h >>> 29) ^ (h >>> 47));
        }
    }
}
