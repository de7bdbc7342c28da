package io.meridian.server.monitoring;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * One card of an instance at the time of its {@link InstanceSample}; a value the card's tool did not report is null.
 *
 * @param vendor {@code NVIDIA} or {@code ASCEND}
 * @param healthy NPU only
 * @param fineGrained the GPU细粒度指标 DCGM reported for the card, by their {@link Metric} (empty without DCGM)
 */
public record DeviceSample(
        int index,
        String vendor,
        Double utilizationPercent,
        Long memoryUsedBytes,
        Double memoryUtilizationPercent,
        Double temperatureCelsius,
        Double powerWatts,
        Boolean healthy,
        Map<Metric, Double> fineGrained)
{
    public DeviceSample
    {
        requireNonNull(vendor, "vendor is null");
        if (index < 0) {
            throw new IllegalArgumentException("negative device index: " + index);
        }
        fineGrained = Map.copyOf(requireNonNull(fineGrained, "fineGrained is null"));
    }

    /** A card without fine-grained metrics. */
    public DeviceSample(int index, String vendor, Double utilizationPercent, Long memoryUsedBytes, Double memoryUtilizationPercent, Double temperatureCelsius,
            Double powerWatts, Boolean healthy)
    {
        this(index, vendor, utilizationPercent, memoryUsedBytes, memoryUtilizationPercent, temperatureCelsius, powerWatts, healthy, Map.of());
    }
}
