package io.meridian.executor.slurm;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * One node of a Slurm cluster, as Meridian adopts it.
 *
 * @param address where other nodes reach it (Slurm's NodeAddr)
 * @param memoryMiB configured memory (Slurm's RealMemory)
 * @param gpus GPUs from its generic resources ({@code gpu:4}, {@code gpu:a100:8(S:0-1)})
 * @param state Slurm's state and flags as it reports them, such as {@code idle+DRAIN}
 * @param reason why an administrator or Slurm took it out of service, or empty
 */
public record SlurmNode(String name, String address, int cpus, long memoryMiB, int gpus, List<String> features, Readiness readiness, String state, String reason)
{
    public enum Readiness
    {
        READY,
        /** Down, drained or draining, failing, not responding: Meridian places nothing new there. */
        NOT_READY,
    }

    private static final Set<String> NOT_READY_STATES = Set.of("DOWN", "DRAIN", "DRAINED", "DRAINING", "FAIL", "FAILING", "FUTURE", "UNKNOWN", "NOT_RESPONDING",
            "MAINTENANCE", "POWERED_DOWN", "POWERING_DOWN", "POWER_DOWN", "REBOOT_ISSUED", "REBOOT_REQUESTED", "INVALID", "INVALID_REG");

    public SlurmNode
    {
        requireNonNull(name, "name is null");
        requireNonNull(address, "address is null");
        features = List.copyOf(requireNonNull(features, "features is null"));
        requireNonNull(readiness, "readiness is null");
        requireNonNull(state, "state is null");
        requireNonNull(reason, "reason is null");
    }

    /** Ready unless the base state or any flag marks the node out of service. */
    static Readiness readiness(String baseState, List<String> flags)
    {
        boolean out = NOT_READY_STATES.contains(baseState.toUpperCase(Locale.ROOT))
                || flags.stream().anyMatch(flag -> NOT_READY_STATES.contains(flag.toUpperCase(Locale.ROOT)));
        return out ? Readiness.NOT_READY : Readiness.READY;
    }

    /**
     * The number of GPUs in a gres string: entries separated by commas, each {@code name[:type][:count]} with an
     * optional socket list in parentheses; an entry without a count is one.
     */
    static int gpus(String gres)
    {
        int total = 0;
        // socket lists may hold commas of their own: drop them first
        for (String entry : gres.replaceAll("\\([^)]*\\)", "").split(",")) {
            String[] parts = entry.strip().split(":");
            if (!parts[0].equals("gpu")) {
                continue;
            }
            String last = parts[parts.length - 1];
            total += parts.length > 1 && last.matches("\\d+") ? Integer.parseInt(last) : 1;
        }
        return total;
    }
}
