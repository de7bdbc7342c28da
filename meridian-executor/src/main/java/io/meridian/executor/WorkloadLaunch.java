package io.meridian.executor;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The instances of one admitted and placed workload, launched together, as one tenant's.
 */
public record WorkloadLaunch(String workloadId, Tenancy tenancy, List<InstanceSpec> instances)
{
    public WorkloadLaunch
    {
        Ids.check("workload id", workloadId);
        requireNonNull(tenancy, "tenancy is null");
        instances = List.copyOf(requireNonNull(instances, "instances is null"));
        if (instances.isEmpty()) {
            throw new IllegalArgumentException("a workload launches at least one instance");
        }
        Set<String> ids = new HashSet<>();
        for (InstanceSpec instance : instances) {
            if (!ids.add(instance.id())) {
                throw new IllegalArgumentException("duplicate instance id: " + instance.id());
            }
            instance.env().forEach((name, value) -> EnvRules.checkInstanceVariable(name, value).ifPresent(violation -> {
                throw new IllegalArgumentException("environment variable %s of %s refused: %s".formatted(name, instance.id(), violation));
            }));
        }
    }

    /** A workload of the installation's only tenant ({@link Tenancy#single()}). */
    public WorkloadLaunch(String workloadId, List<InstanceSpec> instances)
    {
        this(workloadId, Tenancy.single(), instances);
    }
}
