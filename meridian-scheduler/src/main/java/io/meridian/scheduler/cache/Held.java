package io.meridian.scheduler.cache;

/**
 * Cards and CPU cores a user or tenant already holds outside the running workloads of a cycle (in other clusters), in
 * the units of {@link Limit}: counted against its limit as if those workloads ran here.
 */
public record Held(long cards, long cpuCores)
{
    public static final Held NONE = new Held(0, 0);

    public Held
    {
        if (cards < 0 || cpuCores < 0) {
            throw new IllegalArgumentException("negative holding");
        }
    }

    public Held plus(Held other)
    {
        return new Held(cards + other.cards, cpuCores + other.cpuCores);
    }
}
