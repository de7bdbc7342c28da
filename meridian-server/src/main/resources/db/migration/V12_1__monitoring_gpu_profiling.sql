-- The fine-grained GPU metrics of 001-A §6.7 (GPU细粒度指标), where DCGM reports them. Units as the column names say:
-- clocks in MHz, ratios in parts per million, percentages in basis points, byte rates in bytes per second.
ALTER TABLE monitoring_device_samples ADD COLUMN app_sm_clock_mhz BIGINT;
ALTER TABLE monitoring_device_samples ADD COLUMN app_memory_clock_mhz BIGINT;
ALTER TABLE monitoring_device_samples ADD COLUMN memory_copy_utilization_bp BIGINT;
ALTER TABLE monitoring_device_samples ADD COLUMN graphics_engine_active_ppm BIGINT;
ALTER TABLE monitoring_device_samples ADD COLUMN sm_active_ppm BIGINT;
ALTER TABLE monitoring_device_samples ADD COLUMN sm_occupancy_ppm BIGINT;
ALTER TABLE monitoring_device_samples ADD COLUMN tensor_pipe_active_ppm BIGINT;
ALTER TABLE monitoring_device_samples ADD COLUMN dram_active_ppm BIGINT;
ALTER TABLE monitoring_device_samples ADD COLUMN fp64_pipe_active_ppm BIGINT;
ALTER TABLE monitoring_device_samples ADD COLUMN fp32_pipe_active_ppm BIGINT;
ALTER TABLE monitoring_device_samples ADD COLUMN fp16_pipe_active_ppm BIGINT;
ALTER TABLE monitoring_device_samples ADD COLUMN pcie_transmit_bps BIGINT;
ALTER TABLE monitoring_device_samples ADD COLUMN pcie_receive_bps BIGINT;
ALTER TABLE monitoring_device_samples ADD COLUMN nvlink_transmit_bps BIGINT;
ALTER TABLE monitoring_device_samples ADD COLUMN nvlink_receive_bps BIGINT;
