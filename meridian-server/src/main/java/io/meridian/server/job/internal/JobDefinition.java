package io.meridian.server.job.internal;

import io.meridian.server.runtime.EnvVar;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What a plain job runs, validated: one shell command on {@code nodes} instances of one flavor, admitted against a
 * queue or quota, with no framework around it. Its run keeps this copy.
 *
 * @param codePackageId a code package mounted read-only at {@code /work/mount/code/<id>}, the command's working directory; null for none
 */
record JobDefinition(
        String workspaceId,
        String name,
        String description,
        String clusterId,
        String poolId,
        String flavorName,
        int nodes,
        String image,
        String command,
        List<EnvVar> env,
        String codePackageId)
{
    JobDefinition
    {
        requireNonNull(workspaceId, "workspaceId is null");
        requireNonNull(name, "name is null");
        requireNonNull(clusterId, "clusterId is null");
        requireNonNull(poolId, "poolId is null");
        requireNonNull(flavorName, "flavorName is null");
        requireNonNull(image, "image is null");
        requireNonNull(command, "command is null");
        env = List.copyOf(env);
    }
}
