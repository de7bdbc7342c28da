package io.meridian.server.scheduling;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code count} identical instances of one role of a workload ("worker" × 4). The shape is either a resource flavor of the
 * cluster ({@code flavorName}, e.g. {@code 14C_100G_1*A800}: its cores, memory, cards and device model) or explicit:
 * {@code cpuMilli}, {@code memoryMib}, and either {@code gpuCards} whole cards or a share of one card ({@code sharedMilli}
 * thousandths of its compute plus {@code gpuMemoryMib} of its memory). A shared-card flavor (eGPU,
 * {@code 2*(L40S(eGPU)_5G_1C_8G)}) resolves to {@code gpuCards} shares, each of {@code sharedMilli} and {@code gpuMemoryMib}
 * on a distinct card of one node.
 *
 * @param deviceModels card models the instances may run on; empty means any (a flavor implies its own model)
 * @param nodeSelector labels a node must carry, exact values
 * @param tolerations taints the instances tolerate: {@code key} (any value) or {@code key=value}
 */
public record InstanceGroupRequest(
        String role,
        int count,
        String flavorName,
        long cpuMilli,
        long memoryMib,
        int gpuCards,
        int sharedMilli,
        long gpuMemoryMib,
        Set<String> deviceModels,
        Map<String, String> nodeSelector,
        List<String> tolerations)
{
    public InstanceGroupRequest
    {
        deviceModels = deviceModels == null ? Set.of() : Set.copyOf(deviceModels);
        nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
        tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
    }

    /** Instances of a resource flavor of the cluster. */
    public static InstanceGroupRequest ofFlavor(String role, int count, String flavorName)
    {
        return new InstanceGroupRequest(role, count, flavorName, 0, 0, 0, 0, 0, Set.of(), Map.of(), List.of());
    }

    /** Instances of an explicit shape with whole cards (0 for CPU-only). */
    public static InstanceGroupRequest ofShape(String role, int count, long cpuMilli, long memoryMib, int gpuCards, Set<String> deviceModels)
    {
        return new InstanceGroupRequest(role, count, null, cpuMilli, memoryMib, gpuCards, 0, 0, deviceModels, Map.of(), List.of());
    }
}
