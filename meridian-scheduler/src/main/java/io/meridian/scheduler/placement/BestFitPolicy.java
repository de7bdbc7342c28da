package io.meridian.scheduler.placement;

import io.meridian.scheduler.state.ClusterState;

/**
 * Bin packing: the node left with the least free CPU and GPU (each normalised by the largest node, weighted
 * equally, as in the FGD artifact's best-fit baseline) wins; a shared task goes on the fullest card that fits.
 */
public final class BestFitPolicy
        implements PlacementPolicy
{
    private final double maxCpu;
    private final double maxGpu;

    public BestFitPolicy(ClusterState state)
    {
        long cpu = 1;
        long gpu = 1;
        for (int node = 0; node < state.nodeCount(); node++) {
            cpu = Math.max(cpu, state.node(node).cpuMilli());
            gpu = Math.max(gpu, state.gpuCount(node) * 1000L);
        }
        this.maxCpu = cpu;
        this.maxGpu = gpu;
    }

    @Override
    public String name()
    {
        return "best-fit";
    }

    @Override
    public boolean randomTieBreak()
    {
        return true;
    }

    @Override
    public double score(ClusterState state, int node, InstanceShape shape, DeviceChoice choice)
    {
        long gpuFree = bestFitDevices(state, node, shape, choice);
        double cpuLeft = state.cpuFree(node) - shape.cpuMilli();
        double gpuLeft = gpuFree - shape.gpuMilli();
        return -(0.5 * cpuLeft / maxCpu + 0.5 * gpuLeft / maxGpu);
    }

    /** Fills {@code choice} with the fullest cards that fit (whole cards: the first that fit); returns the node's total free GPU milli. */
    static long bestFitDevices(ClusterState state, int node, InstanceShape shape, DeviceChoice choice)
    {
        long free = 0;
        int bestDevice = -1;
        for (int d = 0; d < state.gpuCount(node); d++) {
            free += state.gpuFree(node, d);
            if (shape.isShared() && !shape.isMultiShared() && Feasibility.deviceFits(state, node, d, shape)
                    && (bestDevice < 0 || state.gpuFree(node, d) < state.gpuFree(node, bestDevice))) {
                bestDevice = d;
            }
        }
        if (shape.isMultiShared()) {
            Feasibility.fullestFit(state, node, shape, choice);
        }
        else if (shape.isShared()) {
            choice.clear();
            choice.add(bestDevice);
        }
        else {
            Feasibility.firstFit(state, node, shape, choice);
        }
        return free;
    }
}
