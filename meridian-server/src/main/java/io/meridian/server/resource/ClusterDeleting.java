package io.meridian.server.resource;

import static java.util.Objects.requireNonNull;

/**
 * Published inside the transaction that deletes a cluster, after the resource rules and every
 * {@link ClusterDeletionGuard} allowed it: what goes with the cluster goes now. {@code tenantId} is null for a shared
 * default cluster.
 */
public record ClusterDeleting(String clusterId, String tenantId, String name)
{
    public ClusterDeleting
    {
        requireNonNull(clusterId, "clusterId is null");
        requireNonNull(name, "name is null");
    }
}
