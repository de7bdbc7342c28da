package io.meridian.server.resource;

import io.meridian.executor.slurm.SlurmConnection;

import java.util.Optional;

/**
 * How system components (the runtime) reach a cluster's own backend, with its token decrypted. Never for requests: the
 * token is never shown.
 */
public interface ClusterConnections
{
    /** The slurmrestd connection of a {@code slurm} cluster, if it has one. */
    Optional<SlurmConnection> slurm(String clusterId);
}
