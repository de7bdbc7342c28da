package io.meridian.server.resource.internal;

import io.meridian.executor.slurm.SlurmConnection;
import io.meridian.server.resource.ClusterConnections;
import org.springframework.stereotype.Component;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

@Component
class StoredClusterConnections
        implements ClusterConnections
{
    private final ClusterConnectionRepository connections;

    StoredClusterConnections(ClusterConnectionRepository connections)
    {
        this.connections = requireNonNull(connections, "connections is null");
    }

    @Override
    public Optional<SlurmConnection> slurm(String clusterId)
    {
        return connections.find(requireNonNull(clusterId, "clusterId is null")).map(ClusterConnection::slurm);
    }
}
