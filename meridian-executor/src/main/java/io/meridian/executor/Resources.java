package io.meridian.executor;

/**
 * What one instance asks of its node besides accelerator indices: CPUs, memory and a number of GPUs. Backends that
 * hand resources out themselves (Slurm, Kubernetes) request them; the local backend runs on this host as it is.
 * Zero means "not stated": the backend's default applies.
 *
 * @param cpus CPU cores, or 0
 * @param memoryMiB memory in MiB, or 0
 * @param gpus whole GPUs, or 0
 */
public record Resources(int cpus, long memoryMiB, int gpus)
{
    public Resources
    {
        if (cpus < 0 || memoryMiB < 0 || gpus < 0) {
            throw new IllegalArgumentException("resources must not be negative: %d CPUs, %d MiB, %d GPUs".formatted(cpus, memoryMiB, gpus));
        }
    }

    public static Resources unstated()
    {
        return new Resources(0, 0, 0);
    }

    public boolean isStated()
    {
        return cpus > 0 || memoryMiB > 0 || gpus > 0;
    }

    public Resources plus(Resources other)
    {
        return new Resources(cpus + other.cpus, memoryMiB + other.memoryMiB, gpus + other.gpus);
    }

    public Resources max(Resources other)
    {
        return new Resources(Math.max(cpus, other.cpus), Math.max(memoryMiB, other.memoryMiB), Math.max(gpus, other.gpus));
    }
}
