package io.meridian.server.job.internal;

import io.meridian.executor.distributed.Framework;
import io.meridian.executor.distributed.ReplicaRole;
import io.meridian.server.platform.persistence.Json;
import io.meridian.server.quota.WorkloadType;
import io.meridian.server.runtime.FaultTolerance;
import io.meridian.server.runtime.GangSpec;
import io.meridian.server.runtime.RunKind;
import io.meridian.server.runtime.RunRecord;
import io.meridian.server.runtime.SuccessPolicy;
import io.meridian.server.runtime.WorkloadOwner;
import io.meridian.server.scheduling.TopologyPreference;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plain job as the runtime runs it: {@code nodes} workers of one flavor, each told its index, the gang's size and
 * every member's address ({@link Framework#PLAIN}); it succeeds when every instance exits 0 and fails with the first
 * that does not (no restarts). This whole class is what a new kind of work adds to the runtime.
 */
@Component
class JobOwner
        implements WorkloadOwner
{
    static JobDefinition definition(RunRecord run)
    {
        return Json.read(run.definition(), JobDefinition.class);
    }

    @Override
    public RunKind kind()
    {
        return RunKind.JOB;
    }

    @Override
    public GangSpec gang(RunRecord run)
    {
        JobDefinition job = definition(run);
        Map<String, String> env = new LinkedHashMap<>();
        job.env().forEach(variable -> env.put(variable.name(), variable.value()));
        return new GangSpec(
                // a plain job is custom training to queues and quotas: the spec's workload types have no other home for it
                new GangSpec.Target(job.clusterId(), job.poolId(), WorkloadType.TRAINING, job.nodes() > 1 ? TopologyPreference.PREFER_SAME_SWITCH : TopologyPreference.NONE),
                List.of(new GangSpec.RoleGroup(ReplicaRole.WORKER, job.nodes(), job.flavorName())),
                new GangSpec.Launch(Framework.PLAIN, 1, job.image(), job.command(), env, job.codePackageId()),
                FaultTolerance.OFF,
                SuccessPolicy.ALL_INSTANCES);
    }
}
