package io.meridian.executor.usage;

/**
 * The fine-grained GPU metrics of 001-A §6.7 (GPU细粒度指标), as NVIDIA DCGM reports them where DCGM runs: the field's
 * DCGM id and what its value is. Ratios are 0-1 of the sample interval (or of the cycles); byte rates are bytes per
 * second averaged over the interval; clocks are MHz.
 */
public enum ProfilingField
{
    /** GPU应用时钟频率, DCGM_FI_DEV_APP_SM_CLOCK (MHz). */
    APP_SM_CLOCK(110),
    /** GPU显存应用时钟频率, DCGM_FI_DEV_APP_MEM_CLOCK (MHz). */
    APP_MEMORY_CLOCK(111),
    /** GPU显存带宽利用率, DCGM_FI_DEV_MEM_COPY_UTIL (%). */
    MEMORY_COPY_UTILIZATION(204),
    /** GPU引擎活跃情况, DCGM_FI_PROF_GR_ENGINE_ACTIVE (ratio). */
    GRAPHICS_ENGINE_ACTIVE(1001),
    /** GPU线程束活跃时间占比, DCGM_FI_PROF_SM_ACTIVE (ratio). */
    SM_ACTIVE(1002),
    /** GPU线程束占用率, DCGM_FI_PROF_SM_OCCUPANCY (ratio). */
    SM_OCCUPANCY(1003),
    /** GPU张量通道活跃周期分数, DCGM_FI_PROF_PIPE_TENSOR_ACTIVE (ratio). */
    TENSOR_PIPE_ACTIVE(1004),
    /** GPU显存拷贝活跃周期分数, DCGM_FI_PROF_DRAM_ACTIVE (ratio). */
    DRAM_ACTIVE(1005),
    /** GPU FP64通道活跃周期分数, DCGM_FI_PROF_PIPE_FP64_ACTIVE (ratio; not every card has it). */
    FP64_PIPE_ACTIVE(1006),
    /** GPU FP32通道活跃周期分数, DCGM_FI_PROF_PIPE_FP32_ACTIVE (ratio). */
    FP32_PIPE_ACTIVE(1007),
    /** GPU FP16通道活跃周期分数, DCGM_FI_PROF_PIPE_FP16_ACTIVE (ratio). */
    FP16_PIPE_ACTIVE(1008),
    /** GPU PCIe传输数据速率, DCGM_FI_PROF_PCIE_TX_BYTES (bytes/s). */
    PCIE_TRANSMIT(1009),
    /** GPU PCIe接收数据速率, DCGM_FI_PROF_PCIE_RX_BYTES (bytes/s). */
    PCIE_RECEIVE(1010),
    /** GPU NVLINK传输数据速率, DCGM_FI_PROF_NVLINK_TX_BYTES (bytes/s). */
    NVLINK_TRANSMIT(1011),
    /** GPU NVLINK接收数据速率, DCGM_FI_PROF_NVLINK_RX_BYTES (bytes/s). */
    NVLINK_RECEIVE(1012);

    private final int dcgmFieldId;

    ProfilingField(int dcgmFieldId)
    {
        this.dcgmFieldId = dcgmFieldId;
    }

    public int dcgmFieldId()
    {
        return dcgmFieldId;
    }
}
