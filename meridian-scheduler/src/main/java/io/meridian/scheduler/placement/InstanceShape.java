package io.meridian.scheduler.placement;

import io.meridian.scheduler.model.InstanceGroup;
import io.meridian.scheduler.model.Toleration;
import io.meridian.scheduler.state.ClusterState;

import java.util.List;
import java.util.Map;

/**
 * One instance's request compiled against a cluster: GPU models turned into a bit mask over the cluster's
 * model indices so that the hot loop compares longs instead of strings.
 *
 * @param modelMask bit i set when the cluster's model i is acceptable; −1 when any model is
 */
public record InstanceShape(
        long cpuMilli,
        long memoryMib,
        int cards,
        int milliPerCard,
        long gpuMemoryMib,
        long modelMask,
        Map<String, String> nodeSelector,
        List<Toleration> tolerations)
{
    public InstanceShape
    {
        nodeSelector = Map.copyOf(nodeSelector);
        tolerations = List.copyOf(tolerations);
    }

    public static InstanceShape compile(InstanceGroup group, ClusterState state)
    {
        return new InstanceShape(
                group.cpuMilli(),
                group.memoryMib(),
                group.gpu().cards(),
                group.gpu().milliPerCard(),
                group.gpu().memoryMib(),
                group.gpu().needsGpu() ? state.modelMask(group.gpu().acceptableModels()) : -1L,
                group.nodeSelector(),
                group.tolerations());
    }

    public boolean needsGpu()
    {
        return cards > 0;
    }

    /** Shares of cards (one or more, each on a distinct card) rather than whole cards. */
    public boolean isShared()
    {
        return cards > 0 && milliPerCard < 1000;
    }

    /** Shares of more than one card: the policies put them on the fullest cards that fit (see {@link Feasibility#fullestFit}). */
    public boolean isMultiShared()
    {
        return cards > 1 && milliPerCard < 1000;
    }

    public long gpuMilli()
    {
        return (long) cards * milliPerCard;
    }

    public boolean acceptsModel(int model)
    {
        return model >= 0 && (modelMask & (1L << model)) != 0;
    }
}
