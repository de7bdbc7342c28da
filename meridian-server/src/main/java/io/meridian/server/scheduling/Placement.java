package io.meridian.server.scheduling;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Where one instance of an admitted workload runs: the node, the card indices on it (0-based; empty for CPU-only
 * instances) and what it holds there.
 *
 * @param instanceName the role and index, {@code worker-0}
 * @param sharedMilli thousandths of each card an instance with shared cards (eGPU) holds; 0 for whole cards
 * @param gpuMemoryMib card memory held on each card (the share's memory for shared cards; 0 when not asked for)
 */
public record Placement(
        String instanceName,
        String role,
        int index,
        String nodeId,
        String nodeName,
        List<Integer> deviceIndices,
        String deviceModel,
        String vendor,
        int sharedMilli,
        long gpuMemoryMib,
        long cpuMilli,
        long memoryMib)
{
    public Placement
    {
        requireNonNull(instanceName, "instanceName is null");
        requireNonNull(nodeId, "nodeId is null");
        deviceIndices = List.copyOf(deviceIndices);
    }
}
