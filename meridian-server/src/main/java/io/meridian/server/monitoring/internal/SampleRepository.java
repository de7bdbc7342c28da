package io.meridian.server.monitoring.internal;

import io.meridian.server.monitoring.DeviceSample;
import io.meridian.server.monitoring.InstanceSample;
import io.meridian.server.monitoring.Metric;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static java.util.Map.entry;
import static java.util.Objects.requireNonNull;

/**
 * The sample tables. Values are stored as whole numbers in fixed units (see V12__monitoring.sql) and steps are
 * computed in SQL by integer division of {@code sample_second}, so a 31-day chart reads one row per instance and day
 * rather than every sample.
 */
@Repository
class SampleRepository
{
    private static final String INSTANCES = "monitoring_samples";
    private static final String DEVICES = "monitoring_device_samples";

    /** Where a metric lives, and the factor from its unit to the stored whole number. */
    private record Column(String table, String name, double scale)
    {
        boolean perDevice()
        {
            return table.equals(DEVICES);
        }
    }

    private static final Map<Metric, Column> COLUMNS = Map.ofEntries(
            entry(Metric.CPU_UTILIZATION, new Column(INSTANCES, "cpu_utilization_bp", 100)),
            entry(Metric.CPU_USAGE, new Column(INSTANCES, "cpu_usage_millicores", 1000)),
            entry(Metric.MEMORY_UTILIZATION, new Column(INSTANCES, "memory_utilization_bp", 100)),
            entry(Metric.MEMORY_USAGE, new Column(INSTANCES, "memory_bytes", 1)),
            entry(Metric.DISK_READ_THROUGHPUT, new Column(INSTANCES, "disk_read_bps", 1)),
            entry(Metric.DISK_WRITE_THROUGHPUT, new Column(INSTANCES, "disk_write_bps", 1)),
            entry(Metric.NETWORK_RECEIVE_THROUGHPUT, new Column(INSTANCES, "network_receive_bps", 1)),
            entry(Metric.NETWORK_TRANSMIT_THROUGHPUT, new Column(INSTANCES, "network_transmit_bps", 1)),
            entry(Metric.DEVICE_UTILIZATION, new Column(DEVICES, "utilization_bp", 100)),
            entry(Metric.DEVICE_MEMORY_UTILIZATION, new Column(DEVICES, "memory_utilization_bp", 100)),
            entry(Metric.DEVICE_MEMORY_USAGE, new Column(DEVICES, "memory_used_bytes", 1)),
            entry(Metric.DEVICE_TEMPERATURE, new Column(DEVICES, "temperature_millicelsius", 1000)),
            entry(Metric.DEVICE_POWER, new Column(DEVICES, "power_milliwatts", 1000)),
            entry(Metric.NPU_HEALTH, new Column(DEVICES, "healthy", 1)),
            entry(Metric.GPU_APP_SM_CLOCK, new Column(DEVICES, "app_sm_clock_mhz", 1)),
            entry(Metric.GPU_APP_MEMORY_CLOCK, new Column(DEVICES, "app_memory_clock_mhz", 1)),
            entry(Metric.GPU_MEMORY_BANDWIDTH_UTILIZATION, new Column(DEVICES, "memory_copy_utilization_bp", 100)),
            entry(Metric.GPU_GRAPHICS_ENGINE_ACTIVE, new Column(DEVICES, "graphics_engine_active_ppm", 1_000_000)),
            entry(Metric.GPU_SM_ACTIVE, new Column(DEVICES, "sm_active_ppm", 1_000_000)),
            entry(Metric.GPU_SM_OCCUPANCY, new Column(DEVICES, "sm_occupancy_ppm", 1_000_000)),
            entry(Metric.GPU_TENSOR_PIPE_ACTIVE, new Column(DEVICES, "tensor_pipe_active_ppm", 1_000_000)),
            entry(Metric.GPU_DRAM_ACTIVE, new Column(DEVICES, "dram_active_ppm", 1_000_000)),
            entry(Metric.GPU_FP64_PIPE_ACTIVE, new Column(DEVICES, "fp64_pipe_active_ppm", 1_000_000)),
            entry(Metric.GPU_FP32_PIPE_ACTIVE, new Column(DEVICES, "fp32_pipe_active_ppm", 1_000_000)),
            entry(Metric.GPU_FP16_PIPE_ACTIVE, new Column(DEVICES, "fp16_pipe_active_ppm", 1_000_000)),
            entry(Metric.GPU_PCIE_TRANSMIT, new Column(DEVICES, "pcie_transmit_bps", 1)),
            entry(Metric.GPU_PCIE_RECEIVE, new Column(DEVICES, "pcie_receive_bps", 1)),
            entry(Metric.GPU_NVLINK_TRANSMIT, new Column(DEVICES, "nvlink_transmit_bps", 1)),
            entry(Metric.GPU_NVLINK_RECEIVE, new Column(DEVICES, "nvlink_receive_bps", 1)));

    /** The fine-grained GPU metrics, in the order of their columns in the device sample insert. */
    private static final List<Metric> FINE_GRAINED = List.copyOf(Metric.GPU_FINE_GRAINED);

    private final JdbcClient jdbc;

    SampleRepository(JdbcClient jdbc)
    {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    void insert(InstanceSample sample)
    {
        long second = sample.time().getEpochSecond();
        jdbc.sql("""
                INSERT INTO monitoring_samples (tenant_id, workload_id, instance_id, sample_second, cpu_usage_millicores, cpu_utilization_bp,
                    memory_bytes, memory_utilization_bp, disk_read_bps, disk_write_bps, network_receive_bps, network_transmit_bps)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
                .params(sample.tenantId(), sample.workloadId(), sample.instanceId(), second,
                        scaled(sample.cpuCores(), 1000), scaled(sample.cpuUtilizationPercent(), 100),
                        sample.memoryBytes(), scaled(sample.memoryUtilizationPercent(), 100),
                        scaled(sample.diskReadBytesPerSecond(), 1), scaled(sample.diskWriteBytesPerSecond(), 1),
                        scaled(sample.networkReceiveBytesPerSecond(), 1), scaled(sample.networkTransmitBytesPerSecond(), 1))
                .update();
        String fineGrainedColumns = FINE_GRAINED.stream().map(metric -> ", " + COLUMNS.get(metric).name()).collect(Collectors.joining());
        String fineGrainedValues = ", ?".repeat(FINE_GRAINED.size());
        for (DeviceSample device : sample.devices()) {
            List<Object> values = new ArrayList<>(Arrays.asList(sample.tenantId(), sample.workloadId(), sample.instanceId(), device.index(), device.vendor(),
                    second, scaled(device.utilizationPercent(), 100), device.memoryUsedBytes(), scaled(device.memoryUtilizationPercent(), 100),
                    scaled(device.temperatureCelsius(), 1000), scaled(device.powerWatts(), 1000),
                    device.healthy() == null ? null : (device.healthy() ? 1 : 0)));
            FINE_GRAINED.forEach(metric -> values.add(scaled(device.fineGrained().get(metric), COLUMNS.get(metric).scale())));
            jdbc.sql("""
                    INSERT INTO monitoring_device_samples (tenant_id, workload_id, instance_id, device_index, vendor, sample_second, utilization_bp,
                        memory_used_bytes, memory_utilization_bp, temperature_millicelsius, power_milliwatts, healthy%s)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?%s)
                    """.formatted(fineGrainedColumns, fineGrainedValues))
                    .params(values)
                    .update();
        }
    }

    /**
     * One value per instance (and card), step and metric within {@code [fromSecond, toSecond)} of the tenant: the
     * average of the step's samples, or their minimum when {@code minimum}.
     */
    List<StepValue> steps(String tenantId, List<String> instanceIds, Metric metric, long fromSecond, long toSecond, long stepSeconds, boolean minimum)
    {
        Column column = COLUMNS.get(metric);
        String device = column.perDevice() ? ", device_index" : "";
        // the step length is inlined (a number from an enum, not input): PostgreSQL only matches GROUP BY and SELECT
        // expressions that are textually equal, and two parameters never are
        String bucket = "sample_second / " + stepSeconds;
        String sql = "SELECT instance_id" + device + ", " + bucket + " AS bucket, SUM(" + column.name() + ") AS total, COUNT(" + column.name() + ") AS samples, "
                + "MIN(" + column.name() + ") AS lowest FROM " + column.table()
                + " WHERE tenant_id = ? AND instance_id IN (" + String.join(", ", Collections.nCopies(instanceIds.size(), "?")) + ")"
                + " AND sample_second >= ? AND sample_second < ? AND " + column.name() + " IS NOT NULL"
                + " GROUP BY instance_id" + device + ", " + bucket
                + " ORDER BY instance_id" + device + ", bucket";
        List<Object> params = new ArrayList<>();
        params.add(tenantId);
        params.addAll(instanceIds);
        params.add(fromSecond);
        params.add(toSecond);
        return jdbc.sql(sql).params(params).query((rs, row) -> {
            double value = minimum ? rs.getDouble("lowest") : rs.getDouble("total") / rs.getLong("samples");
            return new StepValue(
                    rs.getString("instance_id"),
                    column.perDevice() ? rs.getInt("device_index") : null,
                    rs.getLong("bucket") * stepSeconds,
                    value / column.scale());
        }).list();
    }

    /**
     * The job's amount per step within {@code [fromSecond, toSecond)}: what its instances (and cards) used at one time,
     * summed, averaged over the times sampled in the step. A sampler pass stamps all its samples with one second, so
     * instances that ran one after the other (two attempts of a run) are not added up as if they had run together.
     */
    List<StepTotal> jobTotals(String tenantId, List<String> instanceIds, Metric metric, long fromSecond, long toSecond, long stepSeconds)
    {
        Column column = COLUMNS.get(metric);
        String bucket = "sample_second / " + stepSeconds;
        String sql = "SELECT " + bucket + " AS bucket, SUM(" + column.name() + ") AS total, COUNT(DISTINCT sample_second) AS times FROM " + column.table()
                + " WHERE tenant_id = ? AND instance_id IN (" + String.join(", ", Collections.nCopies(instanceIds.size(), "?")) + ")"
                + " AND sample_second >= ? AND sample_second < ? AND " + column.name() + " IS NOT NULL"
                + " GROUP BY " + bucket
                + " ORDER BY bucket";
        List<Object> params = new ArrayList<>();
        params.add(tenantId);
        params.addAll(instanceIds);
        params.add(fromSecond);
        params.add(toSecond);
        return jdbc.sql(sql).params(params)
                .query((rs, row) -> new StepTotal(rs.getLong("bucket") * stepSeconds, rs.getDouble("total") / rs.getLong("times") / column.scale()))
                .list();
    }

    /** Drops samples older than the given second, the oldest a chart may show. */
    int deleteBefore(long second)
    {
        return jdbc.sql("DELETE FROM monitoring_samples WHERE sample_second < ?").param(second).update()
                + jdbc.sql("DELETE FROM monitoring_device_samples WHERE sample_second < ?").param(second).update();
    }

    /** The value of one series at one step, which starts at {@code second}. */
    record StepValue(String instanceId, Integer device, long second, double value) {}

    /** The job's value at one step, which starts at {@code second}. */
    record StepTotal(long second, double value) {}

    private static Long scaled(Double value, double scale)
    {
        return value == null || value.isNaN() || value.isInfinite() ? null : Math.round(value * scale);
    }
}
