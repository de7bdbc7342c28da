package io.meridian.server.monitoring;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The resource metrics of 001-A §5.7 / §6.7 / §7.7, with how a job (all instances of one run) aggregates them:
 * utilization and rates are averaged over the instances (or cards), usage amounts are summed, and card temperature,
 * power and NPU health exist per instance only. Card metrics form one series per card of an instance.
 */
public enum Metric
{
    /** CPU使用率: CPU time used / CPU time the instance may use (its CPU limit), in %. */
    CPU_UTILIZATION(Unit.PERCENT, Aggregation.AVERAGE, false),
    /** CPU使用量: cores used. */
    CPU_USAGE(Unit.CORES, Aggregation.SUM, false),
    /** 内存使用率: resident memory / the instance's memory limit, in %. */
    MEMORY_UTILIZATION(Unit.PERCENT, Aggregation.AVERAGE, false),
    /** 内存使用量: resident memory. */
    MEMORY_USAGE(Unit.BYTES, Aggregation.SUM, false),
    DISK_READ_THROUGHPUT(Unit.BYTES_PER_SECOND, Aggregation.AVERAGE, false),
    DISK_WRITE_THROUGHPUT(Unit.BYTES_PER_SECOND, Aggregation.AVERAGE, false),
    /** 普通网络吞吐, received; only where the backend can attribute traffic to an instance. */
    NETWORK_RECEIVE_THROUGHPUT(Unit.BYTES_PER_SECOND, Aggregation.AVERAGE, false),
    /** 普通网络吞吐, sent. */
    NETWORK_TRANSMIT_THROUGHPUT(Unit.BYTES_PER_SECOND, Aggregation.AVERAGE, false),
    /** GPU/NPU使用率. */
    DEVICE_UTILIZATION(Unit.PERCENT, Aggregation.AVERAGE, true),
    /** GPU/NPU显存使用率. */
    DEVICE_MEMORY_UTILIZATION(Unit.PERCENT, Aggregation.AVERAGE, true),
    /** GPU/NPU显存使用量. */
    DEVICE_MEMORY_USAGE(Unit.BYTES, Aggregation.SUM, true),
    /** GPU/NPU卡温度: instance only. */
    DEVICE_TEMPERATURE(Unit.CELSIUS, Aggregation.NONE, true),
    /** GPU/NPU功耗: instance only. */
    DEVICE_POWER(Unit.WATTS, Aggregation.NONE, true),
    /**
     * NPU卡健康状态, {0, 1}: 1 when the card was healthy throughout the step, 0 when an unhealthy state occurred in
     * it (so a step takes the minimum of its samples, not their average). Instance only.
     */
    NPU_HEALTH(Unit.STATE, Aggregation.NONE, true),

    // GPU细粒度指标 (001-A §6.7): NVIDIA DCGM's fields, where DCGM runs; per card, averaged over the job's cards
    /** GPU应用时钟频率 (DCGM_FI_DEV_APP_SM_CLOCK). */
    GPU_APP_SM_CLOCK(Unit.MEGAHERTZ, Aggregation.AVERAGE, true),
    /** GPU显存应用时钟频率 (DCGM_FI_DEV_APP_MEM_CLOCK). */
    GPU_APP_MEMORY_CLOCK(Unit.MEGAHERTZ, Aggregation.AVERAGE, true),
    /** GPU显存带宽利用率 (DCGM_FI_DEV_MEM_COPY_UTIL): 450 GB/s on a 900 GB/s V100 is 50 %. */
    GPU_MEMORY_BANDWIDTH_UTILIZATION(Unit.PERCENT, Aggregation.AVERAGE, true),
    /** GPU引擎活跃情况 (DCGM_FI_PROF_GR_ENGINE_ACTIVE). */
    GPU_GRAPHICS_ENGINE_ACTIVE(Unit.RATIO, Aggregation.AVERAGE, true),
    /** GPU线程束活跃时间占比 (DCGM_FI_PROF_SM_ACTIVE): below 0.5 is inefficient, above 0.8 is needed. */
    GPU_SM_ACTIVE(Unit.RATIO, Aggregation.AVERAGE, true),
    /** GPU线程束占用率 (DCGM_FI_PROF_SM_OCCUPANCY). */
    GPU_SM_OCCUPANCY(Unit.RATIO, Aggregation.AVERAGE, true),
    /** GPU张量通道活跃周期分数 (DCGM_FI_PROF_PIPE_TENSOR_ACTIVE). */
    GPU_TENSOR_PIPE_ACTIVE(Unit.RATIO, Aggregation.AVERAGE, true),
    /** GPU显存拷贝活跃周期分数 (DCGM_FI_PROF_DRAM_ACTIVE): about 0.8 is the practical peak. */
    GPU_DRAM_ACTIVE(Unit.RATIO, Aggregation.AVERAGE, true),
    /** GPU FP64通道活跃周期分数 (DCGM_FI_PROF_PIPE_FP64_ACTIVE); not on every card. */
    GPU_FP64_PIPE_ACTIVE(Unit.RATIO, Aggregation.AVERAGE, true),
    /** GPU FP32通道活跃周期分数 (DCGM_FI_PROF_PIPE_FP32_ACTIVE). */
    GPU_FP32_PIPE_ACTIVE(Unit.RATIO, Aggregation.AVERAGE, true),
    /** GPU FP16通道活跃周期分数 (DCGM_FI_PROF_PIPE_FP16_ACTIVE). */
    GPU_FP16_PIPE_ACTIVE(Unit.RATIO, Aggregation.AVERAGE, true),
    /** GPU PCIe传输数据速率 (DCGM_FI_PROF_PCIE_TX_BYTES), headers included. */
    GPU_PCIE_TRANSMIT(Unit.BYTES_PER_SECOND, Aggregation.AVERAGE, true),
    /** GPU PCIe接收数据速率 (DCGM_FI_PROF_PCIE_RX_BYTES). */
    GPU_PCIE_RECEIVE(Unit.BYTES_PER_SECOND, Aggregation.AVERAGE, true),
    /** GPU NVLINK传输数据速率 (DCGM_FI_PROF_NVLINK_TX_BYTES), headers excluded. */
    GPU_NVLINK_TRANSMIT(Unit.BYTES_PER_SECOND, Aggregation.AVERAGE, true),
    /** GPU NVLINK接收数据速率 (DCGM_FI_PROF_NVLINK_RX_BYTES). */
    GPU_NVLINK_RECEIVE(Unit.BYTES_PER_SECOND, Aggregation.AVERAGE, true);

    /** GPU细粒度指标: what DCGM reports, where it runs. */
    public static final Set<Metric> GPU_FINE_GRAINED = Collections.unmodifiableSet(EnumSet.range(GPU_APP_SM_CLOCK, GPU_NVLINK_RECEIVE));

    public enum Unit
    {
        PERCENT, CORES, BYTES, BYTES_PER_SECOND, CELSIUS, WATTS, STATE,
        /** Clock frequency. */
        MEGAHERTZ,
        /** A fraction from 0 to 1 (of the time, or of the cycles). */
        RATIO
    }

    /** How the job dimension combines the instances' (or cards') values of one step. */
    public enum Aggregation
    {
        AVERAGE, SUM,
        /** The metric has no job dimension. */
        NONE
    }

    private final Unit unit;
    private final Aggregation aggregation;
    private final boolean perDevice;

    Metric(Unit unit, Aggregation aggregation, boolean perDevice)
    {
        this.unit = unit;
        this.aggregation = aggregation;
        this.perDevice = perDevice;
    }

    public Unit unit()
    {
        return unit;
    }

    public Aggregation aggregation()
    {
        return aggregation;
    }

    /** Whether the metric has one series per card of an instance. */
    public boolean perDevice()
    {
        return perDevice;
    }
}
