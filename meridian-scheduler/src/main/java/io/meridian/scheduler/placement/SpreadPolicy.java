package io.meridian.scheduler.placement;

import io.meridian.scheduler.state.ClusterState;

/**
 * Spreading: the node left with the most free CPU and GPU wins (fewest instances per node, smallest blast
 * radius), a shared task goes on the emptiest card. The opposite of {@link BestFitPolicy}.
 */
public final class SpreadPolicy
        implements PlacementPolicy
{
    @Override
    public String name()
    {
        return "spread";
    }

    @Override
    public double score(ClusterState state, int node, InstanceShape shape, DeviceChoice choice)
    {
        long free = 0;
        int emptiest = -1;
        for (int d = 0; d < state.gpuCount(node); d++) {
            free += state.gpuFree(node, d);
            if (shape.isShared() && !shape.isMultiShared() && Feasibility.deviceFits(state, node, d, shape)
                    && (emptiest < 0 || state.gpuFree(node, d) > state.gpuFree(node, emptiest))) {
                emptiest = d;
            }
        }
        if (shape.isMultiShared()) {
            Feasibility.emptiestFit(state, node, shape, choice);
        }
        else if (shape.isShared()) {
            choice.clear();
            choice.add(emptiest);
        }
        else {
            Feasibility.firstFit(state, node, shape, choice);
        }
        double cpuShare = state.node(node).cpuMilli() == 0 ? 0 : (double) (state.cpuFree(node) - shape.cpuMilli()) / state.node(node).cpuMilli();
        double gpuShare = state.gpuCount(node) == 0 ? 0 : (double) (free - shape.gpuMilli()) / (state.gpuCount(node) * 1000.0);
        return cpuShare + gpuShare;
    }
}
