package io.meridian.server.monitoring.internal;

import io.meridian.executor.Executor;
import io.meridian.executor.usage.DeviceMetrics;
import io.meridian.executor.usage.InstanceUsage;
import io.meridian.executor.usage.NetworkBytes;
import io.meridian.executor.usage.ProfilingField;
import io.meridian.server.monitoring.DeviceSample;
import io.meridian.server.monitoring.InstanceMetrics;
import io.meridian.server.monitoring.InstanceSample;
import io.meridian.server.monitoring.Metric;
import io.meridian.server.monitoring.MonitoredWorkloads;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Turns the executor's cumulative usage counters into samples: rates (CPU cores, disk and network throughput) are
 * the difference to the previous reading of the same instance divided by the time between them, so an instance's
 * first reading has no rates. Utilization is relative to the instance's own limits, or to its node's capacity when it
 * has none (then it may use the whole node). Instances whose workload no feature claims are not sampled.
 */
final class InstanceSampling
{
    // DCGM's fields as the monitoring metrics they are
    static final Map<ProfilingField, Metric> FINE_GRAINED = Map.ofEntries(
            Map.entry(ProfilingField.APP_SM_CLOCK, Metric.GPU_APP_SM_CLOCK),
            Map.entry(ProfilingField.APP_MEMORY_CLOCK, Metric.GPU_APP_MEMORY_CLOCK),
            Map.entry(ProfilingField.MEMORY_COPY_UTILIZATION, Metric.GPU_MEMORY_BANDWIDTH_UTILIZATION),
            Map.entry(ProfilingField.GRAPHICS_ENGINE_ACTIVE, Metric.GPU_GRAPHICS_ENGINE_ACTIVE),
            Map.entry(ProfilingField.SM_ACTIVE, Metric.GPU_SM_ACTIVE),
            Map.entry(ProfilingField.SM_OCCUPANCY, Metric.GPU_SM_OCCUPANCY),
            Map.entry(ProfilingField.TENSOR_PIPE_ACTIVE, Metric.GPU_TENSOR_PIPE_ACTIVE),
            Map.entry(ProfilingField.DRAM_ACTIVE, Metric.GPU_DRAM_ACTIVE),
            Map.entry(ProfilingField.FP64_PIPE_ACTIVE, Metric.GPU_FP64_PIPE_ACTIVE),
            Map.entry(ProfilingField.FP32_PIPE_ACTIVE, Metric.GPU_FP32_PIPE_ACTIVE),
            Map.entry(ProfilingField.FP16_PIPE_ACTIVE, Metric.GPU_FP16_PIPE_ACTIVE),
            Map.entry(ProfilingField.PCIE_TRANSMIT, Metric.GPU_PCIE_TRANSMIT),
            Map.entry(ProfilingField.PCIE_RECEIVE, Metric.GPU_PCIE_RECEIVE),
            Map.entry(ProfilingField.NVLINK_TRANSMIT, Metric.GPU_NVLINK_TRANSMIT),
            Map.entry(ProfilingField.NVLINK_RECEIVE, Metric.GPU_NVLINK_RECEIVE));

    private final Executor executor;
    private final Supplier<List<MonitoredWorkloads>> workloads;
    private final InstanceMetrics metrics;
    private Map<String, InstanceUsage> previous = Map.of();

    InstanceSampling(Executor executor, Supplier<List<MonitoredWorkloads>> workloads, InstanceMetrics metrics)
    {
        this.executor = requireNonNull(executor, "executor is null");
        this.workloads = requireNonNull(workloads, "workloads is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    Executor executor()
    {
        return executor;
    }

    /** Reads usage now, records a sample per claimed running instance and returns them. */
    synchronized List<InstanceSample> sample()
    {
        List<InstanceUsage> readings = executor.usage();
        List<MonitoredWorkloads> owners = workloads.get();
        Map<String, Optional<String>> tenants = new HashMap<>();
        List<InstanceSample> samples = new ArrayList<>();
        Map<String, InstanceUsage> current = new HashMap<>();
        // one time for the whole pass: a job's amount at a time is the sum over the samples of one pass (see MetricsStore)
        Instant time = readings.stream().map(InstanceUsage::observedAt).min(Comparator.naturalOrder()).orElse(null);
        for (InstanceUsage usage : readings) {
            current.put(usage.instanceId(), usage);
            tenants.computeIfAbsent(usage.workloadId(), workloadId -> owners.stream()
                            .map(owner -> owner.tenantOf(workloadId))
                            .flatMap(Optional::stream)
                            .findFirst())
                    .ifPresent(tenantId -> samples.add(sample(tenantId, time, usage, previous.get(usage.instanceId()))));
        }
        metrics.record(samples);
        // ended instances drop out here, so the map holds only what runs
        previous = current;
        return samples;
    }

    /** A sample at {@code time} (its pass's), with rates from the readings' own times. */
    static InstanceSample sample(String tenantId, Instant time, InstanceUsage now, InstanceUsage before)
    {
        double seconds = before == null ? 0 : Duration.between(before.observedAt(), now.observedAt()).toNanos() / 1e9;
        boolean rates = seconds > 0;
        Double cores = rates ? rate(now.cpuTime().toNanos() / 1e9, before.cpuTime().toNanos() / 1e9, seconds) : null;
        double cpuCapacity = now.cpuLimitCores().orElse(now.node().cpuCores());
        long memoryCapacity = now.memoryLimitBytes().orElse(now.node().memoryBytes());
        Optional<NetworkBytes> network = now.network();
        Optional<NetworkBytes> networkBefore = before == null ? Optional.empty() : before.network();
        boolean networkRates = rates && network.isPresent() && networkBefore.isPresent();
        return new InstanceSample(
                tenantId,
                now.workloadId(),
                now.instanceId(),
                time,
                cores,
                cores == null ? null : 100 * cores / cpuCapacity,
                now.residentMemoryBytes(),
                100.0 * now.residentMemoryBytes() / memoryCapacity,
                rates ? rate(now.diskReadBytes(), before.diskReadBytes(), seconds) : null,
                rates ? rate(now.diskWriteBytes(), before.diskWriteBytes(), seconds) : null,
                networkRates ? rate(network.get().receivedBytes(), networkBefore.get().receivedBytes(), seconds) : null,
                networkRates ? rate(network.get().transmittedBytes(), networkBefore.get().transmittedBytes(), seconds) : null,
                now.devices().stream().map(InstanceSampling::device).toList());
    }

    /**
     * Null when the counter went backwards: a process of the instance ended without a member reaping it, so its
     * share left the sum and the difference says nothing about this interval.
     */
    private static Double rate(double now, double before, double seconds)
    {
        return now < before ? null : (now - before) / seconds;
    }

    private static DeviceSample device(DeviceMetrics card)
    {
        OptionalLong used = card.memoryUsedBytes();
        OptionalLong total = card.memoryTotalBytes();
        return new DeviceSample(
                card.index(),
                card.vendor().name(),
                value(card.utilizationPercent()),
                used.isPresent() ? used.getAsLong() : null,
                used.isPresent() && total.isPresent() && total.getAsLong() > 0 ? 100.0 * used.getAsLong() / total.getAsLong() : null,
                value(card.temperatureCelsius()),
                value(card.powerWatts()),
                card.healthy().orElse(null),
                card.profiling().entrySet().stream().collect(Collectors.toMap(entry -> FINE_GRAINED.get(entry.getKey()), Map.Entry::getValue)));
    }

    private static Double value(OptionalDouble value)
    {
        return value.isPresent() ? value.getAsDouble() : null;
    }
}
