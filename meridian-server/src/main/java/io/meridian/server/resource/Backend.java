package io.meridian.server.resource;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The execution backends a cluster may name. {@code local} and {@code slurm} (a cluster with a connection to its
 * slurmrestd) run in this version; {@code kubernetes} is accepted so a cluster can be described, and is reported
 * unavailable rather than pretended.
 */
public enum Backend
{
    LOCAL(true), KUBERNETES(false), SLURM(true);

    private final boolean available;

    Backend(boolean available)
    {
        this.available = available;
    }

    public String id()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean available()
    {
        return available;
    }

    public static Optional<Backend> parse(String id)
    {
        return Arrays.stream(values()).filter(backend -> backend.id().equals(id)).findFirst();
    }
}
