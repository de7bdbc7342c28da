package io.meridian.scheduler.placement;

import io.meridian.scheduler.state.ClusterState;

import static java.util.Objects.requireNonNull;

/**
 * Fragmentation Gradient Descent (Weng et al., ATC'23), reproduced as the paper's artifact runs it: the node
 * whose expected fragmentation grows least wins. The artifact turns the decrease Δ into the kube-scheduler
 * score {@code int(sigmoid(Δ/1000)·100)} and takes the first node (in node-list order) among equal scores; for a
 * shared-card task it tries each card that has room and keeps the first card with the highest score. (Breaking
 * the ties at random instead, as stock kube-scheduler does, costs about four points of allocation on the
 * default trace; first-node ties reproduce the published figures within a few tenths.) This baseline keeps that
 * quantisation and tie-breaking on purpose, so that it is comparable with the published numbers.
 */
public final class FgdPolicy
        implements PlacementPolicy
{
    private final FragmentationModel fragmentation;
    private final int[] buffer = new int[256];

    public FgdPolicy(FragmentationModel fragmentation)
    {
        this.fragmentation = requireNonNull(fragmentation, "fragmentation is null");
    }

    @Override
    public String name()
    {
        return "fgd";
    }

    @Override
    public boolean randomTieBreak()
    {
        return false;
    }

    @Override
    public double score(ClusterState state, int node, InstanceShape shape, DeviceChoice choice)
    {
        double before = fragmentation.of(state, node);
        int model = state.modelOf(node);
        int count = state.gpuCount(node);
        long cpuAfter = state.cpuFree(node) - shape.cpuMilli();
        if (shape.isShared() && !shape.isMultiShared()) {
            double bestScore = Double.NEGATIVE_INFINITY;
            int bestDevice = -1;
            for (int d = 0; d < count; d++) {
                if (!Feasibility.deviceFits(state, node, d, shape)) {
                    continue;
                }
                load(state, node, count);
                buffer[d] -= shape.milliPerCard();
                double score = quantise(before - fragmentation.of(model, cpuAfter, buffer, count));
                if (score > bestScore) {
                    bestScore = score;
                    bestDevice = d;
                }
            }
            choice.clear();
            choice.add(bestDevice);
            return bestScore;
        }
        pickCards(state, node, shape, choice);
        load(state, node, count);
        for (int i = 0; i < choice.count(); i++) {
            buffer[choice.device(i)] -= shape.milliPerCard();
        }
        return quantise(before - fragmentation.of(model, cpuAfter, buffer, count));
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

    private static double quantise(double decrease)
    {
        return (long) (100.0 / (1.0 + Math.exp(-decrease / 1000.0)));
    }
}
