package io.meridian.executor.device;

import io.meridian.executor.DeviceVendor;
import io.meridian.executor.usage.DeviceMetrics;
import io.meridian.executor.usage.ProfilingField;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The vendor tools' output is parsed from recorded text: this build host has no accelerators.
 */
final class DeviceMetricsProbeTest
{
    private static final long MIB = 1024 * 1024;

    @Test
    void parsesNvidiaSmiQueryOutput()
    {
        // nvidia-smi --query-gpu=index,utilization.gpu,memory.used,memory.total,temperature.gpu,power.draw --format=csv,noheader,nounits
        String output = """
                0, 87, 30512, 81920, 61, 312.45
                1, 0, 4, 81920, 34, 63.12
                2, [N/A], 0, 15360, 40, [Not Supported]
                """;
        List<DeviceMetrics> metrics = DeviceMetricsProbe.parseNvidiaSmiQuery(output);

        assertThat(metrics).containsExactly(
                new DeviceMetrics(DeviceVendor.NVIDIA, 0, OptionalDouble.of(87), OptionalLong.of(30512 * MIB), OptionalLong.of(81920 * MIB), OptionalDouble.of(61), OptionalDouble.of(312.45), Optional.empty()),
                new DeviceMetrics(DeviceVendor.NVIDIA, 1, OptionalDouble.of(0), OptionalLong.of(4 * MIB), OptionalLong.of(81920 * MIB), OptionalDouble.of(34), OptionalDouble.of(63.12), Optional.empty()),
                new DeviceMetrics(DeviceVendor.NVIDIA, 2, OptionalDouble.empty(), OptionalLong.of(0), OptionalLong.of(15360 * MIB), OptionalDouble.of(40), OptionalDouble.empty(), Optional.empty()));
    }

    @Test
    void asksDcgmForEveryFineGrainedFieldOnce()
    {
        assertThat(DeviceMetricsProbe.DCGMI_DMON_ARGUMENTS)
                .containsExactly("dmon", "-e", "110,111,204,1001,1002,1003,1004,1005,1006,1007,1008,1009,1010,1011,1012", "-c", "1");
    }

    @Test
    void parsesDcgmiDmonOutputPerCard()
    {
        // dcgmi dmon -e 110,111,204,1001,...,1012 -c 1 on two cards, the second without FP64 (an L40S) and idle
        String output = """
                #Entity   SACLK  MACLK  MCUTL  GRACT  SMACT  SMOCC  TENSO  DRAMA  FP64A  FP32A  FP16A  PCITX        PCIRX        NVLTX        NVLRX
                ID
                GPU 0     1410   1593   23     0.874  0.802  0.411  0.352  0.486  0.000  0.215  0.004  1273940123   402113876    8812345678   8809876543
                GPU 1     2040   9001   0      0.000  0.000  0.000  0.000  0.000  N/A    0.000  0.000  0            0            N/A          N/A
                GPU-I 0   N/A    N/A    N/A    N/A    N/A    N/A    N/A    N/A    N/A    N/A    N/A    N/A          N/A          N/A          N/A
                """;

        Map<Integer, Map<ProfilingField, Double>> cards = DeviceMetricsProbe.parseDcgmiDmon(output);

        assertThat(cards).containsOnlyKeys(0, 1);
        assertThat(cards.get(0)).hasSize(ProfilingField.values().length)
                .containsEntry(ProfilingField.APP_SM_CLOCK, 1410.0)
                .containsEntry(ProfilingField.MEMORY_COPY_UTILIZATION, 23.0)
                .containsEntry(ProfilingField.SM_ACTIVE, 0.802)
                .containsEntry(ProfilingField.TENSOR_PIPE_ACTIVE, 0.352)
                .containsEntry(ProfilingField.PCIE_TRANSMIT, 1273940123.0)
                .containsEntry(ProfilingField.NVLINK_RECEIVE, 8809876543.0);
        assertThat(cards.get(1))
                .doesNotContainKeys(ProfilingField.FP64_PIPE_ACTIVE, ProfilingField.NVLINK_TRANSMIT, ProfilingField.NVLINK_RECEIVE)
                .containsEntry(ProfilingField.SM_ACTIVE, 0.0);
        assertThat(DeviceMetricsProbe.parseDcgmiDmon("Error: unable to establish a connection to the specified host: localhost")).isEmpty();
    }

    @Test
    void aFailingDriverGivesNoMetrics()
    {
        assertThat(DeviceMetricsProbe.parseNvidiaSmiQuery("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.")).isEmpty();
        assertThat(DeviceMetricsProbe.parseNvidiaSmiQuery("")).isEmpty();
        assertThat(DeviceMetricsProbe.parseNpuSmiInfo("dcmi model initialized failed, because the device is used. ret is -8020")).isEmpty();
    }

    @Test
    void parsesNpuSmiInfoCardTable()
    {
        String output = """
                +------------------------------------------------------------------------------------------------+
                | npu-smi 23.0.rc3                 Version: 23.0.rc3                                             |
                +---------------------------+---------------+----------------------------------------------------+
                | NPU   Name                | Health        | Power(W)    Temp(C)           Hugepages-Usage(page)|
                | Chip                      | Bus-Id        | AICore(%)   Memory-Usage(MB)  HBM-Usage(MB)        |
                +===========================+===============+====================================================+
                | 0     910B3               | OK            | 95.5        36                0    / 0             |
                | 0                         | 0000:C1:00.0  | 42          0    / 0          3388 / 65536         |
                +===========================+===============+====================================================+
                | 1     910B3               | Warning       | NA          35                0    / 0             |
                | 0                         | 0000:C2:00.0  | 0           0    / 0          3385 / 65536         |
                +===========================+===============+====================================================+
                +---------------------------+---------------+----------------------------------------------------+
                | NPU     Chip              | Process id    | Process name             | Process memory(MB)      |
                +===========================+===============+====================================================+
                | 0       0                 | 12345         | python3                  | 3100                    |
                +===========================+===============+====================================================+
                """;
        assertThat(DeviceMetricsProbe.parseNpuSmiInfo(output)).containsExactly(
                new DeviceMetrics(DeviceVendor.ASCEND, 0, OptionalDouble.of(42), OptionalLong.of(3388 * MIB), OptionalLong.of(65536 * MIB), OptionalDouble.of(36), OptionalDouble.of(95.5), Optional.of(true)),
                new DeviceMetrics(DeviceVendor.ASCEND, 1, OptionalDouble.of(0), OptionalLong.of(3385 * MIB), OptionalLong.of(65536 * MIB), OptionalDouble.of(35), OptionalDouble.empty(), Optional.of(false)));
    }

    @Test
    void npuCardsWithoutHbmReportTheirMemoryColumn()
    {
        String output = """
                | NPU   Name                | Health        | Power(W)    Temp(C)           Hugepages-Usage(page)|
                | Chip                      | Bus-Id        | AICore(%)   Memory-Usage(MB)                       |
                +===========================+===============+====================================================+
                | 3     310P3               | OK            | 12.0        48                0    / 0             |
                | 0                         | 0000:01:00.0  | 7           1532 / 21527                           |
                +===========================+===============+====================================================+
                """;
        assertThat(DeviceMetricsProbe.parseNpuSmiInfo(output)).containsExactly(
                new DeviceMetrics(DeviceVendor.ASCEND, 3, OptionalDouble.of(7), OptionalLong.of(1532 * MIB), OptionalLong.of(21527 * MIB), OptionalDouble.of(48), OptionalDouble.of(12.0), Optional.of(true)));
    }

    @Test
    void aHostWithoutVendorToolsHasNoDeviceMetrics()
    {
        boolean toolPresent = Stream.of(System.getenv("PATH").split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, "nvidia-smi")) || Files.isExecutable(Path.of(dir, "npu-smi")));
        assumeTrue(!toolPresent, "this host has accelerator tools");

        DeviceMetricsProbe probe = DeviceMetricsProbe.host();
        assertThat(probe.isAvailable()).isFalse();
        assertThat(probe.sample()).isEmpty();
    }
}
