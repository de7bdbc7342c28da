package io.meridian.server.resource;

import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A node as a scheduler sees it. {@code cpuCores} and {@code memoryGiB} are what workloads may use (the machine's
 * capacity minus the system's reserve); {@code taints} are {@code key=value:effect}. {@code vendor} is {@code nvidia} or {@code ascend}. {@code virtualDevices} is true
 * when the devices are declared capacity rather than detected hardware. {@code deviceMemoryGiB} is one card's memory as the
 * device catalog knows its model, 0 when unknown (then card memory is not checked by placement).
 */
public record NodeSummary(
        String id,
        String name,
        String clusterId,
        String zoneId,
        String leafSwitch,
        String deviceModel,
        String vendor,
        int deviceCount,
        int cpuCores,
        int memoryGiB,
        Map<String, String> labels,
        List<String> taints,
        NodeStatus status,
        boolean virtualDevices,
        int deviceMemoryGiB)
{
    public NodeSummary
    {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(deviceModel, "deviceModel is null");
        labels = Map.copyOf(labels);
        taints = List.copyOf(taints);
        requireNonNull(status, "status is null");
    }
}
