package io.meridian.server.runtime.internal;

import io.meridian.server.runtime.GangSpec;
import io.meridian.server.runtime.RunKind;
import io.meridian.server.runtime.RunRecord;
import io.meridian.server.runtime.WorkloadOwner;
import org.springframework.stereotype.Component;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * The owner of each run kind, and each run's gang, derived once from its immutable definition copy and kept while the
 * run is active.
 */
@Component
class WorkloadOwners
{
    private final Map<RunKind, WorkloadOwner> owners = new EnumMap<>(RunKind.class);
    private final Map<String, GangSpec> gangs = new ConcurrentHashMap<>();

    WorkloadOwners(List<WorkloadOwner> owners)
    {
        for (WorkloadOwner owner : owners) {
            if (this.owners.put(owner.kind(), owner) != null) {
                throw new IllegalStateException("two owners of run kind " + owner.kind());
            }
        }
    }

    WorkloadOwner of(RunKind kind)
    {
        WorkloadOwner owner = owners.get(requireNonNull(kind, "kind is null"));
        if (owner == null) {
            throw new IllegalStateException("no owner of run kind " + kind);
        }
        return owner;
    }

    WorkloadOwner of(RunRecord run)
    {
        return of(run.kind());
    }

    GangSpec gang(RunRecord run)
    {
        return gangs.computeIfAbsent(run.id(), ignored -> of(run).gang(run));
    }

    /** Forgets the gangs of runs that are no longer active. */
    void retain(Set<String> activeRunIds)
    {
        gangs.keySet().retainAll(activeRunIds);
    }
}
