package io.meridian.server.runtime;

import io.meridian.executor.Mount;
import io.meridian.executor.distributed.Framework;
import io.meridian.executor.distributed.ReplicaRole;
import io.meridian.server.quota.WorkloadType;
import io.meridian.server.scheduling.TopologyPreference;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * What the runtime needs to run a gang, whatever kind of work it is: where it asks for resources, its instances by
 * role, how each starts, and how it recovers and succeeds. A {@link WorkloadOwner} derives it from its own definition.
 *
 * @param roles the instance groups in rank order (the coordinator first), each of its own flavor
 */
public record GangSpec(Target target, List<RoleGroup> roles, Launch launch, FaultTolerance faultTolerance, SuccessPolicy successPolicy)
{
    public GangSpec
    {
        requireNonNull(target, "target is null");
        roles = List.copyOf(requireNonNull(roles, "roles is null"));
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("a gang has at least one instance group");
        }
        requireNonNull(launch, "launch is null");
        requireNonNull(faultTolerance, "faultTolerance is null");
        requireNonNull(successPolicy, "successPolicy is null");
    }

    /**
     * The cluster and the queue or quota ({@code poolId}) the gang is admitted against, as which type of work (the pool
     * must accept it), and how the scheduler should place a gang of several nodes.
     */
    public record Target(String clusterId, String poolId, WorkloadType workloadType, TopologyPreference topology)
    {
        public Target
        {
            requireNonNull(clusterId, "clusterId is null");
            requireNonNull(poolId, "poolId is null");
            requireNonNull(workloadType, "workloadType is null");
            requireNonNull(topology, "topology is null");
        }
    }

    public record RoleGroup(ReplicaRole role, int count, String flavorName)
    {
        public RoleGroup
        {
            requireNonNull(role, "role is null");
            requireNonNull(flavorName, "flavorName is null");
            if (count < 1) {
                throw new IllegalArgumentException("a role group has at least one instance: " + role);
            }
        }
    }

    /**
     * How every instance starts: the rendezvous environment {@code framework} gives each (ranks, addresses, TF_CONFIG,
     * a DeepSpeed hostfile), the {@code image} (a preset environment), the shell {@code command} and the user's
     * variables, run in the code package's directory if there is one, else in {@code /work/home}; {@code mounts} are
     * the assets (datasets) presented read-only under {@code /work/mount/<kind>/<name>}.
     */
    public record Launch(Framework framework, int nprocPerNode, String image, String command, Map<String, String> env, String codePackageId, List<Mount> mounts)
    {
        public Launch
        {
            requireNonNull(framework, "framework is null");
            requireNonNull(image, "image is null");
            requireNonNull(command, "command is null");
            // ordered as the user wrote them
            env = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(env, "env is null")));
            mounts = List.copyOf(requireNonNull(mounts, "mounts is null"));
        }

        /** A launch that mounts no assets besides its code package. */
        public Launch(Framework framework, int nprocPerNode, String image, String command, Map<String, String> env, String codePackageId)
        {
            this(framework, nprocPerNode, image, command, env, codePackageId, List.of());
        }

        /** The container path the command starts in: the code package if there is one (the CLI's {@code --code-dir}), else home. */
        public String workingDir()
        {
            return codePackageId == null ? "/work/home" : "/work/mount/code/" + codePackageId;
        }
    }

    public int instanceCount()
    {
        return roles.stream().mapToInt(RoleGroup::count).sum();
    }
}
