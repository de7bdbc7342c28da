package io.meridian.executor.usage;

import io.meridian.executor.DeviceVendor;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * Current metrics of one accelerator card, as its vendor tool reports them; a value the tool does not report
 * ({@code [N/A]}, {@code [Not Supported]}) is absent.
 *
 * @param index the card's index on its node, as in {@code CUDA_VISIBLE_DEVICES} / {@code ASCEND_RT_VISIBLE_DEVICES}
 * @param utilizationPercent share of the last sample period the card was busy (NPU: AI core usage)
 * @param healthy NPU only: whether the card reports a healthy state ({@code npu-smi} Health {@code OK})
 * @param profiling NVIDIA with DCGM only: the fine-grained metrics DCGM reported for the card (unsupported ones absent)
 */
public record DeviceMetrics(
        DeviceVendor vendor,
        int index,
        OptionalDouble utilizationPercent,
        OptionalLong memoryUsedBytes,
        OptionalLong memoryTotalBytes,
        OptionalDouble temperatureCelsius,
        OptionalDouble powerWatts,
        Optional<Boolean> healthy,
        Map<ProfilingField, Double> profiling)
{
    public DeviceMetrics
    {
        requireNonNull(vendor, "vendor is null");
        requireNonNull(utilizationPercent, "utilizationPercent is null");
        requireNonNull(memoryUsedBytes, "memoryUsedBytes is null");
        requireNonNull(memoryTotalBytes, "memoryTotalBytes is null");
        requireNonNull(temperatureCelsius, "temperatureCelsius is null");
        requireNonNull(powerWatts, "powerWatts is null");
        requireNonNull(healthy, "healthy is null");
        profiling = Map.copyOf(requireNonNull(profiling, "profiling is null"));
        if (index < 0) {
            throw new IllegalArgumentException("negative device index: " + index);
        }
    }

    /** Metrics without fine-grained profiling, as the vendor's management tool reports them. */
    public DeviceMetrics(DeviceVendor vendor, int index, OptionalDouble utilizationPercent, OptionalLong memoryUsedBytes, OptionalLong memoryTotalBytes,
            OptionalDouble temperatureCelsius, OptionalDouble powerWatts, Optional<Boolean> healthy)
    {
        this(vendor, index, utilizationPercent, memoryUsedBytes, memoryTotalBytes, temperatureCelsius, powerWatts, healthy, Map.of());
    }

    public DeviceMetrics withProfiling(Map<ProfilingField, Double> profiling)
    {
        return new DeviceMetrics(vendor, index, utilizationPercent, memoryUsedBytes, memoryTotalBytes, temperatureCelsius, powerWatts, healthy, profiling);
    }
}
