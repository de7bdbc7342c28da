package io.meridian.executor.device;

import io.meridian.executor.DeviceVendor;
import io.meridian.executor.usage.DeviceMetrics;
import io.meridian.executor.usage.ProfilingField;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the current metrics of this host's accelerators from the vendor tools: {@code nvidia-smi} for NVIDIA GPUs,
 * {@code npu-smi} for Ascend NPUs, and NVIDIA DCGM's {@code dcgmi} for the fine-grained GPU metrics. A host without the tools (or without devices) has no device metrics, and says so
 * through {@link #isAvailable()}: nothing is ever made up.
 */
public interface DeviceMetricsProbe
{
    /**
     * What {@code nvidia-smi} is asked for, in this column order.
     */
    String NVIDIA_SMI_QUERY = "--query-gpu=index,utilization.gpu,memory.used,memory.total,temperature.gpu,power.draw";

    long MIB = 1024 * 1024;

    /**
     * What {@code dcgmi dmon} is asked for: every {@link ProfilingField}, in this column order, one sample.
     */
    List<String> DCGMI_DMON_ARGUMENTS = List.of("dmon", "-e",
            Arrays.stream(ProfilingField.values()).map(field -> String.valueOf(field.dcgmFieldId())).collect(Collectors.joining(",")), "-c", "1");

    /**
     * Current metrics of every card of this host; empty when there are none.
     */
    List<DeviceMetrics> sample();

    /**
     * Whether this probe can report anything on this host at all.
     */
    boolean isAvailable();

    static DeviceMetricsProbe none()
    {
        return new DeviceMetricsProbe()
        {
            @Override
            public List<DeviceMetrics> sample()
            {
                return List.of();
            }

            @Override
            public boolean isAvailable()
            {
                return false;
            }
        };
    }

    /**
     * Runs {@code nvidia-smi} and {@code npu-smi} on every {@link #sample()} if they are on the PATH (looked up
     * once); without either, the same as {@link #none()}. Where DCGM's {@code dcgmi} is on the PATH too, NVIDIA cards
     * get its fine-grained metrics.
     */
    static DeviceMetricsProbe host()
    {
        Optional<Path> nvidiaSmi = Tools.findOnPath("nvidia-smi");
        Optional<Path> npuSmi = Tools.findOnPath("npu-smi");
        Optional<Path> dcgmi = Tools.findOnPath("dcgmi");
        if (nvidiaSmi.isEmpty() && npuSmi.isEmpty()) {
            return none();
        }
        return new DeviceMetricsProbe()
        {
            @Override
            public List<DeviceMetrics> sample()
            {
                List<DeviceMetrics> metrics = new ArrayList<>();
                nvidiaSmi.ifPresent(tool -> {
                    List<DeviceMetrics> gpus = parseNvidiaSmiQuery(Tools.run(tool, NVIDIA_SMI_QUERY, "--format=csv,noheader,nounits"));
                    Map<Integer, Map<ProfilingField, Double>> profiling = dcgmi
                            .map(dcgm -> parseDcgmiDmon(Tools.run(dcgm, DCGMI_DMON_ARGUMENTS.toArray(String[]::new))))
                            .orElse(Map.of());
                    gpus.forEach(gpu -> metrics.add(gpu.withProfiling(profiling.getOrDefault(gpu.index(), Map.of()))));
                });
                npuSmi.ifPresent(tool -> metrics.addAll(parseNpuSmiInfo(Tools.run(tool, "info"))));
                return List.copyOf(metrics);
            }

            @Override
            public boolean isAvailable()
            {
                return true;
            }
        };
    }

    /**
     * Parses the output of {@code nvidia-smi} with {@link #NVIDIA_SMI_QUERY} and
     * {@code --format=csv,noheader,nounits}: {@code 0, 87, 30512, 81920, 61, 312.45} per card (utilization %,
     * memory in MiB, temperature °C, power W). {@code [N/A]} and {@code [Not Supported]} become absent values;
     * lines that are not such rows (driver errors) are skipped.
     */
    static List<DeviceMetrics> parseNvidiaSmiQuery(String output)
    {
        List<DeviceMetrics> metrics = new ArrayList<>();
        for (String line : output.lines().toList()) {
            String[] fields = line.split(",", -1);
            if (fields.length != 6 || !fields[0].strip().matches("\\d+")) {
                continue;
            }
            OptionalDouble memoryUsed = number(fields[2]);
            OptionalDouble memoryTotal = number(fields[3]);
            metrics.add(new DeviceMetrics(
                    DeviceVendor.NVIDIA,
                    Integer.parseInt(fields[0].strip()),
                    number(fields[1]),
                    mebibytes(memoryUsed),
                    mebibytes(memoryTotal),
                    number(fields[4]),
                    number(fields[5]),
                    Optional.empty()));
        }
        return List.copyOf(metrics);
    }

    /**
     * Parses the card table of {@code npu-smi info}. Each card takes two rows:
     * <pre>
     * | 0     910B3               | OK            | 95.5        36                0    / 0             |
     * | 0                         | 0000:C1:00.0  | 0           0    / 0          3388 / 65536         |
     * </pre>
     * the first with NPU id, name, health, power (W), temperature (°C) and huge pages, the second with chip, bus id,
     * AI core usage (%), memory usage and — on cards with HBM — HBM usage (MB, used / total). Device memory is the
     * HBM when the card reports it, else the memory column. Health {@code OK} is healthy; anything else (Warning,
     * Alarm, Critical) is not. The process table that follows is ignored.
     */
    static List<DeviceMetrics> parseNpuSmiInfo(String output)
    {
        Pattern cardRow = Pattern.compile("^(\\d+)\\s+\\S.*$");
        Pattern chipRow = Pattern.compile("^\\d+$");
        Pattern usage = Pattern.compile("(\\d+)\\s*/\\s*(\\d+)");
        List<DeviceMetrics> metrics = new ArrayList<>();
        List<String> lines = output.lines().toList();
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).contains("Process id")) {
                break;
            }
            String[] card = cells(lines.get(i));
            String[] chip = cells(lines.get(i + 1));
            if (card.length < 3 || chip.length < 3) {
                continue;
            }
            Matcher cardMatcher = cardRow.matcher(card[0]);
            if (!cardMatcher.matches() || !chipRow.matcher(chip[0]).matches()) {
                continue;
            }
            String[] powerAndTemperature = card[2].split("\\s+");
            String[] chipUsage = chip[2].split("\\s+", 2);
            List<long[]> pairs = new ArrayList<>();
            if (chipUsage.length > 1) {
                Matcher pair = usage.matcher(chipUsage[1]);
                while (pair.find()) {
                    pairs.add(new long[] {Long.parseLong(pair.group(1)), Long.parseLong(pair.group(2))});
                }
            }
            // the HBM pair (last) when it has a capacity, else the memory pair
            Optional<long[]> memory = pairs.reversed().stream().filter(pair -> pair[1] > 0).findFirst();
            metrics.add(new DeviceMetrics(
                    DeviceVendor.ASCEND,
                    Integer.parseInt(cardMatcher.group(1)),
                    number(chipUsage[0]),
                    memory.map(pair -> OptionalLong.of(pair[0] * MIB)).orElse(OptionalLong.empty()),
                    memory.map(pair -> OptionalLong.of(pair[1] * MIB)).orElse(OptionalLong.empty()),
                    powerAndTemperature.length > 1 ? number(powerAndTemperature[1]) : OptionalDouble.empty(),
                    number(powerAndTemperature[0]),
                    Optional.of(card[1].strip().toUpperCase(Locale.ROOT).equals("OK"))));
            i++;
        }
        return List.copyOf(metrics);
    }

    /**
     * Parses {@code dcgmi dmon} with {@link #DCGMI_DMON_ARGUMENTS}: after the header lines ({@code #Entity …} with the
     * fields' short names, {@code ID}), one line per GPU, {@code GPU 0  1410  1215  12.000  0.874 …}, the values in the
     * order the fields were asked for; {@code N/A} where the card does not support a field (FP64 on an L40S). Card
     * index to the fields it reported; other entities (MIG instances {@code GPU-I}) and lines that are not such rows
     * (DCGM errors, host engine not running) are skipped.
     */
    static Map<Integer, Map<ProfilingField, Double>> parseDcgmiDmon(String output)
    {
        ProfilingField[] fields = ProfilingField.values();
        Map<Integer, Map<ProfilingField, Double>> cards = new TreeMap<>();
        for (String line : output.lines().toList()) {
            String[] words = line.strip().split("\\s+");
            if (words.length != fields.length + 2 || !words[0].equals("GPU") || !words[1].matches("\\d+")) {
                continue;
            }
            Map<ProfilingField, Double> values = new EnumMap<>(ProfilingField.class);
            for (int i = 0; i < fields.length; i++) {
                OptionalDouble value = number(words[i + 2]);
                if (value.isPresent()) {
                    values.put(fields[i], value.getAsDouble());
                }
            }
            cards.put(Integer.parseInt(words[1]), values);
        }
        return cards;
    }

    private static String[] cells(String line)
    {
        String trimmed = line.strip();
        if (!trimmed.startsWith("|") || !trimmed.endsWith("|") || trimmed.length() < 2) {
            return new String[0];
        }
        String[] cells = trimmed.substring(1, trimmed.length() - 1).split("\\|");
        for (int i = 0; i < cells.length; i++) {
            cells[i] = cells[i].strip();
        }
        return cells;
    }

    private static OptionalDouble number(String text)
    {
        try {
            return OptionalDouble.of(Double.parseDouble(text.strip()));
        }
        catch (NumberFormatException e) {
            // [N/A], [Not Supported], NA
            return OptionalDouble.empty();
        }
    }

    private static OptionalLong mebibytes(OptionalDouble value)
    {
        return value.isPresent() ? OptionalLong.of(Math.round(value.getAsDouble() * MIB)) : OptionalLong.empty();
    }
}
