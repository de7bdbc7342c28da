package io.meridian.server.resource;

import static java.util.Objects.requireNonNull;

/**
 * Published inside the transaction that registers a cluster the server found in its configuration (the Slurm of
 * {@code MERIDIAN_SLURM_URL}), so that the features which set a new cluster up for use (a default queue for its
 * tenant) do so as they do for the first start's default cluster.
 */
public record ClusterRegistered(String clusterId, String tenantId, String name)
{
    public ClusterRegistered
    {
        requireNonNull(clusterId, "clusterId is null");
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(name, "name is null");
    }
}
